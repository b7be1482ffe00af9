import { afterEach, describe, expect, it, vi } from 'vitest'
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
    () =>
      s.connections === connections && s.subscribed('btcusdt@trade') && s.subscribed('ethusdt@miniTicker'),
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
    expect(
      e.snapshot().tickers.map((t) => [t.key, t.last, t.bid, t.ask, t.volume, t.changePct, t.time])
    ).toEqual([
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
    await waitFor(
      () => s.subscribed('xrpusdt@miniTicker') && !s.subscribed('ethusdt@trade'),
      'live changes applied'
    )
    expect(s.requests).toEqual([
      subscribe(['btcusdt', 'ethusdt'], 1),
      { method: 'UNSUBSCRIBE', params: ['ethusdt@trade', 'ethusdt@bookTicker', 'ethusdt@miniTicker'], id: 2 },
      // The two additions queued behind the pacing went out as one request.
      subscribe(['solusdt', 'xrpusdt'], 3)
    ])
    await waitFor(() => sink.symbolStatuses.length === 6, 'statuses for the changes')
    expect(sink.symbolStatuses.slice(2)).toEqual([
      {
        symbol: 'bnbusdt',
        status: 'rejected',
        detail: 'Binance symbols are upper case: did you mean BNBUSDT?'
      },
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

  it('comes back resubscribed after a server-initiated close', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    await tradeShows(s, e, '100')
    s.dropClients(1001, 'going away')
    await subscribedOn(s, 2)
    await tradeShows(s, e, '101')
    expect(s.requests).toEqual([subscribe(['btcusdt', 'ethusdt'], 1), subscribe(['btcusdt', 'ethusdt'], 1)])
    expect(stats(e)).toMatchObject({ reconnects: 1, malformed: 0, gaps: 0, state: 'open' })
  })

  it('comes back resubscribed after the socket is destroyed without a close frame', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    await tradeShows(s, e, '100')
    s.destroyClients()
    await subscribedOn(s, 2)
    await tradeShows(s, e, '101')
    expect(stats(e)).toMatchObject({ reconnects: 1, malformed: 0, gaps: 0, state: 'open' })
  })

  it('reconnects on the serverShutdown notice without waiting for the server to close', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    s.announceShutdown()
    await subscribedOn(s, 2)
    await tradeShows(s, e, '100')
    expect(stats(e)).toMatchObject({ reconnects: 1, malformed: 0, state: 'open' })
    expect(stats(e).lastError).toContain('serverShutdown')
  })

  it('replaces a half-open connection (no data, no answers, no pongs) within the watchdog time', async () => {
    const s = await startServer({ autoPong: false })
    const e = startEngine(binance(s, { watchdogMs: 1500 }))
    await subscribedOn(s, 1)
    await tradeShows(s, e, '100')
    s.goSilent()
    const silentAt = Date.now()
    await waitFor(() => stats(e).state === 'reconnecting', 'watchdog fires', 5000)
    const detectedAfter = Date.now() - silentAt
    expect(stats(e).lastError).toContain('watchdog')
    s.speak()
    await subscribedOn(s, 2)
    await tradeShows(s, e, '101')
    expect(stats(e)).toMatchObject({ reconnects: 1, malformed: 0, gaps: 0, state: 'open' })
    // Bounded by the watchdog plus its one-second check, not by TCP timeouts.
    expect(detectedAfter).toBeLessThan(1500 + 1000 + 500)
    // While quiet the adapter probed with LIST_SUBSCRIPTIONS, which the silent server never answered.
    expect(s.received.some((t) => JSON.parse(t).method === 'LIST_SUBSCRIPTIONS')).toBe(true)
  })

  it('keeps a quiet but healthy connection open: LIST_SUBSCRIPTIONS answers feed the watchdog', async () => {
    const s = await startServer()
    const e = startEngine(binance(s, { watchdogMs: 1500 }))
    await subscribedOn(s, 1)
    await new Promise((resolve) => setTimeout(resolve, 4000))
    expect(s.connections).toBe(1)
    expect(stats(e)).toMatchObject({ reconnects: 0, malformed: 0, state: 'open' })
    expect(s.received.filter((t) => JSON.parse(t).method === 'LIST_SUBSCRIPTIONS').length).toBeGreaterThan(1)
    expect(s.rateLimitViolations).toBe(0)
  })

  it('counts garbage and oversized messages as malformed and keeps going', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    const garbage = [
      '{not json',
      '[1,2]',
      '{"stream":"btcusdt@trade","data":"x"}',
      '{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"abc"}}',
      '{"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT","b":"1e400","a":"2"}}',
      '{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"BTCUSDT"}}',
      '{"result":null,"id":99}'
    ]
    for (const text of garbage) s.sendRaw(text)
    await waitFor(() => stats(e).messages === 1 + garbage.length, 'all messages')
    expect(stats(e).malformed).toBe(garbage.length)
    expect(e.snapshot().tickers).toEqual([])
    await tradeShows(s, e, '100')
    expect(stats(e)).toMatchObject({ malformed: garbage.length, reconnects: 0, state: 'open' })
    // Oversized: refused while it is read, so the connection goes and is made again.
    s.sendRaw({ stream: 'btcusdt@trade', data: { e: 'trade', s: 'BTCUSDT', t: 2, p: 'x'.repeat(5000) } })
    await waitFor(() => stats(e).malformed === garbage.length + 1, 'oversized counted')
    expect(stats(e).lastMalformed).toMatch(/over maxMessageBytes \(4096 bytes\)/)
    await subscribedOn(s, 2)
    await tradeShows(s, e, '101')
    expect(stats(e)).toMatchObject({ malformed: garbage.length + 1, reconnects: 1, state: 'open' })
  })

  it('counts skipped trade ids as gaps', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    s.trade('BTCUSDT', '100')
    s.trade('BTCUSDT', '101')
    s.trade('BTCUSDT', '102', { skip: 3 })
    s.trade('ETHUSDT', '10')
    s.trade('ETHUSDT', '11', { skip: 1 })
    s.trade('BTCUSDT', '103')
    await waitFor(() => e.snapshot().tickers.find((t) => t.key === 'bn/BTCUSDT')?.last === 103, 'last trade')
    expect(stats(e)).toMatchObject({ gaps: 2, malformed: 0 })
  })

  it('comes back after a restart of the server on the same port', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    await tradeShows(s, e, '100')
    const port = s.port
    await s.close()
    await waitFor(() => stats(e).state === 'reconnecting', 'reconnecting')
    const again = await startServer({ port })
    await subscribedOn(again, 1)
    expect(again.requests).toEqual([subscribe(['btcusdt', 'ethusdt'], 1)])
    // The new server's trade ids start again at 1: not a gap, an earlier id.
    await tradeShows(again, e, '101')
    expect(stats(e)).toMatchObject({ malformed: 0, gaps: 0, state: 'open' })
    expect(stats(e).reconnects).toBeGreaterThanOrEqual(1)
  })

  it('shows a refused subscription as rejected with the exchange message, in both error shapes', async () => {
    for (const errorShape of ['nested', 'flat'] as const) {
      const s = await startServer({ errorShape })
      s.refusedStreams.add('ethusdt@bookTicker')
      const sink = new CollectingSink()
      source = new MarketSource(binance(s), sink)
      source.start()
      await waitFor(() => sink.symbolStatuses.length === 2, `statuses (${errorShape})`)
      const detail = 'Invalid request: invalid stream ethusdt@bookTicker (code 2)'
      expect(sink.symbolStatuses).toEqual([
        { symbol: 'BTCUSDT', status: 'rejected', detail },
        { symbol: 'ETHUSDT', status: 'rejected', detail }
      ])
      // A lone refusal: retrying the good symbol on its own works.
      source.setSymbols(['ETHUSDT'])
      source.setSymbols(['BTCUSDT'])
      await waitFor(() => s.subscribed('btcusdt@trade'), `resubscribed (${errorShape})`)
      expect(sink.malformedReasons).toEqual([])
      await source.stop()
      await s.close()
      source = server = null
    }
  })
})

describe('binance connection lifetime', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reconnects at once, and resubscribes, ahead of the 24-hour connection limit', async () => {
    const s = await startServer()
    const e = startEngine(binance(s))
    await subscribedOn(s, 1)
    await tradeShows(s, e, '65000.5')
    // Only the clock is faked: sockets and timers stay real. Almost a day later…
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 23 * 3_600_000 + 55 * 60_000)
    await subscribedOn(s, 2)
    expect(stats(e).lastError).toBe('planned reconnect ahead of the server’s connection lifetime limit')
    vi.useRealTimers()
    await tradeShows(s, e, '65001.5')
  })
})
