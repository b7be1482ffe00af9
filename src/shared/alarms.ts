import type { SensorValue } from './model'

/**
 * Alarms, following ISA-18.2: a limit crossing raises an alarm that is active and unacknowledged;
 * an operator's ack makes it active-acknowledged; a return to normal before the ack leaves it
 * cleared-unacknowledged until someone acks it. An alarm both cleared and acknowledged is closed:
 * it leaves the list and stays in the journal (and, for a while, in `history`).
 */

/** What crossed: a sensor limit, staleness, or a price alert on a ticker. */
export const ALARM_CONDITIONS = [
  'high-alarm',
  'high-warn',
  'low-warn',
  'low-alarm',
  'stale',
  'price-above',
  'price-below'
] as const
export type AlarmCondition = (typeof ALARM_CONDITIONS)[number]

export const ALARM_SEVERITIES = ['alarm', 'warn', 'stale'] as const
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number]

export const ALARM_STATES = ['active-unacked', 'active-acked', 'cleared-unacked', 'closed'] as const
export type AlarmState = (typeof ALARM_STATES)[number]

export interface AlarmRecord {
  /** Unique per occurrence (a new crossing is a new alarm). */
  id: string
  /** The sensor or ticker key (`<source>/<id>`). */
  key: string
  source: string
  /** The sensor's label or the ticker's symbol (or the alert's label). */
  label: string
  condition: AlarmCondition
  severity: AlarmSeverity
  state: AlarmState
  /** The limit crossed (`null` for stale). */
  threshold: number | null
  /** The value that raised it, and the latest value while it is open. */
  value: SensorValue | null
  lastValue: SensorValue | null
  unit: string
  raisedAt: number
  clearedAt: number | null
  ackedAt: number | null
  ackedBy: string | null
  /** alarmSync: the console that raised it, when another console did (absent: this one). */
  raisedOn?: string
  /** alarmSync: the console the ack was given on, when another console (absent: this one). */
  ackedOn?: string
}

/** A sensor (or ticker) whose alarms are suppressed until `until`, by an operator's choice. */
export interface ShelvedKey {
  key: string
  label: string
  until: number
  by: string
  at: number
}

/** Everything the alarm list shows: what is open, what is shelved, what closed recently. */
export interface AlarmSummary {
  /** Open alarms, newest first. */
  alarms: AlarmRecord[]
  shelved: ShelvedKey[]
  /** Recently closed alarms, newest first (at most `ALARM_HISTORY_LIMIT`). */
  history: AlarmRecord[]
}

export const ALARM_HISTORY_LIMIT = 200
/** Shortest and longest shelving an operator may choose. */
export const MIN_SHELVE_MS = 60_000
export const MAX_SHELVE_MS = 7 * 86_400_000
/** Longest operator name accepted with an ack or a shelve. */
export const MAX_OPERATOR_LENGTH = 64
