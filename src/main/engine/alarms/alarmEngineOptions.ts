import type { AlarmRecord } from '@shared/alarms'
import { toDisposable, type Disposable } from '@shared/disposable'
import type { AlarmEvent, RestoredAlarms } from './alarmEvents'

/** Time and timers, injectable so tests move time instead of sleeping. */
export interface AlarmClock {
  now(): number
  setTimer(callback: () => void, delayMs: number): Disposable
}

export const systemAlarmClock: AlarmClock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    // Past it Node fires at once: a longer delay is held at the limit (about 24.8 days).
    const timer = setTimeout(callback, Math.min(Math.max(0, delayMs), 2 ** 31 - 1))
    return toDisposable(() => clearTimeout(timer))
  }
}

/** What an alarm is about: a sensor or a ticker. */
export interface AlarmSubject {
  key: string
  source: string
  label: string
  unit: string
}

export interface AlarmEngineOptions {
  /** Who an ack or shelve is attributed to when the command names no one. */
  operator: string
  clock?: AlarmClock
  /** Called once per event, in order, with copies (the journal). */
  record?: (event: AlarmEvent) => void
  /** Open alarms, shelves and history from the journal of a previous run. */
  restored?: RestoredAlarms
  /**
   * The source ids the configuration has now. A restored alarm or shelf of any other source could
   * never clear or expire usefully, so it is closed (or dropped) at restore. Omitted: all kept.
   */
  knownSources?: ReadonlySet<string>
  /** Why a restored alarm of a known source can never clear now (closed with that reason), or null. */
  stuckReason?: (alarm: AlarmRecord) => string | null
  newId?: () => string
}

/** Journaled with the close of a restored alarm whose source is gone. */
export const SOURCE_REMOVED_REASON = 'source removed from configuration'
