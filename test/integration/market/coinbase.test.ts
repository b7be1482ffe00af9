import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MarketConfig, TickwireConfig } from '@shared/config'
import type { SourceStats } from '@shared/model'
import { Engine } from '../../../src/main/engine/engine'
import { CoinbaseServer } from '../../harness/coinbaseServer'
import { waitFor } from '../../harness/waitFor'

type CoinbaseConfig = Extract<MarketConfig, { adapter: 'coinbase' }>

let server: CoinbaseServer
let engine: Engine | null = null

beforeEach(async () => {
  server = await CoinbaseServer.start()
})
afterEach(async () => {
  await engine?.stop()
  engine = null
  await server.close()
})

function coinbase(overrides: Partial<CoinbaseConfig> = {}): CoinbaseConfig {
  return {
    id: 'cb',
    adapter: 'coinbase',
    url: server.url,
    symbols: ['BTC-USD', 'ETH-USD'],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    maxMessageBytes: 4096,
    ...overrides
  }
}

function startEngine(m: CoinbaseConfig = coinbase()): Engine {
  const config: TickwireConfig = { market: [m], telemetry: [] }
  engine = new Engine(config, { statsIntervalMs: 100 })
  engine.start()
  return engine
}

const stats = (e: Engine): SourceStats => e.stats().sources[0]
const subscribe = (products: string[]): string =>
  JSON.stringify({ type: 'subscribe', product_ids: products, channels: ['ticker', 'heartbeat'] })
const unsubscribe = (products: string[]): string =>
  JSON.stringify({ type: 'unsubscribe', product_ids: products, channels: ['ticker', 'heartbeat'] })
const statuses = (e: Engine) => e.watchlists()[0].statuses

/** Connected and subscribed: the exchange confirmed every product in `products`. */
async function subscribed(e: Engine, products = ['BTC-USD', 'ETH-USD']): Promise<void> {
  await waitFor(
    () => stats(e).state === 'open' && products.every((p) => statuses(e)[p]?.status === 'subscribed'),
    `subscribed to ${products.join(', ')}`
  )
}

/** After a fault: reconnected once more, resubscribed, and a fresh trade reaches the snapshot. */
async function backAndLive(e: Engine, reconnects: number, price: string): Promise<void> {
  await waitFor(
    () => stats(e).reconnects === reconnects && stats(e).state === 'open',
    `reconnect ${reconnects}`
  )
  await waitFor(() => server.subscribedTo('ticker').length === 2, 'resubscribed')
  server.trade('BTC-USD', { price })
  await waitFor(
    () => e.snapshot().tickers.find((t) => t.symbol === 'BTC-USD')?.last === Number(price),
    'live'
  )
}

