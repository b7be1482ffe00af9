import type { MarketConfig } from '@shared/config'
import type { Tick } from '@shared/model'
import type { SourceSink } from '../sourceSink'
import { decodeCoinbaseMessage, type CoinbaseMessage } from './coinbaseMessage'
import { CoinbaseTradeGaps } from './coinbaseTradeGaps'
import type { AdapterLink, MarketAdapter } from './marketAdapter'

type CoinbaseConfig = Extract<MarketConfig, { adapter: 'coinbase' }>

/** The channels every product is subscribed to: prices, and the per-second proof of life. */
export const COINBASE_CHANNELS = ['ticker', 'heartbeat'] as const

/**
 * Coinbase disconnects a client that has not subscribed within 5 s of connecting (Exchange
 * WebSocket overview, "Subscribe"); a request the exchange has not answered in that time means
 * the connection is no good either.
 */
export const COINBASE_REPLY_DEADLINE_MS = 5_000

const INVALID_PRODUCT = /^(.+) is not a valid product$/

/**
 * The Coinbase Exchange market-data feed (wss://ws-feed.exchange.coinbase.com): subscribes each
 * watched product to `ticker` and `heartbeat`, turns tickers into ticks, tells the watchlist what
 * the exchange accepted or refused, and counts trades it never saw as gaps.
 */
export class CoinbaseAdapter implements MarketAdapter {
  /**
   * The heartbeat channel sends one message per product every second, so ten silent seconds
   * mean a dead connection, not a quiet market.
   */
  readonly defaultWatchdogMs = 10_000
  /** The Exchange feed documents no connection lifetime limit. */
  readonly maxConnectionAgeMs = null

  /** Products the exchange called invalid: not asked for again until re-added to the watchlist. */
  private readonly rejected = new Set<string>()
  private watched = new Set<string>()
  // Per connection:
  /** Products the exchange lists as subscribed (ticker channel). */
  private readonly subscribed = new Set<string>()
  /** Asked for, not yet listed in a `subscriptions` reply. */
  private readonly unconfirmed = new Set<string>()
  /** Unsubscribed, not yet gone from a `subscriptions` reply. */
  private readonly removing = new Set<string>()
  /** Send times of requests still waiting for their reply, oldest first. */
  private readonly pendingReplies: number[] = []
  private lastExchangeError: string | null = null
  private readonly gaps = new CoinbaseTradeGaps()

  constructor(
    private readonly config: CoinbaseConfig,
    private readonly sink: SourceSink
  ) {}

  connectUrl(baseUrl: string): string {
    return baseUrl
  }

  opened(link: AdapterLink, symbols: readonly string[]): void {
    this.watched = new Set(symbols)
    for (const product of this.rejected) if (!this.watched.has(product)) this.rejected.delete(product)
    this.request(
      link,
      'subscribe',
      symbols.filter((s) => !this.rejected.has(s))
    )
  }

  message(text: string, receivedAt: number, link: AdapterLink): void {
    const message = decodeCoinbaseMessage(text)
    switch (message.kind) {
      case 'ticker':
        this.onTicker(message, receivedAt)
        return
      case 'heartbeat':
        if (!this.watched.has(message.product)) return
        {
          const missed = this.gaps.heartbeat(message.product, message.lastTradeId)
          if (missed !== null) this.sink.gap(message.product, missed)
        }
        return
      case 'subscriptions':
        this.onSubscriptions(message.channels, link)
        return
      case 'error':
        this.onError(message.message, message.reason, link)
        return
      case 'ignored':
        return
      case 'malformed':
        this.sink.malformed(message.reason)
        return
    }
  }

  symbolsChanged(
    link: AdapterLink,
    added: readonly string[],
    removed: readonly string[],
    all: readonly string[]
  ): void {
    this.watched = new Set(all)
    // A product the exchange refused was never subscribed: nothing to unsubscribe.
    const toRemove = removed.filter((s) => !this.rejected.has(s))
    for (const product of removed) {
      this.rejected.delete(product)
      this.unconfirmed.delete(product)
      this.gaps.forget(product)
      this.removing.add(product)
    }
    // Re-adding a refused product is the user asking to try again.
    for (const product of added) {
      this.rejected.delete(product)
      this.removing.delete(product)
    }
    this.request(link, 'unsubscribe', toRemove)
    this.request(link, 'subscribe', added)
  }

