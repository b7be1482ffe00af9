import type { Tick } from '@shared/model'
import { toEpochMs } from '../eventTime'
import { toValidNumber } from '../numericValue'

/**
 * Kraken WebSocket v2 `ticker` data element (docs.kraken.com, spot-websocket-v2/ticker):
 * `{symbol, bid, bid_qty, ask, ask_qty, last, volume, vwap, low, high, change, change_pct}` with
 * JSON numbers, `volume` the 24-hour base-currency volume, `change_pct` the 24-hour change in
 * percent, and an optional RFC 3339 `timestamp`. The ticker carries no sequence number.
 */
const PRICE_FIELDS = [
  ['last', 'last'],
  ['bid', 'bid'],
  ['ask', 'ask'],
  ['volume', 'volume'],
  ['changePct', 'change_pct']
] as const

/** A decoded element: a tick, nothing (a symbol not watched), or the reason it was refused. */
export type KrakenTickerResult = { tick: Tick } | { ignored: true } | { refused: string }

/**
 * One element of a ticker `data` array to a tick. Fields the element lacks stay undefined (the
 * engine keeps the previous value); a field present but not a valid number refuses the element.
 */
export function decodeKrakenTicker(
  sourceId: string,
  item: unknown,
  watched: ReadonlySet<string>,
  receivedAt: number
): KrakenTickerResult {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { refused: 'ticker data element is not an object' }
  }
  const fields = item as Record<string, unknown>
  const symbol = fields.symbol
  if (typeof symbol !== 'string' || symbol.length === 0) {
    return { refused: symbol === undefined ? 'ticker without symbol' : 'ticker symbol is not a string' }
  }
  // Updates already in flight when an unsubscribe was sent are expected, not an error.
  if (!watched.has(symbol)) return { ignored: true }

  const tick: Tick = { source: sourceId, symbol, time: null, receivedAt }
  let prices = 0
  for (const [field, wire] of PRICE_FIELDS) {
    const raw = fields[wire]
    if (raw === undefined || raw === null) continue
    const value = toValidNumber(raw)
    if (value === undefined) return { refused: `${symbol}: ${wire} is not a valid number` }
    tick[field] = value
    if (field === 'last' || field === 'bid' || field === 'ask') prices++
  }
  if (prices === 0) return { refused: `${symbol}: ticker without last, bid or ask` }

  const rawTime = fields.timestamp
  if (rawTime !== undefined && rawTime !== null) {
    const time = toEpochMs(rawTime, 'iso')
    if (time === undefined) return { refused: `${symbol}: timestamp is not an RFC 3339 time` }
    tick.time = time
  }
  return { tick }
}