describe('coinbase adapter against a Coinbase-protocol server', () => {
  it('subscribes to ticker and heartbeat for every product at once, and reports the confirmation', async () => {
    const e = startEngine()
    await subscribed(e)
    expect(server.received).toEqual([subscribe(['BTC-USD', 'ETH-USD'])])
    expect(statuses(e)).toEqual({
      'BTC-USD': { status: 'subscribed', detail: null },
      'ETH-USD': { status: 'subscribed', detail: null }
    })
    expect(server.connections).toBe(1)
  })

  it('puts ticker fields into the snapshot exactly: last, bid, ask, volume, change % from open_24h, time', async () => {
    const e = startEngine()
    await subscribed(e)
    server.setStats('BTC-USD', { open24h: '60000.00', volume24h: '12345.678' })
    server.trade('BTC-USD', { price: '62000.00' })
    server.trade('BTC-USD', {
      price: '63000.00',
      best_bid: '62999.99',
      best_ask: '63000.01',
      time: '2024-12-07T18:00:06.223523Z'
    })
    server.trade('ETH-USD', { price: '3000.5', time: '2024-12-07T18:00:07.000001Z' })
    await waitFor(() => e.snapshot().tickers.length === 2, 'two tickers')
    const [btc, eth] = e.snapshot().tickers
    expect([btc.key, btc.last, btc.bid, btc.ask, btc.volume]).toEqual([
      'cb/BTC-USD',
      63000,
      62999.99,
      63000.01,
      12345.678
    ])
    expect([eth.key, eth.last, eth.bid, eth.ask, eth.volume]).toEqual([
      'cb/ETH-USD',
      3000.5,
      3000.5,
      3000.5,
      1000
    ])
    // change % against open_24h (the server's default open is 100.00)
    expect(btc.changePct).toBeCloseTo(5, 9)
    expect(eth.changePct).toBeCloseTo(2900.5, 9)
    // ISO time with microseconds, kept below the millisecond
    expect(btc.time).toBeCloseTo(Date.parse('2024-12-07T18:00:06Z') + 223.523, 3)
    expect(eth.time).toBeCloseTo(Date.parse('2024-12-07T18:00:07Z') + 0.001, 3)
    // Tickers skip sequence numbers by design: no gap, nothing malformed.
    expect(stats(e)).toMatchObject({ malformed: 0, gaps: 0, reconnects: 0 })
  })

  it('adds and removes products live with subscribe/unsubscribe for just those, on one connection', async () => {
    const e = startEngine()
    await subscribed(e)
    expect(e.setWatchlist('cb', ['BTC-USD', 'SOL-USD'])).toBeNull()
    await waitFor(() => statuses(e)['SOL-USD']?.status === 'subscribed', 'SOL-USD subscribed')
    await waitFor(
      () => !server.subscribedTo('ticker').includes('ETH-USD'),
      'ETH-USD unsubscribed on the server'
    )
    expect(server.received).toEqual([
      subscribe(['BTC-USD', 'ETH-USD']),
      unsubscribe(['ETH-USD']),
      subscribe(['SOL-USD'])
    ])
    expect(server.subscribedTo('ticker')).toEqual(['BTC-USD', 'SOL-USD'])
    expect(server.subscribedTo('heartbeat')).toEqual(['BTC-USD', 'SOL-USD'])
    server.trade('SOL-USD', { price: '150.25' })
    server.trade('ETH-USD', { price: '1' }) // no longer subscribed: the server does not send it
    await waitFor(() => e.snapshot().tickers.some((t) => t.key === 'cb/SOL-USD'), 'SOL-USD ticks')
    expect(e.snapshot().tickers.map((t) => t.key)).toEqual(['cb/SOL-USD'])
    expect(server.connections).toBe(1)
    expect(stats(e)).toMatchObject({ reconnects: 0, malformed: 0 })
  })

  it('marks an invalid product rejected (not malformed) and still subscribes the others', async () => {
    const e = startEngine(coinbase({ symbols: ['BTC-USD', 'NOPE-USD', 'ETH-USD'] }))
    await subscribed(e)
    expect(statuses(e)['NOPE-USD']).toEqual({ status: 'rejected', detail: 'NOPE-USD is not a valid product' })
    expect(server.received).toEqual([
      subscribe(['BTC-USD', 'NOPE-USD', 'ETH-USD']),
      subscribe(['BTC-USD', 'ETH-USD'])
    ])
    expect(stats(e)).toMatchObject({ malformed: 0, reconnects: 0 })
    // A later reconnect does not ask for it again.
    server.closeClients()
    await backAndLive(e, 1, '64000')
    expect(server.received.at(-1)).toBe(subscribe(['BTC-USD', 'ETH-USD']))
  })

  it('reconnects and resubscribes after a server-initiated close', async () => {
    const e = startEngine()
    await subscribed(e)
    server.closeClients(1001, 'going away')
    await backAndLive(e, 1, '61000')
    expect(server.received).toEqual([subscribe(['BTC-USD', 'ETH-USD']), subscribe(['BTC-USD', 'ETH-USD'])])
    expect(server.connections).toBe(2)
    expect(stats(e)).toMatchObject({ malformed: 0, gaps: 0 })
  })

  it('reconnects and resubscribes after the socket is destroyed without a close handshake', async () => {
    const e = startEngine()
    await subscribed(e)
    server.destroyClients()
    await backAndLive(e, 1, '61500')
    expect(server.connections).toBe(2)
    expect(server.received.filter((m) => m === subscribe(['BTC-USD', 'ETH-USD']))).toHaveLength(2)
  })

  it('replaces a half-open connection (no heartbeats, no pongs) within the watchdog time', async () => {
    const e = startEngine(coinbase({ watchdogMs: 1500 }))
    await subscribed(e)
    // Heartbeats flow once a second, so a quiet-but-healthy connection is never replaced.
    await new Promise((resolve) => setTimeout(resolve, 2200))
    expect(stats(e).reconnects).toBe(0)
    const silencedAt = Date.now()
    server.silenceClients()
    await waitFor(() => stats(e).reconnects === 1, 'watchdog reconnect', 8000)
    // Detected after at most the watchdog time plus the one-second check beat (and a little slack).
    expect(Date.now() - silencedAt).toBeLessThan(1500 + 1000 + 1000)
    expect(stats(e).lastError).toMatch(/^no data for \d+ s \(watchdog 1.5 s\)$/)
    await backAndLive(e, 1, '62000')
    expect(server.connections).toBe(2)
  })

  it('counts garbage and oversized messages as malformed, and ignores protocol messages it does not read', async () => {
    const e = startEngine()
    await subscribed(e)
    const before = stats(e).messages
    server.sendRaw('{not json')
    server.sendRaw('[1,2]')
    server.sendRaw({ product_id: 'BTC-USD', price: '1' })
    server.sendRaw({ type: 'surprise' })
    server.sendRaw({ type: 'ticker', product_id: 'BTC-USD', price: 'abc' })
    server.sendRaw({ type: 'ticker', product_id: 'BTC-USD', price: '1', time: 'yesterday' })
    server.sendRaw({ type: 'heartbeat', product_id: 'BTC-USD' })
    // Legitimate protocol, not garbage: a status message, an unrelated error.
    server.sendRaw({ type: 'status', products: [], currencies: [] })
    server.sendRaw({ type: 'error', message: 'Failed to unsubscribe', reason: 'not subscribed' })
    server.trade('BTC-USD', { price: '65000' })
    await waitFor(() => stats(e).messages >= before + 10, 'all messages')
    await waitFor(() => e.snapshot().tickers.some((t) => t.last === 65000), 'valid ticker after garbage')
    expect(stats(e).malformed).toBe(7)
    expect(e.snapshot().tickers.map((t) => [t.key, t.last])).toEqual([['cb/BTC-USD', 65000]])
    expect(stats(e)).toMatchObject({ reconnects: 0, gaps: 0, state: 'open' })
    // Oversized: refused while it is read, so the connection is dropped and made again.
    server.sendRaw(
      JSON.stringify({ type: 'ticker', product_id: 'BTC-USD', price: '1', pad: 'x'.repeat(5000) })
    )
    await waitFor(() => stats(e).malformed === 8, 'oversized counted')
    expect(stats(e).lastMalformed).toBe('message over maxMessageBytes (4096 bytes): connection dropped')
    await backAndLive(e, 1, '65001')
    expect(stats(e)).toMatchObject({ malformed: 8, gaps: 0, state: 'open' })
  })

  it('counts lost tickers (missed trades) as one gap once the heartbeats prove it', async () => {
    const e = startEngine()
    await subscribed(e)
    server.trade('BTC-USD', { price: '100' })
    server.trade('BTC-USD', { price: '101' })
    await waitFor(() => e.snapshot().tickers[0]?.last === 101, 'ticks')
    // Two heartbeats with nothing lost: no gap.
    server.heartbeat()
    server.heartbeat()
    server.loseTrades('BTC-USD', 4)
    server.heartbeat() // announces last_trade_id 4 ahead: owed
    server.heartbeat() // still not covered a beat later: one gap
    await waitFor(() => stats(e).gaps === 1, 'one gap')
    server.trade('BTC-USD', { price: '102' })
    server.heartbeat()
    server.heartbeat()
    await waitFor(() => e.snapshot().tickers[0]?.last === 102, 'next tick')
    // Let the automatic heartbeats run too: the hole is counted once, never again.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(stats(e)).toMatchObject({ gaps: 1, malformed: 0, reconnects: 0 })
  })

  it('comes back after a server restart on the same port, resubscribed', async () => {
    const e = startEngine()
    await subscribed(e)
    const port = server.port
    await server.close()
    await waitFor(() => stats(e).state === 'reconnecting', 'reconnecting')
    server = await CoinbaseServer.start({ port })
    await waitFor(
      () => stats(e).state === 'open' && server.subscribedTo('ticker').length === 2,
      'resubscribed'
    )
    server.trade('BTC-USD', { price: '66000' })
    await waitFor(() => e.snapshot().tickers[0]?.last === 66000, 'live after restart')
    // One reconnect per failed attempt while the port was closed, plus the one that succeeded.
    expect(stats(e).reconnects).toBeGreaterThanOrEqual(1)
    expect(server.received).toEqual([subscribe(['BTC-USD', 'ETH-USD'])])
    expect(stats(e)).toMatchObject({ malformed: 0, gaps: 0, state: 'open' })
  })

  it('reconnects when the exchange does not answer the subscribe within 5 s', async () => {
    server.unansweredConnections = 1
    const e = startEngine()
    await waitFor(() => server.received.length === 1, 'subscribe sent')
    await waitFor(() => stats(e).reconnects === 1, 'reply deadline reconnect', 9000)
    expect(stats(e).lastError).toBe('no subscriptions reply within 5 s')
    await subscribed(e)
    expect(server.received).toEqual([subscribe(['BTC-USD', 'ETH-USD']), subscribe(['BTC-USD', 'ETH-USD'])])
  })
})
