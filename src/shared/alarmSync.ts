import { ALARM_SEVERITIES, MAX_OPERATOR_LENGTH, type AlarmCondition, type AlarmSeverity } from './alarms'
import type { SensorValue } from './model'
import type { Refusal } from './republish'
import { hasInvisible, hasInvisibleInText, showInvisibleInText } from './visibleText'
import { CONSOLE_NAME_PATTERN, conditionOfSlot, parseSyncTopic } from './alarmSyncTopics'

export {
  CONSOLE_NAME_PATTERN,
  MAX_ALARM_SYNC_TOPIC_BYTES,
  conditionOfSlot,
  eventsTopic,
  parseSyncTopic,
  shelfTopic,
  slotProblem,
  stateTopic,
  syncSubscriptions
} from './alarmSyncTopics'

/**
 * Shared alarm state on the wire (issue 13, `alarmSync`). Each console publishes only what it
 * itself did — the alarms it raised, the acks its operators gave, the clears it saw, its shelves —
 * under its own name, so a broker ACL that lets user X write only `<prefix>/…/X/…` authenticates
 * every claim. Every console reads everyone's, and the merged state is a pure function of the
 * claims received (alarmMerge.ts), so consoles that heard the same claims show the same alarms.
 *
 * - `<prefix>/state/<console>/<key>/<slot>`, retained: the console's claims on one alarm point
 *   (a sensor's condition, or a price alert's level), at most `MAX_CLAIMS_PER_SLOT`, newest kept:
 *   `{"v":1,"console":…,"key":…,"slot":…,"claims":[{"id":…,"raisedAt":…,"raise":{…}?,"ack":{"at":…,"by":…}?,"clear":{"at":…}?}]}`
 * - `<prefix>/shelf/<console>/<key>`, retained: the console's last shelve or unshelve of a key,
 *   `{"v":1,"console":…,"key":…,"at":…,"shelf":{"label":…,"until":…,"by":…}|null}`
 * - `<prefix>/events/<console>`, not retained: one message per alarm event of the console, for
 *   audit tools (`{"v":1,"console":…,"event":"acked","at":…,"key":…,"slot":…,"id":…,"by":…}`);
 *   consoles do not need it (the state carries every event's effect).
 *
 * The key and slot levels are escaped as a republished symbol is (`%` `/` `+` `#` NUL as `%XX`).
 * Payloads are versioned (`v`); a reader refuses versions it does not know, saying so, and ignores
 * fields it does not know. Decoding never throws; every string, number and list is bounded.
 */

export const ALARM_SYNC_VERSION = 1
/** Largest state, shelf or event payload written or read. */
export const MAX_ALARM_SYNC_PAYLOAD_BYTES = 16 * 1024
/** A console's claims kept per alarm point (the newest raises). */
export const MAX_CLAIMS_PER_SLOT = 8
/** Longest alarm id (a UUID is 36). */
export const MAX_ALARM_ID_LENGTH = 128
/** Longest label and unit carried (a discovered sensor's label is its topic path). */
export const MAX_SYNC_LABEL_LENGTH = 1_024
export const MAX_SYNC_UNIT_LENGTH = 64
/** A text value longer than this is sent as `null` (the console that raised it shows it whole). */
export const MAX_SYNC_VALUE_LENGTH = 256
/** Times are epoch ms between 0 and this (year 5138). */
const MAX_EPOCH_MS = 1e14

/** What the console that raised an alarm saw: the alarm's presentation on the other consoles. */
export interface RaiseInfo {
  source: string
  label: string
  condition: AlarmCondition
  severity: AlarmSeverity
  threshold: number | null
  value: SensorValue | null
  unit: string
}

/**
 * One console's claims on one raise (`id`): it raised it (`raise`), its operator acked it, its
 * sensor saw it clear. An ack or clear with `on` is one this console took from console `on` and
 * applied to its own alarm (relayed, so every console groups the same raises whatever it heard
 * first); without `on` it happened here.
 */
