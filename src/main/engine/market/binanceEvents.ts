import type { TimeUnit } from '@shared/config'
import type { Tick } from '@shared/model'
import { toEpochMs } from '../eventTime'
import { toValidNumber } from '../numericValue'

/**
 * The three Binance Spot market streams Tickwire merges per symbol, and how one event becomes a
 * `Tick`. Field names follow Binance's "WebSocket Streams" docs (Trade Streams, Individual Symbol
 * Mini Ticker Stream, Individual Symbol Book Ticker Streams).
 */
export const BINANCE_STREAM_KINDS = ['trade', 'bookTicker', 'miniTicker'] as const

/** Binance stream names spell the symbol in lower case ("All symbols for streams are lowercase"). */
export function streamsFor(symbol: string): string[] {
  const lower = symbol.toLowerCase()
  return BINANCE_STREAM_KINDS.map((kind) => `${lower}@${kind}`)
}

/**
 * Binance symbols: 1-32 upper-case letters (it lists some with CJK letters), digits or "_";
 * stream names are these lower-cased. Returns why `symbol` cannot be one, or `null` when it can.
 * Binance acknowledges a SUBSCRIBE for a well-formed but unlisted symbol and then sends nothing,
 * so this check is all that can be said before data arrives.
 */
export function binanceSymbolProblem(symbol: string): string | null {
  if (/^[\p{Lu}\p{Lo}\p{Nd}_]{1,32}$/u.test(symbol)) return null
  const upper = symbol.toUpperCase()
  if (upper !== symbol && /^[\p{Lu}\p{Lo}\p{Nd}_]{1,32}$/u.test(upper)) {
    return `Binance symbols are upper case: did you mean ${upper}?`
  }
  return 'not a Binance symbol (1-32 upper-case letters, digits or "_", e.g. BTCUSDT)'
}

/** One decoded data event: a tick, or why it was refused. */
export type BinanceEventResult =
  { kind: 'tick'; tick: Tick; trade: boolean } | { kind: 'malformed'; reason: string }

/**
 * Decodes a stream payload (the `data` of a combined-stream event, or a raw-stream event) for
 * `symbol`, already known to be watched. `hasTrade` says whether a trade price was seen for it,
 * in which case the mini ticker's close does not overwrite the last trade.
 */
export function decodeBinanceEvent(
  data: Record<string, unknown>,
  sourceId: string,
  symbol: string,
  receivedAt: number,
  timeUnit: TimeUnit,
  hasTrade: boolean
): BinanceEventResult {
  const type = data.e
  if (type === 'trade') {
    // {"e":"trade","E":event time,"s":symbol,"t":trade id,"p":price,"q":qty,"T":trade time,...}
    const last = toValidNumber(data.p)
    if (last === undefined)
      return { kind: 'malformed', reason: `${symbol}: trade price "p" is not a valid number` }
    const id = data.t
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      return { kind: 'malformed', reason: `${symbol}: trade id "t" is not a non-negative integer` }
    }
    const time = eventTime(data.E ?? data.T, timeUnit)
    if (time === undefined)
      return { kind: 'malformed', reason: `${symbol}: trade event time "E" is not a valid time` }
    return {
      kind: 'tick',
      trade: true,
      tick: {
        source: sourceId,
        symbol,
        last,
        sequence: id,
        time,
        receivedAt,
        // "m": the buyer is the maker, so the seller took liquidity.
        trade: {
          size: toValidNumber(data.q) ?? null,
          side: data.m === true ? 'sell' : data.m === false ? 'buy' : null
        }
      }
    }
  }
  if (type === '24hrMiniTicker') {
    // {"e":"24hrMiniTicker","E":event time,"s":symbol,"c":close,"o":open,"h","l","v":base volume,"q"}
    const open = toValidNumber(data.o)
    const close = toValidNumber(data.c)
    const volume = toValidNumber(data.v)
    if (open === undefined || close === undefined || volume === undefined) {
      return { kind: 'malformed', reason: `${symbol}: mini ticker "o", "c" or "v" is not a valid number` }
    }
    const time = eventTime(data.E, timeUnit)
    if (time === undefined)
      return { kind: 'malformed', reason: `${symbol}: mini ticker event time "E" is not a valid time` }
    const tick: Tick = { source: sourceId, symbol, open, volume, time, receivedAt }
    // The 24 h close is the last trade price as of E; once trades arrive, they are the fresher source.
    if (!hasTrade) tick.last = close
    return { kind: 'tick', trade: false, tick }
  }
  if (type === undefined && 'u' in data && 'b' in data && 'a' in data) {
    // {"u":book update id,"s":symbol,"b":best bid,"B":qty,"a":best ask,"A":qty}: no event time.
    const bid = toValidNumber(data.b)
    const ask = toValidNumber(data.a)
    if (bid === undefined || ask === undefined) {
      return { kind: 'malformed', reason: `${symbol}: book ticker "b" or "a" is not a valid number` }
    }
    return {
      kind: 'tick',
      trade: false,
      tick: { source: sourceId, symbol, bid, ask, time: null, receivedAt }
    }
  }
  return {
    kind: 'malformed',
    reason:
      typeof type === 'string' ? `unexpected Binance event type "${type}"` : 'unrecognised Binance event'
  }
}

/** A wire time in `unit`, `null` when absent, `undefined` when present but not a time. */
function eventTime(raw: unknown, unit: TimeUnit): number | null | undefined {
  if (raw === undefined || raw === null) return null
  return toEpochMs(raw, unit)
}

/** The three documented forms of the shutdown notice, wrapped or not; see `BinanceAdapter.message`. */
export function isServerShutdown(value: Record<string, unknown>): boolean {
  if (value.e === 'serverShutdown') return true
  const event = value.event
  return (
    typeof event === 'object' && event !== null && (event as Record<string, unknown>).e === 'serverShutdown'
  )
}
