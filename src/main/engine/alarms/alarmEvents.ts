import {
  ALARM_CONDITIONS,
  ALARM_HISTORY_LIMIT,
  ALARM_SEVERITIES,
  ALARM_STATES,
  type AlarmCondition,
  type AlarmRecord,
  type AlarmSeverity,
  type AlarmState,
  type ShelvedKey
} from '@shared/alarms'

/**
 * One line of the alarm journal. `open` is a checkpoint: the journal writes one per open alarm at
 * the head of a fresh file after rotating, so replaying the current file alone restores them.
 */
export type AlarmRecordEventKind = 'raised' | 'acked' | 'cleared' | 'closed' | 'open'
export type ShelfEventKind = 'shelved' | 'unshelved'

/**
 * `reason`: why the engine, not an operator or a value, changed it (e.g. its source was removed).
 * `origin`: the console it came from (alarmSync) when another console's event caused it; absent:
 * this console (its operator, its sensors). Journals written before `origin` read the same.
 */
export type AlarmEvent =
  | { event: AlarmRecordEventKind; at: number; alarm: AlarmRecord; reason?: string; origin?: string }
  | { event: ShelfEventKind; at: number; shelf: ShelvedKey; reason?: string; origin?: string }

const RECORD_EVENTS: readonly string[] = ['raised', 'acked', 'cleared', 'closed', 'open']

const isString = (v: unknown): v is string => typeof v === 'string'
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isNullableFinite = (v: unknown): boolean => v === null || isFinite(v)
const isNullableString = (v: unknown): boolean => v === null || isString(v)
const isSensorValue = (v: unknown): boolean => isFinite(v) || typeof v === 'boolean' || isString(v)
const isNullableValue = (v: unknown): boolean => v === null || isSensorValue(v)

export function isAlarmRecord(raw: unknown): raw is AlarmRecord {
  if (typeof raw !== 'object' || raw === null) return false
  const r = raw as Record<string, unknown>
  return (
    isString(r.id) &&
    r.id.length > 0 &&
    isString(r.key) &&
    isString(r.source) &&
    isString(r.label) &&
    (ALARM_CONDITIONS as readonly string[]).includes(r.condition as AlarmCondition) &&
    (ALARM_SEVERITIES as readonly string[]).includes(r.severity as AlarmSeverity) &&
    (ALARM_STATES as readonly string[]).includes(r.state as AlarmState) &&
    isNullableFinite(r.threshold) &&
    isNullableValue(r.value) &&
    isNullableValue(r.lastValue) &&
    isString(r.unit) &&
    isFinite(r.raisedAt) &&
    isNullableFinite(r.clearedAt) &&
    isNullableFinite(r.ackedAt) &&
    isNullableString(r.ackedBy) &&
    (r.raisedOn === undefined || isString(r.raisedOn)) &&
    (r.ackedOn === undefined || isString(r.ackedOn))
  )
}

export function isShelvedKey(raw: unknown): raw is ShelvedKey {
  if (typeof raw !== 'object' || raw === null) return false
  const s = raw as Record<string, unknown>
  return isString(s.key) && isString(s.label) && isFinite(s.until) && isString(s.by) && isFinite(s.at)
}

/** A journal line's event, or `null` when it is not one (torn, hand-edited, foreign). */
export function parseAlarmEvent(raw: unknown): AlarmEvent | null {
  if (typeof raw !== 'object' || raw === null) return null
  const e = raw as Record<string, unknown>
  if (!isFinite(e.at) || !isString(e.event)) return null
  const reason = {
    ...(isString(e.reason) ? { reason: e.reason } : {}),
    ...(isString(e.origin) ? { origin: e.origin } : {})
  }
  if (RECORD_EVENTS.includes(e.event)) {
    if (!isAlarmRecord(e.alarm)) return null
    return { event: e.event as AlarmRecordEventKind, at: e.at, alarm: { ...e.alarm }, ...reason }
  }
  if (e.event === 'shelved' || e.event === 'unshelved') {
    if (!isShelvedKey(e.shelf)) return null
    return { event: e.event, at: e.at, shelf: { ...e.shelf }, ...reason }
  }
  return null
}

/** What survives a restart: the open alarms, the shelves and recent history, replayed from a journal. */
export interface RestoredAlarms {
  alarms: AlarmRecord[]
  shelves: ShelvedKey[]
  /** The last closed alarms, newest first (at most `ALARM_HISTORY_LIMIT`). */
  history?: AlarmRecord[]
}

/**
 * Folds events, in order, into the alarms still open, the shelves still in force and the last
 * `ALARM_HISTORY_LIMIT` alarms closed (each once, however often its close was journaled).
 */
export function replayAlarmEvents(events: Iterable<AlarmEvent>): RestoredAlarms {
  const open = new Map<string, AlarmRecord>()
  const shelves = new Map<string, ShelvedKey>()
  // Closed alarms in closing order; a re-close (a checkpoint's copy) moves it to the end.
  const closed = new Map<string, AlarmRecord>()
  for (const e of events) {
    if ('alarm' in e) {
      if (e.event === 'closed' || e.alarm.state === 'closed') {
        open.delete(e.alarm.id)
        closed.delete(e.alarm.id)
        closed.set(e.alarm.id, { ...e.alarm, state: 'closed' })
        // Bounded while replaying a long journal: only the newest are kept.
        if (closed.size > ALARM_HISTORY_LIMIT) closed.delete(closed.keys().next().value as string)
      } else open.set(e.alarm.id, e.alarm)
    } else if (e.event === 'shelved') {
      shelves.set(e.shelf.key, e.shelf)
    } else {
      shelves.delete(e.shelf.key)
    }
  }
  return {
    alarms: [...open.values()],
    shelves: [...shelves.values()],
    history: [...closed.values()].reverse()
  }
}
