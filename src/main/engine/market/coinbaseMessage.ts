import { parseIsoMs } from '../eventTime'
import { toValidNumber } from '../numericValue'

/**
 * One message of the Coinbase Exchange feed (wss://ws-feed.exchange.coinbase.com), decoded
 * with one `JSON.parse` and without throwing. Field names follow the Exchange WebSocket docs:
 * - ticker: `{"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22",
 *   "open_24h":"1310.79","volume_24h":"245532.79","best_bid":"1285.04","best_ask":"1285.27",
 *   "side":"buy","time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.43"}`
 *   (numbers as decimal strings, `time` ISO 8601 with microseconds);
 * - heartbeat: `{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD",
 *   "time":"2014-11-07T08:19:28.464459Z"}`, once a second per product;
 * - subscriptions: `{"type":"subscriptions","channels":[{"name":"ticker","product_ids":[…]},…]}`,
 *   the full list of active subscriptions after every subscribe and unsubscribe;
 * - error: `{"type":"error","message":"Failed to subscribe","reason":"X is not a valid product"}`.
 */
export type CoinbaseMessage =
  | {
      kind: 'ticker'
      product: string
      last: number
      bid?: number
      ask?: number
      open?: number
      volume?: number
      time: number | null
      sequence?: number
      tradeId?: number
      /** The trade behind this ticker: its size and the taker's side. */
      lastSize?: number
      side?: 'buy' | 'sell'
    }
  | { kind: 'heartbeat'; product: string; lastTradeId: number }
  /** Products per channel name, as the exchange now has them. */
  | { kind: 'subscriptions'; channels: Map<string, string[]> }
  | { kind: 'error'; message: string; reason: string }
  /** Documented message types of channels we do not read. */
  | { kind: 'ignored' }
  | { kind: 'malformed'; reason: string }

/**
 * Types the Exchange feed documents for its other channels (status, level2, full, matches,
 * auction…). We never subscribe to them; should one arrive it is protocol, not garbage. Any
 * other `type` is counted as malformed, so a changed protocol shows up in the counters.
 */
const OTHER_DOCUMENTED_TYPES = new Set([
  'status',
  'snapshot',
  'l2update',
  'received',
  'open',
  'done',
  'match',
  'last_match',
  'change',
  'activate',
  'auction',
  'rfq_match',
  'balance'
])

const PRICE_FIELDS = [
  ['best_bid', 'bid'],
  ['best_ask', 'ask'],
  ['open_24h', 'open'],
  ['volume_24h', 'volume']
] as const

export function decodeCoinbaseMessage(text: string): CoinbaseMessage {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { kind: 'malformed', reason: 'not valid JSON' }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'malformed', reason: 'message is not a JSON object' }
  }
  const m = parsed as Record<string, unknown>
  switch (m.type) {
    case 'ticker':
      return decodeTicker(m)
    case 'heartbeat':
      return decodeHeartbeat(m)
    case 'subscriptions':
      return decodeSubscriptions(m)
    case 'error':
      return {
        kind: 'error',
        message: typeof m.message === 'string' ? m.message : 'error',
        reason: typeof m.reason === 'string' ? m.reason : ''
      }
    case undefined:
      return { kind: 'malformed', reason: 'message has no "type"' }
    default:
      if (typeof m.type !== 'string') return { kind: 'malformed', reason: '"type" is not a string' }
      if (OTHER_DOCUMENTED_TYPES.has(m.type)) return { kind: 'ignored' }
      return { kind: 'malformed', reason: `unknown message type "${m.type.slice(0, 40)}"` }
  }
}

function decodeTicker(m: Record<string, unknown>): CoinbaseMessage {
  const product = m.product_id
  if (typeof product !== 'string' || product.length === 0) {
    return { kind: 'malformed', reason: 'ticker without product_id' }
  }
  const last = toValidNumber(m.price)
  if (last === undefined) {
    return {
      kind: 'malformed',
      reason:
        m.price === undefined ? `${product}: ticker without price` : `${product}: price is not a valid number`
    }
  }
  const out: Extract<CoinbaseMessage, { kind: 'ticker' }> = { kind: 'ticker', product, last, time: null }
  for (const [wire, field] of PRICE_FIELDS) {
    const raw = m[wire]
    if (raw === undefined || raw === null) continue
    const value = toValidNumber(raw)
    if (value === undefined) return { kind: 'malformed', reason: `${product}: ${wire} is not a valid number` }
    out[field] = value
  }
  if (m.time !== undefined && m.time !== null) {
    const time = typeof m.time === 'string' ? parseIsoMs(m.time) : undefined
    if (time === undefined) return { kind: 'malformed', reason: `${product}: time is not an ISO 8601 time` }
    out.time = time
  }
  const lastSize = m.last_size === undefined || m.last_size === null ? undefined : toValidNumber(m.last_size)
  if (lastSize !== undefined) out.lastSize = lastSize
  if (m.side === 'buy' || m.side === 'sell') out.side = m.side
  for (const [wire, field] of [
    ['sequence', 'sequence'],
    ['trade_id', 'tradeId']
  ] as const) {
    const raw = m[wire]
    if (raw === undefined || raw === null) continue
    const value = toCounter(raw)
    if (value === undefined) return { kind: 'malformed', reason: `${product}: ${wire} is not a whole number` }
    out[field] = value
  }
  return out
}

function decodeHeartbeat(m: Record<string, unknown>): CoinbaseMessage {
  const product = m.product_id
  if (typeof product !== 'string' || product.length === 0) {
    return { kind: 'malformed', reason: 'heartbeat without product_id' }
  }
  const lastTradeId = toCounter(m.last_trade_id)
  if (lastTradeId === undefined) {
    return { kind: 'malformed', reason: `${product}: heartbeat last_trade_id is not a whole number` }
  }
  return { kind: 'heartbeat', product, lastTradeId }
}

function decodeSubscriptions(m: Record<string, unknown>): CoinbaseMessage {
  if (!Array.isArray(m.channels)) return { kind: 'malformed', reason: 'subscriptions without channels' }
  const channels = new Map<string, string[]>()
  for (const channel of m.channels as unknown[]) {
    // A channel is `{"name","product_ids"}`; a bare name string means no products.
    if (typeof channel === 'string') {
      channels.set(channel, [])
      continue
    }
    if (typeof channel !== 'object' || channel === null) {
      return { kind: 'malformed', reason: 'subscriptions channel is not an object' }
    }
    const { name, product_ids: products } = channel as Record<string, unknown>
    if (typeof name !== 'string') return { kind: 'malformed', reason: 'subscriptions channel without name' }
    const list = Array.isArray(products) ? products.filter((p): p is string => typeof p === 'string') : []
    channels.set(name, list)
  }
  return { kind: 'subscriptions', channels }
}

/** Sequence numbers and trade ids: non-negative whole numbers (JSON numbers on this feed). */
function toCounter(raw: unknown): number | undefined {
  const value = toValidNumber(raw)
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined
}
