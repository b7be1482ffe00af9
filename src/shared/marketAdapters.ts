/**
 * The market adapters and their fixed facts, apart from the configuration schema: the renderer's
 * connection form needs these names, not zod, semver and the rest of `config.ts`.
 */
export const TIME_UNITS = ['s', 'ms', 'us', 'ns', 'iso'] as const
export type TimeUnit = (typeof TIME_UNITS)[number]

export const EXCHANGE_URLS = {
  binance: 'wss://stream.binance.com:9443/stream',
  coinbase: 'wss://ws-feed.exchange.coinbase.com',
  kraken: 'wss://ws.kraken.com/v2'
} as const

export const MARKET_ADAPTERS = ['json', 'binance', 'coinbase', 'kraken', 'tickwire'] as const
export type MarketAdapterName = (typeof MARKET_ADAPTERS)[number]

/**
 * Feeds where an empty watchlist means every symbol the feed sends (`json`, and a collector's
 * fan-out); the exchanges need at least one symbol to subscribe to.
 */
export function emptyWatchlistMeansAll(adapter: string): boolean {
  return adapter === 'json' || adapter === 'tickwire'
}
