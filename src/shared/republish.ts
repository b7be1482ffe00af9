import { MAX_SYMBOL_LENGTH, MAX_TOPIC_LENGTH } from './limits'
import type { TradeSide } from './model'
import { symbolProblem } from './symbolRule'

/**
 * Market data fanned out to a broker (issue 13, `republish`): one MQTT message per ticker on
 * `<prefix>/<source>/<symbol>`, its payload a compact versioned JSON object carrying the ticker's
 * whole latest state (not a delta), so a conflated or lost message never leaves a reader with a
 * stale field:
 *
 * `{"v":1,"sym":"BTC/USD","last":…,"bid":…,"ask":…,"vol":…,"chg":…,"open":…,"seq":…,"et":…,"rt":…}`
 *
 * `et` is the source's event time (epoch ms, `null` when the wire carries none), `rt` the
 * collector's receive time; a field never seen is `null`. A trade adds `"tr":{"sz":…,"sd":…}`.
 * Numbers are finite (NaN and ±Infinity refused both ways; −0 is sent as 0). Fields a reader does
 * not know are ignored, so fields can be added within a version; a change of meaning is a new `v`,
 * and a reader refuses versions it does not know, saying so.
 */

export const REPUBLISH_VERSION = 1
/** Largest payload written or read (a 64-character symbol of escaped characters fits with room). */
export const MAX_REPUBLISH_PAYLOAD_BYTES = 1_024
/** Longest topic prefix (leaves room for the source id and the longest escaped symbol). */
export const MAX_REPUBLISH_PREFIX_LENGTH = 200

/** One ticker's latest state as republished (and as a desk reads it back). */
export interface RepublishedTick {
  symbol: string
  last: number | null
  bid: number | null
  ask: number | null
  volume: number | null
  changePct: number | null
  /** Reference price for change %, when the feed sent one. */
  open: number | null
  /** The feed's latest sequence number, when it carries one. */
  sequence: number | null
  /** Source event time, epoch ms; `null` when the wire carries none. */
  time: number | null
  /** When the collector received it, epoch ms. */
  receivedAt: number
  /** Present when this update was a trade (its price is `last`). */
  trade?: { size: number | null; side: TradeSide | null }
}

export type Refusal = { error: string }

const NUMBER_FIELDS = [
  ['last', 'last'],
  ['bid', 'bid'],
  ['ask', 'ask'],
  ['vol', 'volume'],
  ['chg', 'changePct'],
  ['open', 'open'],
  ['seq', 'sequence'],
  ['et', 'time']
] as const

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** The payload's bytes, or why the value cannot be sent (a bad symbol, a non-finite number). */
export function encodeRepublished(tick: RepublishedTick): Uint8Array | Refusal {
  const problem = symbolProblem(tick.symbol)
  if (problem !== null) return { error: problem }
  const wire: Record<string, unknown> = { v: REPUBLISH_VERSION, sym: tick.symbol }
  for (const [short, long] of NUMBER_FIELDS) {
    const value = tick[long]
    if (value !== null && !Number.isFinite(value)) return { error: `${long} is not a finite number` }
    wire[short] = value === 0 ? 0 : value
  }
  if (!Number.isFinite(tick.receivedAt)) return { error: 'receivedAt is not a finite number' }
  wire.rt = tick.receivedAt === 0 ? 0 : tick.receivedAt
  if (tick.trade !== undefined) {
    const size = tick.trade.size
    if (size !== null && !Number.isFinite(size)) return { error: 'trade size is not a finite number' }
    wire.tr = { sz: size === 0 ? 0 : size, sd: tick.trade.side }
  }
  const bytes = encoder.encode(JSON.stringify(wire))
  if (bytes.length > MAX_REPUBLISH_PAYLOAD_BYTES)
    return { error: `payload larger than ${MAX_REPUBLISH_PAYLOAD_BYTES} bytes` }
  return bytes
}

