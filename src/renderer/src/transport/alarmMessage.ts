import {
  ALARM_CONDITIONS,
  ALARM_SEVERITIES,
  ALARM_STATES,
  type AlarmRecord,
  type AlarmSummary,
  type ShelvedKey
} from '@shared/alarms'
import type { SensorValue } from '@shared/model'
import { CONSOLE_NAME_PATTERN } from '@shared/alarmSync'
import { isFiniteNumber, isObj, numOrNull, str } from './messageFields'

/**
 * Validation of the alarm parts of engine messages (`alarms`, `hello.alarms`, `snapshot.alarms`).
 * A broken record is dropped on its own; a broken summary becomes an empty one. Never throws.
 */

/** A sensor value as the model allows it: a finite number, a boolean or a string; else null. */
export function sensorValueOrNull(v: unknown): SensorValue | null {
  if (typeof v === 'boolean' || typeof v === 'string') return v
  return isFiniteNumber(v) ? v : null
}

export function parseAlarmRecord(raw: unknown): AlarmRecord | null {
  if (!isObj(raw)) return null
  const id = str(raw.id)
  const key = str(raw.key)
  const condition = ALARM_CONDITIONS.find((c) => c === raw.condition)
  const state = ALARM_STATES.find((s) => s === raw.state)
  if (!id || !key || !condition || !state || !isFiniteNumber(raw.raisedAt)) return null
  const severity =
    ALARM_SEVERITIES.find((s) => s === raw.severity) ?? (condition === 'stale' ? 'stale' : 'alarm')
  const value = sensorValueOrNull(raw.value)
  return {
    id,
    key,
    source: str(raw.source) ?? key.split('/')[0],
    label: str(raw.label) ?? key,
    condition,
    severity,
    state,
    threshold: numOrNull(raw.threshold),
    value,
    lastValue: 'lastValue' in raw ? sensorValueOrNull(raw.lastValue) : value,
    unit: str(raw.unit) ?? '',
    raisedAt: raw.raisedAt,
    clearedAt: numOrNull(raw.clearedAt),
    ackedAt: numOrNull(raw.ackedAt),
    ackedBy: str(raw.ackedBy),
    ...consoleField('raisedOn', raw.raisedOn),
    ...consoleField('ackedOn', raw.ackedOn)
  }
}

/** alarmSync's console names (`raisedOn`, `ackedOn`): present only when valid. */
function consoleField<K extends 'raisedOn' | 'ackedOn'>(name: K, v: unknown): Partial<Record<K, string>> {
  return typeof v === 'string' && CONSOLE_NAME_PATTERN.test(v) ? ({ [name]: v } as Record<K, string>) : {}
}

export function parseShelvedKey(raw: unknown): ShelvedKey | null {
  if (!isObj(raw)) return null
  const key = str(raw.key)
  if (!key || !isFiniteNumber(raw.until)) return null
  return {
    key,
    label: str(raw.label) ?? key,
    until: raw.until,
    by: str(raw.by) ?? '',
    at: isFiniteNumber(raw.at) ? raw.at : raw.until
  }
}

export function parseAlarmList(items: unknown): AlarmRecord[] {
  return listOf(items, parseAlarmRecord)
}

/** A summary; anything missing or broken is an empty list, never an exception. */
export function parseAlarmSummary(raw: unknown): AlarmSummary {
  if (!isObj(raw)) return emptyAlarmSummary()
  return {
    alarms: parseAlarmList(raw.alarms),
    shelved: listOf(raw.shelved, parseShelvedKey),
    history: parseAlarmList(raw.history)
  }
}

export function emptyAlarmSummary(): AlarmSummary {
  return { alarms: [], shelved: [], history: [] }
}

function listOf<T>(items: unknown, parse: (v: unknown) => T | null): T[] {
  if (!Array.isArray(items)) return []
  const out: T[] = []
  for (const item of items) {
    const parsed = parse(item)
    if (parsed !== null) out.push(parsed)
  }
  return out
}