export interface SlotClaim {
  id: string
  /** The raise's time (as this console knows it): claims are ordered and bounded by it. */
  raisedAt: number
  raise?: RaiseInfo
  ack?: { at: number; by: string; on?: string }
  clear?: { at: number; on?: string }
}

/** A console's latest shelve (`shelf`) or unshelve (`shelf: null`) of a key, at `at`. */
export interface ShelfRegister {
  at: number
  shelf: { label: string; until: number; by: string } | null
}

export type AlarmSyncMessage =
  /** `claims: []`: the console's retained state was removed (an empty retained payload). */
  | { kind: 'state'; console: string; key: string; slot: string; claims: SlotClaim[] }
  /** `register: null`: the retained shelf was removed. */
  | { kind: 'shelf'; console: string; key: string; register: ShelfRegister | null }

export interface AlarmSyncEvent {
  event: 'raised' | 'acked' | 'cleared' | 'closed' | 'shelved' | 'unshelved'
  at: number
  key: string
  slot?: string
  id?: string
  by?: string
}

/** `GET /api/stats` → `alarmSync`: the shared alarm state's broker link and what it carried. */
export interface AlarmSyncStats {
  state: 'connecting' | 'open' | 'reconnecting' | 'closed'
  /** The broker, credentials stripped. */
  url: string
  /** This console's name. */
  console: string
  prefix: string
  /** The other consoles heard from, sorted (at most `MAX_SYNC_CONSOLES`). */
  consoles: string[]
  /** State, shelf and event messages handed to the broker. */
  published: number
  /** Other consoles' messages merged (changed or not). */
  applied: number
  /** Messages refused (malformed, unknown version, over a bound), with the last reason. */
  refused: number
  lastRefused: string | null
  /** Alarm points whose claims are kept. */
  tracked: number
  /** Last connection or publish error (a broker refusing a publish: its ACL); `null` when none. */
  lastError: string | null
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

// ---- Encoding -----------------------------------------------------------------------------------

const num = (n: number): number => (n === 0 ? 0 : n)
const bounded = (text: string, max: number): string => {
  const visible = showInvisibleInText(text)
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible
}

function wireValue(value: SensorValue | null): SensorValue | null {
  if (typeof value === 'string') return value.length > MAX_SYNC_VALUE_LENGTH ? null : value
  if (typeof value === 'number') return Number.isFinite(value) ? num(value) : null
  return value
}

function finished(wire: Record<string, unknown>): Uint8Array | Refusal {
  let text: string
  try {
    text = JSON.stringify(wire, (_k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('a number is not finite')
      return v
    })
  } catch (err) {
    return { error: (err as Error).message }
  }
  const bytes = encoder.encode(text)
  if (bytes.length > MAX_ALARM_SYNC_PAYLOAD_BYTES)
    return { error: `payload larger than ${MAX_ALARM_SYNC_PAYLOAD_BYTES} bytes` }
  return bytes
}

/** A console's claims on one slot; refused when over the payload bound (the caller drops the oldest). */
export function encodeState(console: string, key: string, slot: string, claims: readonly SlotClaim[]) {
  const wire = claims.slice(-MAX_CLAIMS_PER_SLOT).map((c) => {
    const out: Record<string, unknown> = { id: c.id, raisedAt: num(c.raisedAt) }
    if (c.raise !== undefined) {
      const r = c.raise
      out.raise = {
        source: r.source,
        label: bounded(r.label, MAX_SYNC_LABEL_LENGTH),
        condition: r.condition,
        severity: r.severity,
        threshold: r.threshold,
        value: wireValue(r.value),
        unit: bounded(r.unit, MAX_SYNC_UNIT_LENGTH)
      }
    }
    if (c.ack !== undefined) {
      out.ack = { at: num(c.ack.at), by: bounded(c.ack.by, MAX_OPERATOR_LENGTH) }
      if (c.ack.on !== undefined) (out.ack as Record<string, unknown>).on = c.ack.on
    }
    if (c.clear !== undefined)
      out.clear = c.clear.on === undefined ? { at: num(c.clear.at) } : { at: num(c.clear.at), on: c.clear.on }
    return out
  })
  return finished({ v: ALARM_SYNC_VERSION, console, key, slot, claims: wire })
}

export function encodeShelf(console: string, key: string, register: ShelfRegister): Uint8Array | Refusal {
  const s = register.shelf
  const shelf =
    s === null
      ? null
      : {
          label: bounded(s.label, MAX_SYNC_LABEL_LENGTH),
          until: num(s.until),
          by: bounded(s.by, MAX_OPERATOR_LENGTH)
        }
  return finished({ v: ALARM_SYNC_VERSION, console, key, at: num(register.at), shelf })
}

export function encodeEvent(console: string, event: AlarmSyncEvent): Uint8Array | Refusal {
  return finished({ v: ALARM_SYNC_VERSION, console, ...event })
}

// ---- Decoding -----------------------------------------------------------------------------------

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const field = (o: Obj, name: string): unknown => (Object.hasOwn(o, name) ? o[name] : undefined)
const isTime = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_EPOCH_MS
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

class Refused extends Error {}
const refuse = (message: string): never => {
  throw new Refused(message)
}

function text(o: Obj, name: string, max: number, strict = false): string {
  const v = field(o, name)
  if (typeof v !== 'string') return refuse(`"${name}" is not a string`)
  if (v.length > max) return refuse(`"${name}" longer than ${max} characters`)
  if (strict ? hasInvisible(v) : hasInvisibleInText(v))
    return refuse(`"${name}" has control or invisible characters`)
  return v
}

function time(o: Obj, name: string): number {
  const v = field(o, name)
  return isTime(v) ? v : refuse(`"${name}" is not a time (epoch ms)`)
}

function readRaise(raw: unknown, condition: AlarmCondition): RaiseInfo {
  if (!isObj(raw)) return refuse('"raise" is not an object')
  if (field(raw, 'condition') !== condition) return refuse('"raise.condition" is not the slot\'s condition')
  const severity = ALARM_SEVERITIES.find((s) => s === field(raw, 'severity'))
  if (severity === undefined) return refuse('"raise.severity" is not alarm, warn or stale')
  const threshold = field(raw, 'threshold') ?? null
  if (threshold !== null && !isFiniteNumber(threshold))
    return refuse('"raise.threshold" is not a finite number or null')
  const value = field(raw, 'value') ?? null
  const valueOk =
    value === null ||
    typeof value === 'boolean' ||
    isFiniteNumber(value) ||
    (typeof value === 'string' && value.length <= MAX_SYNC_VALUE_LENGTH && !hasInvisibleInText(value))
  if (!valueOk) return refuse('"raise.value" is not a finite number, boolean, short text or null')
  const source = text(raw, 'source', 64, true)
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(source)) return refuse('"raise.source" is not a source id')
  return {
    source,
    label: text(raw, 'label', MAX_SYNC_LABEL_LENGTH),
    condition,
    severity,
    threshold: threshold as number | null,
    value: value as SensorValue | null,
    unit: text(raw, 'unit', MAX_SYNC_UNIT_LENGTH)
  }
}

