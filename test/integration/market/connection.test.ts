import { createServer, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { JsonMarketConfig, TickwireConfig } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { MarketSource } from '../../../src/main/engine/marketSource'
import { CollectingSink } from '../../harness/collectingSink'
import { FeedServer } from '../../harness/feedServer'
import { waitFor } from '../../harness/waitFor'

/**
 * What MarketSource does for every adapter, exercised through the json adapter against a real
 * ws server: the silence watchdog, half-open peers, oversized messages, proxies, health checks
 * after a sleep, and live symbol changes.
 */

let feed: FeedServer | null = null
let engine: Engine | null = null
const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  await engine?.stop()
  engine = null
  await feed?.close()
  feed = null
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function market(url: string, overrides: Partial<JsonMarketConfig> = {}): JsonMarketConfig {
  return {
    id: 'desk',
    adapter: 'json',
    url,
    symbols: ['AAPL', 'MSFT'],
    mapping: { symbol: 's', price: 'p', timeUnit: 'ms' },
    subscribe: { op: 'subscribe', symbols: '{{symbols}}' },
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

function start(m: JsonMarketConfig): Engine {
  const config: TickwireConfig = { market: [m], telemetry: [] }
  engine = new Engine(config)
  engine.start()
  return engine
}

const desk = () => engine!.stats().sources[0]
const subscribes = () => feed!.received.filter((m) => m.includes('"subscribe"'))

describe('the silence watchdog', () => {
  it('replaces a connection that stays open but delivers nothing, and resubscribes', async () => {
    feed = await FeedServer.start()
    start(market(feed.url, { watchdogMs: 1_500 }))
    await waitFor(() => feed!.connections === 1 && subscribes().length === 1, 'first subscribe')
    feed.send({ s: 'AAPL', p: 1 })
    // The server now says nothing, though it still answers pings (a stalled feed, not dead TCP).
    await waitFor(() => feed!.connections === 2, 'a reconnect after the watchdog', 6_000)
    await waitFor(() => subscribes().length === 2, 'the subscribe again')
    expect(desk().reconnects).toBeGreaterThanOrEqual(1)
    expect(desk().lastError).toMatch(/no data for \d+ s \(watchdog 1.5 s\)/)
    await waitFor(() => desk().state === 'open', 'open again')
  })

  it('also catches a half-open peer that no longer answers pings', async () => {
    feed = await FeedServer.start({ autoPong: false })
    start(market(feed.url, { watchdogMs: 1_500 }))
    await waitFor(() => subscribes().length === 1, 'first subscribe')
    await waitFor(() => feed!.connections >= 2, 'a reconnect', 6_000)
  })

  it('leaves a connection alone while data keeps flowing', async () => {
    feed = await FeedServer.start()
    start(market(feed.url, { watchdogMs: 1_000 }))
    await waitFor(() => subscribes().length === 1, 'first subscribe')
    for (let i = 0; i < 12; i++) {
      feed.send({ s: 'AAPL', p: 100 + i })
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(feed.connections).toBe(1)
    expect(desk().reconnects).toBe(0)
  })
})

describe('message size limit', () => {
  it('refuses an oversized message while reading it: counted, connection dropped and re-made', async () => {
    feed = await FeedServer.start()
    start(market(feed.url, { maxMessageBytes: 1_024 }))
    await waitFor(() => subscribes().length === 1, 'subscribe')
    feed.send({ s: 'AAPL', p: 1, pad: 'x'.repeat(2_000) })
    await waitFor(() => desk().malformed === 1, 'the oversized message counted')
    expect(desk().lastMalformed).toMatch(/over maxMessageBytes \(1024 bytes\): connection dropped/)
    await waitFor(() => feed!.connections === 2 && subscribes().length === 2, 'resubscribed')
    feed.send({ s: 'MSFT', p: 2 })
    await waitFor(() => engine!.snapshot().tickers.length === 1, 'the normal message')
    expect(engine!.snapshot().tickers[0]).toMatchObject({ symbol: 'MSFT', last: 2 })
    expect(desk()).toMatchObject({ malformed: 1, reconnects: 1, state: 'open' })
    expect(desk().lastError).toMatch(/maxMessageBytes \(1024 bytes\)/)
  })
})

describe('live symbol changes (json adapter)', () => {
  it('re-sends the subscribe with the new list and filters to it, without reconnecting', async () => {
    feed = await FeedServer.start()
    const sink = new CollectingSink()
    const source = new MarketSource(market(feed.url), sink)
    cleanups.push(() => source.stop())
    source.start()
    await waitFor(() => subscribes().length === 1, 'subscribe')
    source.setSymbols(['AAPL', 'TSLA'])
    expect(source.watchedSymbols).toEqual(['AAPL', 'TSLA'])
    await waitFor(() => subscribes().length === 2, 'the new subscribe')
    expect(JSON.parse(subscribes()[1])).toEqual({ op: 'subscribe', symbols: ['AAPL', 'TSLA'] })
    feed.send([
      { s: 'TSLA', p: 250 },
      { s: 'MSFT', p: 400 }
    ])
    await waitFor(() => sink.ticks.length === 1, 'TSLA')
    expect(sink.ticks.map((t) => t.symbol)).toEqual(['TSLA'])
    expect(feed.connections).toBe(1)
  })
})

describe('health check after a sleep', () => {
  it('reconnects at once when the peer no longer answers', async () => {
    feed = await FeedServer.start({ autoPong: false })
    const e = start(market(feed.url, { watchdogMs: 600_000 }))
    await waitFor(() => subscribes().length === 1, 'subscribe')
    e.checkHealth()
    await waitFor(() => feed!.connections === 2, 'a reconnect within the health-check window', 9_000)
    expect(desk().lastError).toBe('no answer after the machine woke up')
  })

  it('keeps a connection that answers', async () => {
    feed = await FeedServer.start()
    const e = start(market(feed.url, { watchdogMs: 600_000 }))
    await waitFor(() => subscribes().length === 1, 'subscribe')
    e.checkHealth()
    await new Promise((r) => setTimeout(r, 6_500))
    expect(feed.connections).toBe(1)
  }, 15_000)
})

/** A minimal HTTP CONNECT proxy on 127.0.0.1 that records where it tunnels to. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; server: Server }> {
  const tunnels: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  )
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, tunnels, server }
}

describe('proxies from the environment', () => {
  it('tunnels ws:// through HTTP_PROXY with CONNECT', async () => {
    feed = await FeedServer.start()
    const proxy = await startConnectProxy()
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY }
    process.env.HTTP_PROXY = proxy.url
    delete process.env.NO_PROXY
    cleanups.push(() => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
    })
    const e = start(market(feed.url))
    await waitFor(() => subscribes().length === 1, 'subscribe through the proxy')
    feed.send({ s: 'AAPL', p: 189.5 })
    await waitFor(() => e.snapshot().tickers.length === 1, 'a tick through the proxy')
    expect(proxy.tunnels).toEqual([`127.0.0.1:${feed.port}`])
  })
})
