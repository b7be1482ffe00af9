import { ALARM_CONDITIONS, type AlarmCondition } from './alarms'
import { MAX_SENSOR_KEY_LENGTH } from './limits'
import { escapeSymbolLevel, unescapeSymbolLevel, type Refusal } from './republish'
import { hasInvisible } from './visibleText'

/**
 * Shared alarm state's topics (alarmSync.ts has the payloads): `<prefix>/state/<console>/<key>/<slot>`,
 * `<prefix>/shelf/<console>/<key>`, `<prefix>/events/<console>`; the key and slot levels escaped
 * as a republished symbol is (`%` `/` `+` `#` NUL as `%XX`).
 */

/** A console name: one topic level a broker ACL can name (`user` = console is the simple setup). */
export const CONSOLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/

/** Longest topic written or read (prefix, console, an escaped key of the longest sensor key, slot). */
export const MAX_ALARM_SYNC_TOPIC_BYTES = 4 * 1024

const encoder = new TextEncoder()

/** An alarm point within a key: its condition, and for a price alert its level (`slotOf`). */
export function slotProblem(slot: string): string | null {
  if ((ALARM_CONDITIONS as readonly string[]).includes(slot))
    return slot.startsWith('price-') ? 'a price alert slot needs its level' : null
  const m = /^(price-above|price-below)@(.{1,40})$/.exec(slot)
  if (m === null) return 'is not an alarm condition'
  const level = Number(m[2])
  return Number.isFinite(level) && String(level) === m[2] ? null : 'has no valid price level'
}

/** The condition a slot is of. */
export function conditionOfSlot(slot: string): AlarmCondition {
  const at = slot.indexOf('@')
  return (at < 0 ? slot : slot.slice(0, at)) as AlarmCondition
}

function keyProblem(key: string): string | null {
  if (key.length === 0 || key.length > MAX_SENSOR_KEY_LENGTH)
    return `key must be 1-${MAX_SENSOR_KEY_LENGTH} characters`
  if (!key.includes('/')) return 'key is not <source>/<id>'
  if (hasInvisible(key)) return 'key has control or invisible characters'
  return null
}

function checkedTopic(topic: string): string | Refusal {
  return encoder.encode(topic).length > MAX_ALARM_SYNC_TOPIC_BYTES
    ? { error: `topic longer than ${MAX_ALARM_SYNC_TOPIC_BYTES} bytes` }
    : topic
}

export function stateTopic(prefix: string, console: string, key: string, slot: string): string | Refusal {
  const problem = keyProblem(key) ?? slotProblem(slot)
  if (problem !== null) return { error: problem }
  return checkedTopic(`${prefix}/state/${console}/${escapeSymbolLevel(key)}/${escapeSymbolLevel(slot)}`)
}

export function shelfTopic(prefix: string, console: string, key: string): string | Refusal {
  const problem = keyProblem(key)
  if (problem !== null) return { error: problem }
  return checkedTopic(`${prefix}/shelf/${console}/${escapeSymbolLevel(key)}`)
}

export const eventsTopic = (prefix: string, console: string): string => `${prefix}/events/${console}`

/** The subscriptions that read every console's state and shelves. */
export const syncSubscriptions = (prefix: string): string[] => [
  `${prefix}/state/+/+/+`,
  `${prefix}/shelf/+/+`
]

type TopicParts =
  | { kind: 'state'; console: string; key: string; slot: string }
  | { kind: 'shelf'; console: string; key: string }

/** What a topic under `prefix` names, or why it is not an alarm sync topic. */
export function parseSyncTopic(prefix: string, topic: string): TopicParts | Refusal {
  if (topic.length > MAX_ALARM_SYNC_TOPIC_BYTES) return { error: 'topic too long' }
  if (!topic.startsWith(`${prefix}/`)) return { error: `topic is not under "${prefix}/"` }
  const levels = topic.slice(prefix.length + 1).split('/')
  const [kind, console] = levels
  if (kind !== 'state' && kind !== 'shelf') return { error: 'topic is neither state nor shelf' }
  if (levels.length !== (kind === 'state' ? 4 : 3)) return { error: `not a ${kind} topic` }
  if (!CONSOLE_NAME_PATTERN.test(console)) return { error: 'topic names no valid console' }
  const key = unescapeSymbolLevel(levels[2])
  if (key === null) return { error: 'key level is not escaped as %XX' }
  const keyIssue = keyProblem(key)
  if (keyIssue !== null) return { error: keyIssue }
  if (kind === 'shelf') return { kind, console, key }
  const slot = unescapeSymbolLevel(levels[3])
  if (slot === null) return { error: 'slot level is not escaped as %XX' }
  const slotIssue = slotProblem(slot)
  if (slotIssue !== null) return { error: `slot ${slotIssue}` }
  return { kind, console, key, slot }
}
