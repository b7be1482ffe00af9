import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TickwireConfig } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import type { KrakenMarketConfig } from '../../../src/main/engine/market/krakenAdapter'
import { MarketSource } from '../../../src/main/engine/marketSource'
import { CollectingSink } from '../../harness/collectingSink'
import { KrakenServer } from '../../harness/krakenServer'
import { waitFor } from '../../harness/waitFor'

let server: KrakenServer
let engine: Engine | null = null
let source: MarketSource | null = null

beforeEach(async () => {
  // Heartbeats four times a second keep the tests short; Kraken's own beat is about 1 s.
  server = await KrakenServer.start({ heartbeatMs: 250 })
})
afterEach(async () => {
  await engine?.stop()
  await source?.stop()
  engine = null
  source = null
  await server.close()
})

function kraken(overrides: Partial<KrakenMarketConfig> = {}): KrakenMarketConfig {
  return {
    id: 'kr',
    adapter: 'kraken',
    url: server.url,
    symbols: ['BTC/USD', 'ETH/USD'],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    // A long watchdog keeps application pings (and their req_ids) out of the exact assertions.
    watchdogMs: 60_000,
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

function startEngine(overrides: Partial<KrakenMarketConfig> = {}): Engine {
  const config: TickwireConfig = { market: [kraken(overrides)], telemetry: [] }
  engine = new Engine(config, { statsIntervalMs: 100 })
  engine.start()
  return engine
}

const stats = (e: Engine) => e.stats().sources[0]
const subscribe = (symbols: string[], reqId: number) =>
  JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: symbols }, req_id: reqId })
const lastOf = (e: Engine, symbol: string) => e.snapshot().tickers.find((t) => t.symbol === symbol)?.last

/** Waits until the source is open on connection `n`, resubscribed, with a fresh value flowing. */
async function backOnConnection(e: Engine, n: number, price: number): Promise<void> {
  await waitFor(
    () => server.connections === n && server.openClients === 1 && stats(e).state === 'open',
    `open on connection ${n}`,
    10_000
  )
  await waitFor(() => server.subscribedSymbols().length === 2, `resubscribed on connection ${n}`, 10_000)
  server.publish('BTC/USD', { last: price })
  await waitFor(() => lastOf(e, 'BTC/USD') === price, `a value on connection ${n}`, 10_000)
}

