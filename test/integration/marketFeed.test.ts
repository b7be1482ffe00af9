import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JsonMarketConfig, MarketConfig, TickwireConfig } from '@shared/config'
import { wallNow } from '../../src/main/engine/clock'
import { Engine } from '../../src/main/engine/engine'
import { MAX_TICKERS_PER_SOURCE } from '../../src/shared/limits'
import { MarketSource } from '../../src/main/engine/marketSource'
import { CollectingSink } from '../harness/collectingSink'
import { FeedServer } from '../harness/feedServer'
import { createMemoryViewLink, RecordingView } from '../harness/memoryViewLink'
import { waitFor } from '../harness/waitFor'
import { FRAMES_IN_FLIGHT } from '../../src/main/engine/viewSession'

let feed: FeedServer
let engine: Engine | null = null

beforeEach(async () => {
  feed = await FeedServer.start()
})
afterEach(async () => {
  await engine?.stop()
  engine = null
  await feed.close()
})

function market(overrides: Partial<JsonMarketConfig> = {}): JsonMarketConfig {
  return {
    id: 'desk',
    adapter: 'json',
    url: feed.url,
    symbols: ['AAPL', 'MSFT'],
    mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', sequence: 'n', time: 'E', timeUnit: 'ms' },
    subscribe: { op: 'subscribe', symbols: '{{symbols}}', meta: { also: ['{{symbols}}'] } },
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

function startEngine(m: MarketConfig = market(), staleCheckIntervalMs = 250): Engine {
  const config: TickwireConfig = { market: [m], telemetry: [] }
  engine = new Engine(config, { statsIntervalMs: 100, staleCheckIntervalMs })
  engine.start()
  return engine
}

const source = (e: Engine) => e.stats().sources[0]

describe('market feed over a real ws server', () => {
  it('puts published values into the snapshot exactly', async () => {
    const e = startEngine()
    await waitFor(() => feed.openClients === 1 && source(e).state === 'open', 'connection')
    const E = Date.now()
    feed.send({ s: 'AAPL', p: '187.25', b: 187.2, a: 187.3, n: 1, E })
    feed.send([
      { s: 'MSFT', p: 402.5, n: 1, E },
      { s: 'TSLA', p: 1, n: 1, E }
    ])
    feed.send({ s: 'AAPL', p: 188, n: 2, E: E + 1 })
    await waitFor(() => source(e).messages === 3, 'three messages')
    const tickers = e.snapshot().tickers
    expect(tickers.map((t) => [t.key, t.last, t.bid, t.ask, t.time])).toEqual([
      ['desk/AAPL', 188, 187.2, 187.3, E + 1],
      ['desk/MSFT', 402.5, null, null, E]
    ])
    expect(source(e)).toMatchObject({ malformed: 0, gaps: 0, url: feed.url, insecure: false })
  })

  it('sends the templated subscribe on connect and again after a server-side close', async () => {
    const e = startEngine()
    const expected = JSON.stringify({
      op: 'subscribe',
      symbols: ['AAPL', 'MSFT'],
      meta: { also: [['AAPL', 'MSFT']] }
    })
    await waitFor(() => feed.received.length === 1, 'first subscribe')
    expect(feed.received[0]).toBe(expected)
    feed.dropClients()
    await waitFor(() => feed.received.length === 2, 'subscribe after reconnect')
    expect(feed.received[1]).toBe(expected)
    expect(feed.connections).toBe(2)
    await waitFor(() => source(e).state === 'open', 'open again')
    expect(source(e).reconnects).toBe(1)
    feed.send({ s: 'AAPL', p: 1, n: 1 })
    await waitFor(() => e.snapshot().tickers.length === 1, 'value after reconnect')
  })

  it('reports feed latency p50 within 2 ms of a known 250 ms lag', async () => {
    const e = startEngine()
    await waitFor(() => feed.openClients === 1, 'connection')
    // Paced, so what is measured is the stamped lag plus loopback transit, not a queued burst.
    for (let i = 0; i < 60; i++) {
      feed.send({ s: 'AAPL', p: 100 + i, n: i + 1, E: wallNow() - 250 })
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await waitFor(() => source(e).messages === 60, 'all messages')
    const feedLatency = source(e).latencyMs.feed
    expect(feedLatency.count).toBe(60)
    expect(Math.abs((feedLatency.p50 ?? 0) - 250)).toBeLessThanOrEqual(2)
    expect(source(e).clockAhead).toBe(0)
  })

  it('counts malformed messages and keeps them out of the snapshot', async () => {
    const e = startEngine()
    await waitFor(() => feed.openClients === 1, 'connection')
    const bad = [
      '{not json',
      '{"p":1}',
      '{"s":"AAPL"}',
      '{"s":"AAPL","p":"12abc"}',
      '{"s":"MSFT","p":1e400}',
      '{"s":"MSFT","p":1e300}',
      ''
    ]
    for (const text of bad) feed.send(text)
    feed.send({ s: 'AAPL', p: 5, n: 1 })
    feed.send({ s: 'AAPL', p: 6, n: 4 })
    await waitFor(() => source(e).messages === bad.length + 2, 'all messages')
    expect(source(e).malformed).toBe(bad.length)
    expect(source(e).lastMalformed).toBe('not valid JSON')
    expect(source(e).gaps).toBe(1)
    expect(e.snapshot().tickers.map((t) => [t.key, t.last])).toEqual([['desk/AAPL', 6]])
  })

  it('feeds an attached view frames only after acks, and measures display latency', async () => {
    const e = startEngine()
    const { engineSide, viewSide } = createMemoryViewLink()
    e.attachView(engineSide)
    const view = new RecordingView(viewSide)
    viewSide.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0], 'hello')
    await waitFor(() => feed.openClients === 1, 'connection')
    for (let i = 0; i < 50; i++) feed.send({ s: i % 2 ? 'AAPL' : 'MSFT', p: i + 1, n: i + 1 })
    await waitFor(() => source(e).messages === 50, 'messages')
    await waitFor(() => view.ofType('frame')[0], 'a frame')
    await new Promise((resolve) => setTimeout(resolve, 50))
    // No acks: a few frames at most (the credit window), the rest coalesced.
    const unacked = view.ofType('frame').length
    expect(unacked).toBeGreaterThanOrEqual(1)
    expect(unacked).toBeLessThanOrEqual(FRAMES_IN_FLIGHT)
    feed.send({ s: 'AAPL', p: 51, n: 51 })
    await waitFor(() => source(e).messages === 51, 'one more message')
    await new Promise((resolve) => setTimeout(resolve, 50))
    if (unacked === FRAMES_IN_FLIGHT) expect(view.ofType('frame')).toHaveLength(unacked)
    let acked = 0
    // Ack every frame until the latest values have been shown.
    await waitFor(() => {
      const frames = view.ofType('frame')
      while (acked < frames.length)
        viewSide.send({ type: 'ack', seq: frames[acked++].seq, paintedAt: wallNow() })
      const shown = new Map(frames.flatMap((f) => f.tickers.map((t) => [t.key, t.last] as const)))
      return shown.get('desk/AAPL') === 51 && shown.get('desk/MSFT') === 49
    }, 'latest values shown')
    await waitFor(() => e.stats().display.frames === acked, 'acks counted')
    expect(e.stats().display.latencyMs.count).toBeGreaterThan(0)
    await waitFor(() => view.ofType('stats').length > 0, 'periodic stats')
  })

  it('marks a silent ticker stale and sends the flip to the view without a display sample', async () => {
    const e = startEngine(market({ staleAfterMs: 150 }), 20)
    const { engineSide, viewSide } = createMemoryViewLink()
    e.attachView(engineSide)
    const view = new RecordingView(viewSide)
    viewSide.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0] && feed.openClients === 1, 'hello and connection')
    feed.send({ s: 'AAPL', p: 1 })
    const fresh = await waitFor(() => view.ofType('frame')[0], 'fresh frame')
    expect(fresh.tickers[0].stale).toBe(false)
    viewSide.send({ type: 'ack', seq: fresh.seq, paintedAt: wallNow() })
    const flip = await waitFor(() => view.ofType('frame')[1], 'stale frame')
    expect(flip.tickers.map((t) => [t.key, t.stale])).toEqual([['desk/AAPL', true]])
    expect(e.snapshot().tickers[0].stale).toBe(true)
    viewSide.send({ type: 'ack', seq: flip.seq, paintedAt: wallNow() })
    await waitFor(() => e.stats().display.frames === 2, 'both acks')
    expect(e.stats().display.latencyMs.count).toBe(1)
  })

  it('stop() closes the socket (the server sees it) and stops reconnecting', async () => {
    const e = startEngine()
    await waitFor(() => feed.openClients === 1, 'connection')
    await e.stop()
    await waitFor(() => feed.closes === 1 && feed.openClients === 0, 'server sees the close')
    expect(source(e).state).toBe('closed')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(feed.connections).toBe(1)
  })
})

