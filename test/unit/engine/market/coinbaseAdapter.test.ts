import { describe, expect, it } from 'vitest'
import type { MarketConfig } from '@shared/config'
import { CoinbaseAdapter } from '../../../../src/main/engine/market/coinbaseAdapter'
import { CollectingSink } from '../../../harness/collectingSink'
import { recordingAdapterLink } from '../../../harness/recordingAdapterLink'

type CoinbaseConfig = Extract<MarketConfig, { adapter: 'coinbase' }>

const config: CoinbaseConfig = {
  id: 'cb',
  adapter: 'coinbase',
  url: 'wss://ws-feed.exchange.coinbase.com',
  symbols: ['BTC-USD', 'ETH-USD'],
  staleAfterMs: 30_000,
  reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  maxMessageBytes: 1024 * 1024
}

/** The adapter's side of a connection, recording what it sends and asks for. */
function recordingLink(sink: CollectingSink) {
  const link = recordingAdapterLink(sink)
  return { link, sent: link.sent, reconnects: link.reconnects }
}

const subscriptions = (products: string[]) =>
  JSON.stringify({
    type: 'subscriptions',
    channels: [
      { name: 'ticker', product_ids: products },
      { name: 'heartbeat', product_ids: products }
    ]
  })
const ticker = (product: string, sequence: number, tradeId: number, price: string) =>
  JSON.stringify({ type: 'ticker', product_id: product, sequence, trade_id: tradeId, price })

function opened() {
  const sink = new CollectingSink()
  const adapter = new CoinbaseAdapter(config, sink)
  const { link, sent, reconnects } = recordingLink(sink)
  adapter.opened(link, config.symbols)
  return { sink, adapter, link, sent, reconnects }
}

describe('CoinbaseAdapter', () => {
  it('expects heartbeats every second: a 10 s default watchdog and no lifetime limit', () => {
    const adapter = new CoinbaseAdapter(config, new CollectingSink())
    expect(adapter.defaultWatchdogMs).toBe(10_000)
    expect(adapter.maxConnectionAgeMs).toBeNull()
    expect(adapter.connectUrl(config.url)).toBe(config.url)
  })

  it('reports unsubscribed once the exchange no longer lists a removed product', () => {
    const { sink, adapter, link, sent } = opened()
    adapter.message(subscriptions(['BTC-USD', 'ETH-USD']), 0, link)
    adapter.symbolsChanged(link, [], ['ETH-USD'], ['BTC-USD'])
    expect(sent.at(-1)).toEqual({
      type: 'unsubscribe',
      product_ids: ['ETH-USD'],
      channels: ['ticker', 'heartbeat']
    })
    adapter.message(subscriptions(['BTC-USD']), 0, link)
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'BTC-USD', status: 'subscribed', detail: undefined },
      { symbol: 'ETH-USD', status: 'subscribed', detail: undefined },
      { symbol: 'ETH-USD', status: 'unsubscribed', detail: undefined }
    ])
  })

  it('reports a product the exchange dropped on its own', () => {
    const { sink, adapter, link } = opened()
    adapter.message(subscriptions(['BTC-USD', 'ETH-USD']), 0, link)
    adapter.message(subscriptions(['BTC-USD']), 0, link)
    expect(sink.symbolStatuses.at(-1)).toEqual({
      symbol: 'ETH-USD',
      status: 'unsubscribed',
      detail: 'dropped by the exchange'
    })
  })

  it('drops out-of-order tickers and tickers for products it does not watch', () => {
    const { sink, adapter, link } = opened()
    adapter.message(ticker('BTC-USD', 100, 10, '5'), 1, link)
    adapter.message(ticker('BTC-USD', 90, 9, '4'), 2, link)
    adapter.message(ticker('SOL-USD', 1, 1, '3'), 3, link)
    expect(sink.ticks).toEqual([
      // Every ticker is a match: a trade, here without size or side.
      {
        source: 'cb',
        symbol: 'BTC-USD',
        last: 5,
        time: null,
        receivedAt: 1,
        trade: { size: null, side: null }
      }
    ])
    expect(sink.malformedReasons).toEqual([])
  })

  it('reconnects when a request stays unanswered for 5 s, naming what the exchange said', () => {
    const { adapter, link, reconnects } = opened()
    const sentAt = Date.now()
    adapter.message('{"type":"error","message":"Failed to subscribe","reason":"channel is down"}', 0, link)
    adapter.everySecond(link, sentAt + 4_000)
    expect(reconnects).toEqual([])
    adapter.everySecond(link, sentAt + 5_100)
    expect(reconnects).toEqual([
      'no subscriptions reply within 5 s (exchange said: Failed to subscribe: channel is down)'
    ])
  })

  it('has no deadline once answered, and forgets pending requests on close', () => {
    const { adapter, link, reconnects } = opened()
    adapter.message(subscriptions(['BTC-USD', 'ETH-USD']), 0, link)
    adapter.everySecond(link, Date.now() + 60_000)
    adapter.symbolsChanged(link, ['SOL-USD'], [], ['BTC-USD', 'ETH-USD', 'SOL-USD'])
    adapter.closed()
    adapter.everySecond(link, Date.now() + 60_000)
    expect(reconnects).toEqual([])
  })

  it('does not ask again for a rejected product on reconnect, but does when the user re-adds it', () => {
    const sink = new CollectingSink()
    const adapter = new CoinbaseAdapter(config, sink)
    const first = recordingLink(sink)
    adapter.opened(first.link, ['BTC-USD', 'BAD-USD'])
    adapter.message(
      '{"type":"error","message":"Failed to subscribe","reason":"BAD-USD is not a valid product"}',
      0,
      first.link
    )
    expect(first.sent).toEqual([
      { type: 'subscribe', product_ids: ['BTC-USD', 'BAD-USD'], channels: ['ticker', 'heartbeat'] },
      { type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker', 'heartbeat'] }
    ])
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'BAD-USD', status: 'rejected', detail: 'BAD-USD is not a valid product' }
    ])
    adapter.closed()
    const second = recordingLink(sink)
    adapter.opened(second.link, ['BTC-USD', 'BAD-USD'])
    expect(second.sent).toEqual([
      { type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker', 'heartbeat'] }
    ])
    adapter.symbolsChanged(second.link, [], ['BAD-USD'], ['BTC-USD'])
    adapter.symbolsChanged(second.link, ['BAD-USD'], [], ['BTC-USD', 'BAD-USD'])
    // Removing a refused product sends nothing; re-adding it tries again.
    expect(second.sent.slice(1)).toEqual([
      { type: 'subscribe', product_ids: ['BAD-USD'], channels: ['ticker', 'heartbeat'] }
    ])
    expect(sink.malformedReasons).toEqual([])
  })
})