function consoleField(o: Obj): string | undefined {
  const on = field(o, 'on')
  if (on === undefined) return undefined
  return typeof on === 'string' && CONSOLE_NAME_PATTERN.test(on) ? on : refuse('"on" is not a console name')
}

function readClaim(raw: unknown, condition: AlarmCondition): SlotClaim {
  if (!isObj(raw)) return refuse('a claim is not an object')
  const id = text(raw, 'id', MAX_ALARM_ID_LENGTH, true)
  if (id.length === 0) return refuse('"id" is empty')
  const claim: SlotClaim = { id, raisedAt: time(raw, 'raisedAt') }
  const raise = field(raw, 'raise')
  if (raise !== undefined) claim.raise = readRaise(raise, condition)
  const ack = field(raw, 'ack')
  if (ack !== undefined) {
    if (!isObj(ack)) return refuse('"ack" is not an object')
    const by = text(ack, 'by', MAX_OPERATOR_LENGTH)
    claim.ack = { at: time(ack, 'at'), by }
    const on = consoleField(ack)
    if (on !== undefined) claim.ack.on = on
  }
  const clear = field(raw, 'clear')
  if (clear !== undefined) {
    if (!isObj(clear)) return refuse('"clear" is not an object')
    claim.clear = { at: time(clear, 'at') }
    const on = consoleField(clear)
    if (on !== undefined) claim.clear.on = on
  }
  return claim
}

