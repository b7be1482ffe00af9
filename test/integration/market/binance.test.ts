import { afterEach, describe, expect, it } from 'vitest'
import type { MarketConfig, TickwireConfig } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { MarketSource } from '../../../src/main/engine/marketSource'
import { BinanceServer, type BinanceServerOptions } from '../../harness/binanceServer'
import { CollectingSink } from '../../harness/collectingSink'
import { waitFor } from '../../harness/waitFor'

type BinanceConfig = Extract<MarketConfig, { adapter: 'binance' }>

let server: BinanceServer | null = null
let engine: Engine | null = null
let source: MarketSource | null = null

afterEach(async () => {
  await engine?.stop()
  await source?.stop()
  await server?.close()
  engine = source = server = null
})

async function startServer(options: BinanceServerOptions = {}): Promise<BinanceServer> {
  server = await BinanceServer.start(options)
  return server
}

function binance(s: BinanceServer, overrides: Partial<BinanceConfig> = {}): BinanceConfig {
  return {
    id: 'bn',
    adapter: 'binance',
    url: s.url,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    maxMessageBytes: 4096,
    ...overrides
  }
}

function startEngine(m: BinanceConfig): Engine {
  const config: TickwireConfig = { market: [m], telemetry: [] }
  engine = new Engine(config, { statsIntervalMs: 100 })
  engine.start()
  return engine
}

const stats = (e: Engine) => e.stats().sources[0]
const subscribe = (symbols: string[], id: number) => ({
  method: 'SUBSCRIBE',
  params: symbols.flatMap((s) => [`${s}@trade`, `${s}@bookTicker`, `${s}@miniTicker`]),
  id
})

/** Waits until the server serves both default symbols on a fresh connection. */
async function subscribedOn(s: BinanceServer, connections: number): Promise<void> {
  await waitFor(
    () => s.connections === connections && s.subscribed('btcusdt@trade') && s.subscribed('ethusdt@miniTicker'),
    `subscriptions on connection ${connections}`
  )
}

/** Publishes a trade and waits until the engine shows it, proving the path works end to end. */
async function tradeShows(s: BinanceServer, e: Engine, price: string): Promise<void> {
  s.trade('BTCUSDT', price)
  await waitFor(
    () => e.snapshot().tickers.find((t) => t.key === 'bn/BTCUSDT')?.last === Number(price),
    `BTCUSDT at ${price}`
  )
}

describe('binance adapter against a Binance-protocol server', () => {
  it('subscribes all three streams per symbol in one request and merges them into the snapshot', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    expect(s.received.map((t) => JSON.parse(t))).toEqual([subscribe(['btcusdt', 'ethusdt'], 1)])
    const E = Date.now() - 5
    s.miniTicker('BTCUSDT', { o: '60000.00', c: '60600.00', v: '1234.5', E })
    s.bookTicker('BTCUSDT', '60599.99', '60600.01')
    s.trade('BTCUSDT', '60606.00', { E: E + 1 })
    s.trade('ETHUSDT', '3000.50', { E: E + 2 })
    await waitFor(() => stats(e).messages === 5, 'five messages (answer and four events)')
    expect(e.snapshot().tickers.map((t) => [t.key, t.last, t.bid, t.ask, t.volume, t.changePct, t.time])).toEqual([
      ['bn/BTCUSDT', 60606, 60599.99, 60600.01, 1234.5, 1.01, E + 1],
      ['bn/ETHUSDT', 3000.5, null, null, null, 0, E + 2]
    ])
    // Feed latency: miniTicker and two trades carry E; bookTicker has no event time.
    expect(stats(e)).toMatchObject({ malformed: 0, gaps: 0, reconnects: 0, state: 'open' })
    expect(stats(e).latencyMs.feed.count).toBe(3)
    expect(s.rateLimitViolations).toBe(0)
  })

  it('answers Binance pings with pongs that copy the payload', async () => {
    const s = await startServer({ pingIntervalMs: 400 })
    startEngine(binance(s))
    await subscribedOn(s, 1)
    await waitFor(() => s.pongs >= 2, 'two pongs', 5000)
    expect(s.pongMismatches).toBe(0)
    expect(s.rateLimitViolations).toBe(0)
  })

  it('adds and removes symbols live with paced, exact requests and no reconnect', async () => {
    const s = await startServer()
    const sink = new CollectingSink()
    source = new MarketSource(binance(s), sink)
    source.start()
    await subscribedOn(s, 1)
    await waitFor(() => sink.symbolStatuses.length === 2, 'subscribed statuses')
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'BTCUSDT', status: 'subscribed', detail: undefined },
      { symbol: 'ETHUSDT', status: 'subscribed', detail: undefined }
    ])
    source.setSymbols(['BTCUSDT', 'SOLUSDT', 'bnbusdt'])
    source.setSymbols(['BTCUSDT', 'SOLUSDT', 'bnbusdt', 'XRPUSDT'])
    await waitFor(() => s.subscribed('xrpusdt@miniTicker') && !s.subscribed('ethusdt@trade'), 'live changes applied')
    expect(s.requests).toEqual([
      subscribe(['btcusdt', 'ethusdt'], 1),
      { method: 'UNSUBSCRIBE', params: ['ethusdt@trade', 'ethusdt@bookTicker', 'ethusdt@miniTicker'], id: 2 },
      // The two additions queued behind the pacing went out as one request.
      subscribe(['solusdt', 'xrpusdt'], 3)
    ])
    await waitFor(() => sink.symbolStatuses.length === 6, 'statuses for the changes')
    expect(sink.symbolStatuses.slice(2)).toEqual([
      { symbol: 'bnbusdt', status: 'rejected', detail: 'Binance symbols are upper case: did you mean BNBUSDT?' },
      { symbol: 'ETHUSDT', status: 'unsubscribed', detail: undefined },
      { symbol: 'SOLUSDT', status: 'subscribed', detail: undefined },
      { symbol: 'XRPUSDT', status: 'subscribed', detail: undefined }
    ])
    s.trade('SOLUSDT', '150.25')
    s.trade('ETHUSDT', '1')
    await waitFor(() => sink.ticks.some((t) => t.symbol === 'SOLUSDT'), 'added symbol ticks')
    expect(sink.ticks.map((t) => t.symbol)).toEqual(['SOLUSDT'])
    expect(s.connections).toBe(1)
    expect(s.rateLimitViolations).toBe(0)
    expect(sink.malformedReasons).toEqual([])
  })
})