describe('MarketSource on its own', () => {
  it('reconnects with backoff while the server is unreachable, then closes cleanly', async () => {
    const sink = new CollectingSink()
    const port = feed.port
    await feed.close()
    const m = market({
      url: `ws://127.0.0.1:${port}/feed`,
      reconnect: { initialDelayMs: 20, maxDelayMs: 40 }
    })
    const s = new MarketSource(m, sink)
    s.start()
    await waitFor(
      () => sink.states.filter((x) => x === 'reconnecting').length >= 3,
      'several reconnect attempts'
    )
    await s.stop()
    expect(sink.states[0]).toBe('connecting')
    expect(sink.states.at(-1)).toBe('closed')
    const count = sink.states.length
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(sink.states.length).toBe(count)
    feed = await FeedServer.start()
  })
})

describe('implausible event times', () => {
  it('are counted, not recorded as feed latency', async () => {
    const e = startEngine()
    await waitFor(() => feed.received.length > 0, 'subscribe')
    const now = Date.now()
    feed.send({ s: 'AAPL', p: 1, b: 1, a: 2, n: 1, E: Date.UTC(2001, 0, 1) })
    feed.send({ s: 'MSFT', p: 2, b: 1, a: 3, n: 1, E: now - 5 })
    await waitFor(() => source(e).messages === 2 && e.snapshot().tickers.length === 2, 'both ticks')
    expect(source(e).implausibleTimes).toBe(1)
    expect(source(e).latencyMs.feed.count).toBe(1)
    expect(source(e).latencyMs.feed.max!).toBeLessThan(60_000)
    // The value itself is good and shows; only its time is not trusted as latency.
    expect(e.snapshot().tickers.find((t) => t.symbol === 'AAPL')?.last).toBe(1)
  })
})

describe('key limit', () => {
  it('refuses and counts symbols beyond the per-source limit', async () => {
    const e = startEngine(market({ symbols: [] }))
    await waitFor(() => feed.received.length > 0, 'subscribe')
    const flood = Array.from({ length: MAX_TICKERS_PER_SOURCE + 5 }, (_, i) => ({
      s: `SYM${i}`,
      p: 1,
      b: 1,
      a: 2
    }))
    feed.send(flood)
    await waitFor(
      () => e.snapshot().tickers.length === MAX_TICKERS_PER_SOURCE && source(e).malformed === 5,
      'the flood'
    )
    expect(source(e).lastMalformed).toMatch(/refused, this source already has 2000 symbols/)
    // Known symbols still update.
    feed.send({ s: 'SYM0', p: 7, b: 6, a: 8 })
    await waitFor(
      () => e.snapshot().tickers.find((t) => t.symbol === 'SYM0')?.last === 7,
      'update of a known symbol'
    )
  })
})
