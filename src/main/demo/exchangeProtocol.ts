import type { SimulatedQuote } from './priceWalk'

/**
 * The simulated exchange's wire protocol (JSON text frames over WebSocket).
 *
 * Client → server:
 *   `{"op":"subscribe","symbols":["AAPL","EURUSD"]}`   adds symbols ("*" means every listed one)
 *   `{"op":"unsubscribe","symbols":["AAPL"]}`          removes symbols
 * Anything else is ignored (and counted by the server). The server sends no acknowledgement:
 * the first quote for a symbol is the confirmation, as on many real feeds.
 *
 * Server → client, one message per update of one symbol:
 *   `{"s":"AAPL","p":189.33,"b":189.31,"a":189.33,"v":123400,"E":1700000000123,"q":42,"z":25,"t":"b"}`
 *   s symbol, p last trade price, b bid, a ask, v cumulative volume this session,
 *   E event time (epoch ms), q per-symbol sequence number (+1 per message; a jump is a gap),
 *   z this trade's size, t its taker side ("b" bought at the ask, "s" sold at the bid).
 */

export type ExchangeCommand = { op: 'subscribe' | 'unsubscribe'; symbols: string[] }

/** The JSON-adapter mapping that reads this protocol (DESIGN.md, configuration `mapping`). */
export const EXCHANGE_MAPPING = {
  symbol: 's',
  price: 'p',
  bid: 'b',
  ask: 'a',
  volume: 'v',
  sequence: 'q',
  size: 'z',
  side: 't',
  time: 'E',
  timeUnit: 'ms'
} as const

/** Subscribe template for the JSON adapter; `"{{symbols}}"` becomes the configured symbol array. */
export const EXCHANGE_SUBSCRIBE_TEMPLATE = { op: 'subscribe', symbols: '{{symbols}}' } as const

/** Parses one client frame; `null` for anything that is not a well-formed command. */
export function parseExchangeCommand(text: string): ExchangeCommand | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof raw !== 'object' || raw === null) return null
  const { op, symbols } = raw as Record<string, unknown>
  if (op !== 'subscribe' && op !== 'unsubscribe') return null
  if (!Array.isArray(symbols) || !symbols.every((s): s is string => typeof s === 'string')) return null
  return { op, symbols }
}

export function encodeQuote(quote: SimulatedQuote): string {
  return JSON.stringify({
    s: quote.symbol,
    p: quote.last,
    b: quote.bid,
    a: quote.ask,
    v: quote.volume,
    E: quote.time,
    q: quote.sequence,
    z: quote.size,
    t: quote.side === 'buy' ? 'b' : 's'
  })
}
