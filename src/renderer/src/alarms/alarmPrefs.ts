import { MAX_OPERATOR_LENGTH } from '@shared/alarms'
import type { PrefsStorage } from '../tickers/gridViewPrefs'

/** The operator's alarm preferences, kept in `localStorage`: who acks, notifications, tone. */
export interface AlarmPrefs {
  /** Name sent with acks and shelves; empty: the engine's default operator. */
  operator: string
  /** Desktop notification on a new alarm (default on; the browser still asks permission). */
  notify: boolean
  /** Audible tone on a new alarm (default off: a control room decides that). */
  tone: boolean
}

export const ALARM_PREFS_KEY = 'tickwire.alarms'

export function defaultAlarmPrefs(): AlarmPrefs {
  return { operator: '', notify: true, tone: false }
}

/** Reads saved prefs field by field; anything missing or malformed is its default. */
export function loadAlarmPrefs(storage: PrefsStorage | null): AlarmPrefs {
  let raw: unknown = null
  try {
    const text = storage?.getItem(ALARM_PREFS_KEY)
    raw = text ? JSON.parse(text) : null
  } catch {
    raw = null
  }
  const prefs = defaultAlarmPrefs()
  if (typeof raw !== 'object' || raw === null) return prefs
  const saved = raw as Record<string, unknown>
  if (typeof saved.operator === 'string') prefs.operator = cleanOperator(saved.operator)
  if (typeof saved.notify === 'boolean') prefs.notify = saved.notify
  if (typeof saved.tone === 'boolean') prefs.tone = saved.tone
  return prefs
}

export function saveAlarmPrefs(storage: PrefsStorage | null, prefs: AlarmPrefs): void {
  try {
    storage?.setItem(ALARM_PREFS_KEY, JSON.stringify(prefs))
  } catch {
    // A full or refused storage only costs the preference.
  }
}

/** Trimmed and cut to what the engine accepts. */
export function cleanOperator(name: string): string {
  return name.trim().slice(0, MAX_OPERATOR_LENGTH)
}

/** Who an action is attributed to: the typed name, else the engine's operator, else nobody (engine decides). */
export function operatorFor(
  prefs: Pick<AlarmPrefs, 'operator'>,
  engineOperator: string | null
): string | undefined {
  const typed = cleanOperator(prefs.operator)
  if (typed !== '') return typed
  const fallback = engineOperator === null ? '' : cleanOperator(engineOperator)
  return fallback === '' ? undefined : fallback
}