function readPayload(payload: Uint8Array): Obj | null {
  if (payload.byteLength > MAX_ALARM_SYNC_PAYLOAD_BYTES)
    return refuse(`payload larger than ${MAX_ALARM_SYNC_PAYLOAD_BYTES} bytes (${payload.byteLength})`)
  if (payload.byteLength === 0) return null
  let textValue: string
  try {
    textValue = decoder.decode(payload)
  } catch {
    return refuse('payload is not UTF-8')
  }
  let raw: unknown
  try {
    raw = JSON.parse(textValue)
  } catch {
    return refuse('payload is not JSON')
  }
  if (!isObj(raw)) return refuse('payload is not a JSON object')
  if (!Object.hasOwn(raw, 'v')) return refuse('payload has no version ("v")')
  if (raw.v !== ALARM_SYNC_VERSION)
    return refuse(
      `unknown payload version ${String(JSON.stringify(raw.v)).slice(0, 20)} (this Tickwire reads version ${ALARM_SYNC_VERSION})`
    )
  return raw
}

/**
 * A state or shelf message read back from its topic and payload; never throws. The payload must
 * name the topic's console, key and slot (so a claim cannot travel under another's topic), and an
 * empty payload is the removal of a retained message.
 */
export function decodeSyncMessage(
  prefix: string,
  topic: string,
  payload: Uint8Array
): AlarmSyncMessage | Refusal {
  try {
    const where = parseSyncTopic(prefix, topic)
    if ('error' in where) return where
    const wire = readPayload(payload)
    if (wire === null) {
      return where.kind === 'state' ? { ...where, claims: [] } : { ...where, register: null }
    }
    if (field(wire, 'console') !== where.console) return refuse('"console" is not the topic\'s console')
    if (field(wire, 'key') !== where.key) return refuse('"key" is not the topic\'s key')
    if (where.kind === 'shelf') {
      const shelf = field(wire, 'shelf') ?? null
      let value: ShelfRegister['shelf'] = null
      if (shelf !== null) {
        if (!isObj(shelf)) return refuse('"shelf" is not an object or null')
        value = {
          label: text(shelf, 'label', MAX_SYNC_LABEL_LENGTH),
          until: time(shelf, 'until'),
          by: text(shelf, 'by', MAX_OPERATOR_LENGTH)
        }
      }
      return { ...where, register: { at: time(wire, 'at'), shelf: value } }
    }
    if (field(wire, 'slot') !== where.slot) return refuse('"slot" is not the topic\'s slot')
    const claims = field(wire, 'claims')
    if (!Array.isArray(claims)) return refuse('"claims" is not a list')
    if (claims.length > MAX_CLAIMS_PER_SLOT) return refuse(`more than ${MAX_CLAIMS_PER_SLOT} claims`)
    const condition = conditionOfSlot(where.slot)
    const read = claims.map((c) => readClaim(c, condition))
    if (new Set(read.map((c) => c.id)).size !== read.length) return refuse('two claims on one id')
    return { ...where, claims: read }
  } catch (err) {
    if (err instanceof Refused) return { error: err.message }
    return { error: `unreadable payload (${err instanceof Error ? err.message : String(err)})` }
  }
}