describe('kraken adapter against a Kraken v2 protocol server', () => {
  it('subscribes with the exact handshake and puts snapshot and update values into the snapshot', async () => {
    server.ticker('BTC/USD').last = 63500.5
    const e = startEngine()
    await waitFor(() => server.received.length === 1, 'subscribe')
    expect(server.received).toEqual([{ connection: 1, text: subscribe(['BTC/USD', 'ETH/USD'], 1) }])
    await waitFor(() => e.snapshot().tickers.length === 2, 'both snapshots')
    expect(
      e.snapshot().tickers.map((t) => [t.key, t.last, t.bid, t.ask, t.volume, t.changePct, t.time])
    ).toEqual([
      ['kr/BTC/USD', 63500.5, 100, 101, 10, 0.5, null],
      ['kr/ETH/USD', 100.5, 100, 101, 10, 0.5, null]
    ])

    server.publish('ETH/USD', {
      last: 3100.25,
      bid: 3100.2,
      ask: 3100.3,
      volume: 5432.1,
      change_pct: -2.15,
      timestamp: '2024-05-01T12:00:00.250500Z'
    })
    await waitFor(() => lastOf(e, 'ETH/USD') === 3100.25, 'the update')
    const eth = e.snapshot().tickers.find((t) => t.key === 'kr/ETH/USD')
    expect(eth).toMatchObject({ last: 3100.25, bid: 3100.2, ask: 3100.3, volume: 5432.1, changePct: -2.15 })
    expect(eth?.time).toBeCloseTo(Date.parse('2024-05-01T12:00:00.250Z') + 0.5, 6)

    // Heartbeats keep arriving; like the status and the acks they are messages, not malformed.
    const before = stats(e).messages
    await waitFor(() => stats(e).messages >= before + 2, 'heartbeats')
    expect(stats(e)).toMatchObject({ state: 'open', malformed: 0, gaps: 0, reconnects: 0, url: server.url })
  })

  it('adds and removes symbols live with exact messages, no reconnect, and reports the acks', async () => {
    const sink = new CollectingSink()
    source = new MarketSource(kraken(), sink)
    source.start()
    await waitFor(() => sink.symbolStatuses.length === 2, 'first acks')
    source.setSymbols(['BTC/USD', 'SOL/USD', 'XBT/USD'])
    await waitFor(() => sink.symbolStatuses.length === 5, 'acks for the change')
    expect(server.received.map((m) => m.text)).toEqual([
      subscribe(['BTC/USD', 'ETH/USD'], 1),
      JSON.stringify({
        method: 'unsubscribe',
        params: { channel: 'ticker', symbol: ['ETH/USD'] },
        req_id: 2
      }),
      subscribe(['SOL/USD', 'XBT/USD'], 3)
    ])
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'BTC/USD', status: 'subscribed', detail: undefined },
      { symbol: 'ETH/USD', status: 'subscribed', detail: undefined },
      { symbol: 'ETH/USD', status: 'unsubscribed', detail: undefined },
      { symbol: 'SOL/USD', status: 'subscribed', detail: undefined },
      { symbol: 'XBT/USD', status: 'rejected', detail: 'Currency pair not supported XBT/USD' }
    ])
    expect(server.subscribedSymbols().sort()).toEqual(['BTC/USD', 'SOL/USD'])
    await waitFor(() => sink.ticks.some((t) => t.symbol === 'SOL/USD'), 'the SOL/USD snapshot')
    expect(server.connections).toBe(1)
    expect(sink.states).toEqual(['connecting', 'open'])
    expect(sink.malformedReasons).toEqual([])
  })

  it('comes back resubscribed after a server-initiated close', async () => {
    const e = startEngine()
    await backOnConnection(e, 1, 1)
    server.closeClients(1012, 'service restart')
    await backOnConnection(e, 2, 2)
    expect(server.received.filter((m) => m.connection === 2).map((m) => m.text)).toEqual([
      subscribe(['BTC/USD', 'ETH/USD'], 2)
    ])
    expect(stats(e)).toMatchObject({ reconnects: 1, malformed: 0, gaps: 0 })
    expect(stats(e).lastError).toContain('1012')
  })

  it('comes back resubscribed after the socket is destroyed without a close frame', async () => {
    const e = startEngine()
    await backOnConnection(e, 1, 1)
    server.destroyClients()
    await backOnConnection(e, 2, 2)
    expect(server.received.filter((m) => m.connection === 2).map((m) => m.text)).toEqual([
      subscribe(['BTC/USD', 'ETH/USD'], 2)
    ])
    expect(stats(e)).toMatchObject({ reconnects: 1, malformed: 0, gaps: 0 })
  })

  it('replaces a half-open connection within the watchdog time', async () => {
    const e = startEngine({ watchdogMs: 1500 })
    await backOnConnection(e, 1, 1)
    server.goSilent()
    // Watchdog 1.5 s, checked once a second: replaced well inside the generous bound.
    await waitFor(() => stats(e).reconnects === 1, 'the watchdog to fire', 6_000)
    expect(stats(e).lastError).toMatch(/^no data for \d+ s \(watchdog 1\.5 s\)$/)
    await backOnConnection(e, 2, 2)
    // Pings on the first connection took req_ids too: the subscribe carries the next free one.
    expect(JSON.parse(server.received.filter((m) => m.connection === 2)[0].text)).toEqual({
      method: 'subscribe',
      params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] },
      req_id: expect.any(Number) as number
    })
    // The short watchdog brings application pings (every 1 s here), answered with pongs.
    const ping = await waitFor(
      () => server.received.find((m) => m.connection === 2 && m.text.includes('"ping"')),
      'an application ping on the new connection',
      5_000
    )
    expect(JSON.parse(ping.text)).toEqual({ method: 'ping', req_id: expect.any(Number) as number })
    expect(stats(e)).toMatchObject({ state: 'open', reconnects: 1, malformed: 0, gaps: 0 })
  })

  it('counts garbage and oversized messages as malformed and keeps the connection', async () => {
    const e = startEngine({ maxMessageBytes: 1024 })
    await backOnConnection(e, 1, 1)
    const garbage = [
      'not json at all',
      '[]',
      '{"channel":"book","type":"update","data":[]}',
      '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","last":"12abc"}]}',
      '{"event":"heartbeat"}'
    ]
    for (const text of garbage) server.sendRaw(text)
    await waitFor(() => stats(e).malformed === garbage.length, 'garbage counted')
    server.publish('BTC/USD', { last: 2 })
    const oversized = JSON.stringify({
      channel: 'ticker',
      type: 'update',
      data: [{ ...server.ticker('BTC/USD'), last: 3, pad: 'x'.repeat(1100) }]
    })
    server.sendRaw(oversized)
    await waitFor(() => stats(e).malformed === garbage.length + 1, 'oversized counted')
    expect(stats(e).lastMalformed).toBe('message over maxMessageBytes (1024 bytes): connection dropped')
    expect(lastOf(e, 'BTC/USD')).toBe(2)
    // Refused while it was read: the connection was dropped and is made again.
    await backOnConnection(e, 2, 1)
    server.publish('BTC/USD', { last: 4 })
    await waitFor(() => lastOf(e, 'BTC/USD') === 4, 'a good value after the bad ones')
    expect(stats(e)).toMatchObject({ state: 'open', reconnects: 1, gaps: 0, malformed: garbage.length + 1 })
    expect(server.connections).toBe(2)
  })

  it('counts no gaps: the Kraken ticker has no sequence, so skipped updates are invisible', async () => {
    const e = startEngine()
    await backOnConnection(e, 1, 1)
    // The exchange "loses" updates 2-4: the client cannot tell, and must not invent a gap.
    server.publish('BTC/USD', { last: 101 })
    server.ticker('BTC/USD').last = 105
    server.publish('BTC/USD', { last: 105 })
    await waitFor(() => lastOf(e, 'BTC/USD') === 105, 'the last update')
    expect(stats(e)).toMatchObject({ gaps: 0, malformed: 0, reconnects: 0 })
  })

  it('reconnects and resubscribes after the server restarts on the same port', async () => {
    const e = startEngine()
    await backOnConnection(e, 1, 1)
    const port = server.port
    await server.restart(300)
    expect(server.port).toBe(port)
    await backOnConnection(e, 2, 2)
    expect(server.received.filter((m) => m.connection === 2).map((m) => m.text)).toEqual([
      subscribe(['BTC/USD', 'ETH/USD'], 2)
    ])
    // Every failed attempt while the port was closed is one more scheduled reconnect.
    expect(stats(e).reconnects).toBeGreaterThanOrEqual(1)
    expect(stats(e)).toMatchObject({ state: 'open', malformed: 0, gaps: 0 })
  })
})