  everySecond(link: AdapterLink, now: number): void {
    const oldest = this.pendingReplies[0]
    if (oldest !== undefined && now - oldest >= COINBASE_REPLY_DEADLINE_MS) {
      const said = this.lastExchangeError === null ? '' : ` (exchange said: ${this.lastExchangeError})`
      link.reconnect(`no subscriptions reply within ${COINBASE_REPLY_DEADLINE_MS / 1000} s${said}`)
    }
  }

  closed(): void {
    this.subscribed.clear()
    this.unconfirmed.clear()
    this.removing.clear()
    this.pendingReplies.length = 0
    this.lastExchangeError = null
    this.gaps.clear()
  }

  private request(link: AdapterLink, type: 'subscribe' | 'unsubscribe', products: readonly string[]): void {
    if (products.length === 0) return
    link.send({ type, product_ids: products, channels: COINBASE_CHANNELS })
    this.pendingReplies.push(Date.now())
    if (type === 'subscribe') for (const product of products) this.unconfirmed.add(product)
  }

  private onTicker(message: Extract<CoinbaseMessage, { kind: 'ticker' }>, receivedAt: number): void {
    const { product } = message
    // In flight after an unsubscribe, or never asked for: not ours to show.
    if (!this.watched.has(product)) return
    if (!this.gaps.ticker(product, message.sequence, message.tradeId)) return
    // No `sequence` on the tick: ticker sequences skip by design (see CoinbaseTradeGaps), and the
    // engine would count every skip as a gap.
    const tick: Tick = {
      source: this.config.id,
      symbol: product,
      last: message.last,
      time: message.time,
      receivedAt
    }
    if (message.bid !== undefined) tick.bid = message.bid
    if (message.ask !== undefined) tick.ask = message.ask
    if (message.volume !== undefined) tick.volume = message.volume
    if (message.open !== undefined) tick.open = message.open
    // Every ticker message is sent for a match: it carries the trade's size and the taker side.
    if (message.tradeId !== undefined || message.lastSize !== undefined)
      tick.trade = { size: message.lastSize ?? null, side: message.side ?? null }
    this.sink.tick(tick)
  }

  /** The exchange's full list of active subscriptions, sent after every (un)subscribe. */
  private onSubscriptions(channels: Map<string, string[]>, link: AdapterLink): void {
    this.pendingReplies.shift()
    this.lastExchangeError = null
    const listed = new Set(channels.get('ticker') ?? [])
    for (const product of listed) {
      this.unconfirmed.delete(product)
      if (this.watched.has(product) && !this.subscribed.has(product)) {
        this.subscribed.add(product)
        link.symbolStatus(product, 'subscribed')
      }
    }
    for (const product of this.removing) {
      if (listed.has(product)) continue
      this.removing.delete(product)
      this.subscribed.delete(product)
      link.symbolStatus(product, 'unsubscribed')
    }
    for (const product of this.subscribed) {
      if (listed.has(product)) continue
      this.subscribed.delete(product)
      if (this.watched.has(product)) link.symbolStatus(product, 'unsubscribed', 'dropped by the exchange')
    }
  }

  private onError(message: string, reason: string, link: AdapterLink): void {
    const invalid = INVALID_PRODUCT.exec(reason)
    const product = invalid?.[1]
    if (product === undefined || !this.watched.has(product)) {
      // Not about one of our products: leave the request unanswered, so the reply deadline
      // reconnects and names this error.
      this.lastExchangeError = reason === '' ? message : `${message}: ${reason}`
      return
    }
    // The request that named it is answered (refused). Coinbase refuses the whole subscribe, so
    // ask again for the products of that request that are still waiting, without this one.
    this.pendingReplies.shift()
    this.rejected.add(product)
    this.unconfirmed.delete(product)
    link.symbolStatus(product, 'rejected', reason)
    const retry = [...this.unconfirmed].filter((p) => this.watched.has(p))
    this.unconfirmed.clear()
    this.request(link, 'subscribe', retry)
  }
}
