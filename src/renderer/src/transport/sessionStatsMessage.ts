import { MAX_REASON_LENGTH } from '@shared/limits'
import { REPLAY_SPEEDS, type RecordingStatus, type ReplayStatus } from '@shared/recording'
import type { RepublishStats } from '@shared/republish'
import { CONSOLE_NAME_PATTERN, type AlarmSyncStats } from '@shared/alarmSync'
import { count, isObj, numOrNull, str } from './messageFields'

/** Paths and reasons shown in tooltips: bounded like every reason. */
const text = (v: unknown): string | null => str(v)?.slice(0, MAX_REASON_LENGTH) ?? null

/** `stats.recording`, checked field by field; `undefined` when absent or broken. */
export function parseRecordingStatus(raw: unknown): RecordingStatus | undefined {
  if (!isObj(raw)) return undefined
  return {
    active: raw.active === true,
    dir: text(raw.dir),
    file: text(raw.file),
    since: numOrNull(raw.since),
    bytes: count(raw.bytes),
    messages: count(raw.messages),
    dropped: count(raw.dropped),
    lastError: text(raw.lastError)
  }
}

/** `stats.replay`; `undefined` when absent or broken (then the view is live). */
export function parseReplayStatus(raw: unknown): ReplayStatus | undefined {
  if (!isObj(raw)) return undefined
  const file = text(raw.file)
  if (file === null) return undefined
  return {
    file,
    speed: REPLAY_SPEEDS.find((s) => s === raw.speed) ?? '1',
    position: count(raw.position),
    recordedAt: numOrNull(raw.recordedAt),
    paused: raw.paused === true,
    loop: raw.loop === true,
    done: raw.done === true,
    events: count(raw.events),
    skipped: count(raw.skipped)
  }
}

const REPUBLISH_STATES: readonly RepublishStats['state'][] = ['connecting', 'open', 'reconnecting', 'closed']

/** `stats.republish` (a collector's fan-out to a broker); `undefined` when absent or broken. */
export function parseRepublishStatus(raw: unknown): RepublishStats | undefined {
  if (!isObj(raw)) return undefined
  const state = REPUBLISH_STATES.find((s) => s === raw.state)
  const url = text(raw.url)
  if (state === undefined || url === null) return undefined
  return {
    state,
    url,
    published: count(raw.published),
    conflated: count(raw.conflated),
    dropped: count(raw.dropped),
    waiting: count(raw.waiting),
    lastError: text(raw.lastError)
  }
}

/** Most console names listed in a tooltip (the engine keeps at most 64). */
const MAX_LISTED_CONSOLES = 64

/** `stats.alarmSync` (the shared alarm state's broker link); `undefined` when absent or broken. */
export function parseAlarmSyncStatus(raw: unknown): AlarmSyncStats | undefined {
  if (!isObj(raw)) return undefined
  const state = REPUBLISH_STATES.find((s) => s === raw.state)
  const url = text(raw.url)
  const console = str(raw.console)
  if (state === undefined || url === null || console === null || !CONSOLE_NAME_PATTERN.test(console))
    return undefined
  const consoles = Array.isArray(raw.consoles)
    ? raw.consoles
        .filter((c): c is string => typeof c === 'string' && CONSOLE_NAME_PATTERN.test(c))
        .slice(0, MAX_LISTED_CONSOLES)
    : []
  return {
    state,
    url,
    console,
    prefix: text(raw.prefix) ?? '',
    consoles,
    published: count(raw.published),
    applied: count(raw.applied),
    refused: count(raw.refused),
    lastRefused: text(raw.lastRefused),
    tracked: count(raw.tracked),
    lastError: text(raw.lastError)
  }
}