/** Reads a payload back; never throws: anything unusable is a refusal saying why. */
export function decodeRepublished(payload: Uint8Array | string): RepublishedTick | Refusal {
  try {
    return decodeUnsafe(payload)
  } catch (err) {
    return { error: `unreadable payload (${err instanceof Error ? err.message : String(err)})` }
  }
}

function decodeUnsafe(payload: Uint8Array | string): RepublishedTick | Refusal {
  const size = typeof payload === 'string' ? payload.length : payload.byteLength
  if (size > MAX_REPUBLISH_PAYLOAD_BYTES)
    return { error: `payload larger than ${MAX_REPUBLISH_PAYLOAD_BYTES} bytes (${size})` }
  let text: string
  if (typeof payload === 'string') text = payload
  else {
    try {
      text = decoder.decode(payload)
    } catch {
      return { error: 'payload is not UTF-8' }
    }
  }
  // Bytes were counted above; a string's UTF-8 size can be up to three times its length.
  if (typeof payload === 'string' && encoder.encode(text).length > MAX_REPUBLISH_PAYLOAD_BYTES)
    return { error: `payload larger than ${MAX_REPUBLISH_PAYLOAD_BYTES} bytes` }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { error: 'payload is not JSON' }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { error: 'payload is not a JSON object' }
  const wire = raw as Record<string, unknown>
  if (!Object.hasOwn(wire, 'v')) return { error: 'payload has no version ("v")' }
  if (wire.v !== REPUBLISH_VERSION)
    return {
      error: `unknown payload version ${JSON.stringify(wire.v)?.slice(0, 20)} (this Tickwire reads version ${REPUBLISH_VERSION})`
    }
  const symbol = Object.hasOwn(wire, 'sym') ? wire.sym : undefined
  if (typeof symbol !== 'string') return { error: '"sym" is not a string' }
  const problem = symbolProblem(symbol)
  if (problem !== null) return { error: `"sym": ${problem}` }
  const out: RepublishedTick = {
    symbol,
    last: null,
    bid: null,
    ask: null,
    volume: null,
    changePct: null,
    open: null,
    sequence: null,
    time: null,
    receivedAt: 0
  }
  for (const [short, long] of NUMBER_FIELDS) {
    const value = Object.hasOwn(wire, short) ? wire[short] : null
    if (value === null) continue
    if (!isFiniteNumber(value)) return { error: `"${short}" is not a finite number or null` }
    out[long] = value
  }
  const receivedAt = Object.hasOwn(wire, 'rt') ? wire.rt : undefined
  if (!isFiniteNumber(receivedAt)) return { error: '"rt" is not a finite number' }
  out.receivedAt = receivedAt
  if (Object.hasOwn(wire, 'tr')) {
    const tr = wire.tr
    if (typeof tr !== 'object' || tr === null || Array.isArray(tr)) return { error: '"tr" is not an object' }
    const t = tr as Record<string, unknown>
    const sz = Object.hasOwn(t, 'sz') ? t.sz : null
    const sd = Object.hasOwn(t, 'sd') ? t.sd : null
    if (sz !== null && !isFiniteNumber(sz)) return { error: '"tr.sz" is not a finite number or null' }
    if (sd !== null && sd !== 'buy' && sd !== 'sell') return { error: '"tr.sd" is not "buy", "sell" or null' }
    out.trade = { size: sz, side: sd as TradeSide | null }
  }
  return out
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/**
 * Topics. A symbol is one topic level: the characters MQTT gives a meaning to in a topic (`/`
 * separates levels, `+` and `#` are wildcards, NUL is forbidden) and `%` itself are written as
 * `%2F`, `%2B`, `%23`, `%00`, `%25`, so "BTC/USD" is `<prefix>/kraken/BTC%2FUSD` and reads back as
 * "BTC/USD". Everything else is kept as it is (UTF-8). The payload carries the symbol too.
 */
const ESCAPES: Record<string, string> = { '%': '%25', '/': '%2F', '+': '%2B', '#': '%23', '\u0000': '%00' }
const UNESCAPES: Record<string, string> = { '25': '%', '2F': '/', '2B': '+', '23': '#', '00': '\u0000' }

export function escapeSymbolLevel(symbol: string): string {
  // eslint-disable-next-line no-control-regex
  return symbol.replace(/[%/+#\u0000]/g, (c) => ESCAPES[c])
}

/** The symbol a topic level names, or `null` when the level is not one `escapeSymbolLevel` writes. */
export function unescapeSymbolLevel(level: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[/+#\u0000]/.test(level)) return null
  let bad = false
  const out = level.replace(/%(..)?/g, (_match, hex: string | undefined) => {
    const c = hex === undefined ? undefined : UNESCAPES[hex]
    if (c === undefined) bad = true
    return c ?? ''
  })
  return bad ? null : out
}

/** Why a topic prefix cannot be used, or `null`: levels of visible text, no wildcards, no `$`. */
export function prefixProblem(prefix: string): string | null {
  if (prefix.length === 0) return 'must not be empty'
  if (prefix.length > MAX_REPUBLISH_PREFIX_LENGTH)
    return `must be at most ${MAX_REPUBLISH_PREFIX_LENGTH} characters`
  if (/[+#]/.test(prefix)) return 'must not contain the MQTT wildcards "+" or "#"'
  if (prefix.startsWith('$')) return 'must not start with "$" (broker-reserved topics)'
  if (prefix.split('/').some((level) => level.length === 0))
    return 'must be topic levels separated by single "/" (no leading, trailing or doubled "/")'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(prefix)) return 'must not contain control characters'
  return null
}

/** `<prefix>/<source>/<escaped symbol>`, or why it cannot be a topic. */
export function republishTopic(prefix: string, source: string, symbol: string): string | Refusal {
  const problem = symbolProblem(symbol)
  if (problem !== null) return { error: problem }
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(source)) return { error: 'source id is not a valid source id' }
  const topic = `${prefix}/${source}/${escapeSymbolLevel(symbol)}`
  if (encoder.encode(topic).length > MAX_TOPIC_LENGTH)
    return { error: `topic longer than ${MAX_TOPIC_LENGTH} bytes` }
  return topic
}

/** The source and symbol of a republished topic under `prefix`, or why it is not one. */
export function parseRepublishTopic(
  prefix: string,
  topic: string
): { source: string; symbol: string } | Refusal {
  if (topic.length > MAX_TOPIC_LENGTH) return { error: `topic longer than ${MAX_TOPIC_LENGTH} characters` }
  if (!topic.startsWith(`${prefix}/`)) return { error: `topic is not under "${prefix}/"` }
  const rest = topic.slice(prefix.length + 1).split('/')
  if (rest.length !== 2) return { error: 'topic is not <prefix>/<source>/<symbol>' }
  const [source, level] = rest
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(source)) return { error: 'topic names no valid source id' }
  if (level.length > MAX_SYMBOL_LENGTH * 3) return { error: 'symbol level too long' }
  const symbol = unescapeSymbolLevel(level)
  if (symbol === null) return { error: 'symbol level has a "%" that is not one of %25 %2F %2B %23 %00' }
  const problem = symbolProblem(symbol)
  if (problem !== null) return { error: problem }
  return { source, symbol }
}

/** `GET /api/stats` → `republish`: the fan-out's connection and what became of each tick. */
export interface RepublishStats {
  state: 'connecting' | 'open' | 'reconnecting' | 'closed'
  /** The broker, credentials stripped. */
  url: string
  /** Ticks handed to the broker connection. */
  published: number
  /** Ticks superseded by a later one of the same symbol before they could be sent (backpressure). */
  conflated: number
  /** Ticks never sent and not superseded (past the symbol bound, refused, or left at stop). */
  dropped: number
  /** Symbols whose latest value waits for the broker now. */
  waiting: number
  /** Last connection or publish error; `null` when none. */
  lastError: string | null
}
