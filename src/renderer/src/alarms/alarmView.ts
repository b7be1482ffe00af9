import type { AlarmCondition, AlarmRecord, AlarmState, ShelvedKey } from '@shared/alarms'
import { DASH } from '../format/dash'
import { formatSensorValue } from '../format/sensorValue'

/** How the alarm list reads: ordering, words for states and conditions, shelving time left. */

/** Newest first (by raise time, then id so equal times keep one order). */
export function sortAlarms(alarms: readonly AlarmRecord[]): AlarmRecord[] {
  return [...alarms].sort((a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}

/** Closed alarms, most recently closed first. */
export function sortHistory(alarms: readonly AlarmRecord[]): AlarmRecord[] {
  const closedAt = (a: AlarmRecord): number => Math.max(a.clearedAt ?? a.raisedAt, a.ackedAt ?? a.raisedAt)
  return [...alarms].sort((a, b) => closedAt(b) - closedAt(a) || b.raisedAt - a.raisedAt)
}

const STATE_LABELS: Record<AlarmState, string> = {
  'active-unacked': 'Active · unacked',
  'active-acked': 'Active · acked',
  'cleared-unacked': 'Cleared · unacked',
  closed: 'Closed'
}

export function alarmStateLabel(state: AlarmState): string {
  return STATE_LABELS[state]
}

const CONDITION_LABELS: Record<AlarmCondition, string> = {
  'high-alarm': 'High alarm',
  'high-warn': 'High warning',
  'low-warn': 'Low warning',
  'low-alarm': 'Low alarm',
  stale: 'Stale (no data)',
  'price-above': 'Price above',
  'price-below': 'Price below'
}

export function conditionLabel(condition: AlarmCondition): string {
  return CONDITION_LABELS[condition]
}

/** An alarm still waits for an operator (ISA-18.2: unacknowledged, active or already cleared). */
export function needsAck(alarm: Pick<AlarmRecord, 'state'>): boolean {
  return alarm.state === 'active-unacked' || alarm.state === 'cleared-unacked'
}

export function unackedAlarms(alarms: readonly AlarmRecord[]): AlarmRecord[] {
  return sortAlarms(alarms.filter(needsAck))
}

/** "97.2 °C", "ON", a text state, or a dash; never NaN. */
export function formatAlarmValue(value: AlarmRecord['value'], unit: string): string {
  const text = formatSensorValue(value)
  return text === DASH || typeof value !== 'number' || unit === '' ? text : `${text} ${unit}`
}

/** What the limit was: "> 95 °C", "< 10", "no data" (stale). */
export function formatThreshold(alarm: Pick<AlarmRecord, 'condition' | 'threshold' | 'unit'>): string {
  if (alarm.condition === 'stale') return 'no data'
  if (alarm.threshold === null) return DASH
  const low =
    alarm.condition === 'low-alarm' || alarm.condition === 'low-warn' || alarm.condition === 'price-below'
  return `${low ? '<' : '>'} ${formatAlarmValue(alarm.threshold, alarm.unit)}`
}

/**
 * Ids in `next` that were not in `seen` and still need an ack: what to notify about. That includes
 * an alarm that raised and cleared before this view heard of it (cleared-unacknowledged): the very
 * case an operator must not miss.
 */
export function newUnackedIds(seen: ReadonlySet<string>, next: readonly AlarmRecord[]): string[] {
  return next
    .filter((a) => (a.state === 'active-unacked' || a.state === 'cleared-unacked') && !seen.has(a.id))
    .map((a) => a.id)
}

/** Shelving choices offered to the operator (within the engine's MIN/MAX_SHELVE_MS). */
export const SHELVE_CHOICES: readonly { label: string; ms: number }[] = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '8 h', ms: 8 * 3_600_000 }
]

/** Time left on a shelf: "14m 05s", "7h 59m", "expiring". */
export function shelfTimeLeft(shelf: Pick<ShelvedKey, 'until'>, now: number): string {
  const left = shelf.until - now
  if (!Number.isFinite(left) || left <= 0) return 'expiring'
  const totalSec = Math.floor(left / 1000)
  const h = Math.floor(totalSec / 3600)
  const m = Math.floor((totalSec % 3600) / 60)
  const s = totalSec % 60
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`
  return `${m}m ${String(s).padStart(2, '0')}s`
}
