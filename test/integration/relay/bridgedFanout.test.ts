/**
 * Fan-out across a broker cluster (issue 13), all real and on 127.0.0.1: a Kraken-protocol feed,
 * a collector republishing it to broker 1, broker 2 joined to broker 1 by a real Mosquitto bridge
 * (`connection` / `topic md/# in 0`), and three desks reading `"adapter": "tickwire"` from
 * broker 2. Every desk shows the collector's prices exactly; the hop latencies are consistent with
 * the whole way; a desk's watchlist subscribes live; killing broker 2 and starting it again
 * resumes every desk with the prices that moved meanwhile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TickerQuote } from '@shared/model'
import { startRuntime, type Runtime } from '../../../src/main/runtime/runtime'
import { KrakenServer } from '../../harness/krakenServer'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD']
const RECONNECT = { initialDelayMs: 100, maxDelayMs: 400 }

let dir: string
let broker1: Mosquitto
let broker2: Mosquitto
let kraken: KrakenServer
let collector: Runtime
const desks: Runtime[] = []

async function runtimeOf(name: string, config: unknown): Promise<Runtime> {
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(config))
  return startRuntime({ configFile: file, demo: false, stateDir: null, reportProblem: () => {} })
}

const desk = (id: string, extra: Record<string, unknown> = {}) => ({
  market: [{ id, adapter: 'tickwire', url: broker2.url, prefix: 'md', reconnect: RECONNECT, ...extra }]
})

/** What a price board shows of a ticker: the values, not its key or receive time. */
const shown = (t: TickerQuote | undefined) =>
  t === undefined
    ? undefined
    : { last: t.last, bid: t.bid, ask: t.ask, volume: t.volume, changePct: t.changePct }
const quote = (r: Runtime, symbol: string) => r.engine.snapshot().tickers.find((t) => t.symbol === symbol)

/** Every desk shows exactly the collector's values for every symbol it watches. */
async function desksMatchCollector(what: string, symbolsOf: (i: number) => string[]): Promise<void> {
  await waitFor(
    () =>
      desks.every((d, i) =>
        symbolsOf(i).every((s) => {
          const expected = shown(quote(collector, s))
          return expected !== undefined && JSON.stringify(shown(quote(d, s))) === JSON.stringify(expected)
        })
      ),
    what,
    15_000
  )
}

beforeAll(async () => {
  if (unavailable !== null) return
  dir = mkdtempSync(join(tmpdir(), 'tickwire-bridged-'))
  broker1 = await Mosquitto.start()
  broker2 = await Mosquitto.start({
    bridge: { name: 'from-b1', remotePort: broker1.port, topics: ['md/# in 0'] }
  })
  kraken = await KrakenServer.start({ heartbeatMs: 250 })
  collector = await runtimeOf('collector', {
    market: [{ id: 'kraken', adapter: 'kraken', url: kraken.url, symbols: SYMBOLS, watchdogMs: 60_000 }],
    republish: { url: broker1.url, prefix: 'md', retain: true, intervalMs: 20, reconnect: RECONNECT }
  })
  await waitFor(
    () => kraken.subscribedSymbols().length === SYMBOLS.length,
    'the collector subscribed',
    10_000
  )
  await waitFor(() => collector.engine.stats().republish?.state === 'open', 'the fan-out connected', 10_000)
  desks.push(
    await runtimeOf('desk-a', desk('kraken')),
    await runtimeOf('desk-b', desk('kraken')),
    // Its own id and a watchlist: the collector's source named, two symbols subscribed.
    await runtimeOf('desk-c', desk('crypto-eu', { source: 'kraken', symbols: ['BTC/USD', 'ETH/USD'] }))
  )
}, 60_000)

afterAll(async () => {
  await Promise.all(desks.map((d) => d.stop()))
  await collector?.stop()
  await kraken?.close()
  await broker2?.stop()
  await broker1?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const watched = (i: number) => (i === 2 ? ['BTC/USD', 'ETH/USD'] : SYMBOLS)

describe.skipIf(unavailable !== null)('a collector, a bridge and three desks', () => {
  it('every desk shows the collector’s last prices exactly', async () => {
    await waitFor(
      () => desks.every((d) => d.engine.stats().sources[0]?.state === 'open'),
      'desks open',
      10_000
    )
    for (let i = 0; i < 40; i++) {
      const symbol = SYMBOLS[i % SYMBOLS.length]
      const last = 100 + i * 0.37
      kraken.publish(symbol, {
        last,
        bid: last - 0.05,
        ask: last + 0.05,
        volume: 10 + i,
        change_pct: i / 10,
        // Kraken's event time, so the exchange → collector hop can be measured.
        timestamp: new Date().toISOString()
      })
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
    await desksMatchCollector('every desk to match the collector', watched)
    expect(quote(collector, 'SOL/USD')?.last).toBeCloseTo(100 + 38 * 0.37, 6)
    // Desk C keeps to its watchlist and shows it under its own id.
    expect(
      desks[2].engine
        .snapshot()
        .tickers.map((t) => t.key)
        .sort()
    ).toEqual(['crypto-eu/BTC/USD', 'crypto-eu/ETH/USD'])
    for (const d of desks) expect(d.engine.stats().sources[0].malformed).toBe(0)
  })

  it('reports each hop, and together they are the whole way', async () => {
    for (const d of desks) {
      const latency = await waitFor(() => {
        const l = d.engine.stats().sources[0].latencyMs
        return l.upstream !== undefined && l.relay !== undefined && l.relay.count > 0 ? l : null
      }, 'hop latencies')
      const { feed, upstream, relay } = latency
      if (upstream === undefined || relay === undefined) throw new Error('no hops')
      // One sample of each per relayed message (none from the retained copies).
      expect(upstream.count).toBe(feed.count)
      expect(relay.count).toBe(feed.count)
      // feed = upstream + relay per message, each at least 0: so the maxima bound each other.
      const slack = 0.01
      expect(feed.max ?? 0).toBeGreaterThanOrEqual(Math.max(upstream.max ?? 0, relay.max ?? 0) - slack)
      expect(feed.max ?? 0).toBeLessThanOrEqual((upstream.max ?? 0) + (relay.max ?? 0) + slack)
      expect(feed.p50 ?? 0).toBeGreaterThanOrEqual(Math.max(upstream.p50 ?? 0, relay.p50 ?? 0) * 0.99 - slack)
    }
  })

  it('a desk’s watchlist subscribes live, and the retained value shows at once', async () => {
    expect(desks[2].engine.setWatchlist('crypto-eu', ['BTC/USD', 'ETH/USD', 'SOL/USD'])).toBeNull()
    await waitFor(
      () =>
        JSON.stringify(shown(quote(desks[2], 'SOL/USD'))) ===
        JSON.stringify(shown(quote(collector, 'SOL/USD'))),
      'SOL/USD on desk C'
    )
    const statuses = desks[2].engine.watchlists()[0].statuses
    await waitFor(
      () => desks[2].engine.watchlists()[0].statuses['SOL/USD']?.status === 'subscribed',
      'SOL/USD subscribed'
    )
    expect(Object.keys(statuses).length).toBeGreaterThanOrEqual(2)
    expect(desks[2].engine.setWatchlist('crypto-eu', ['BTC/USD', 'ETH/USD'])).toBeNull()
    await waitFor(() => quote(desks[2], 'SOL/USD') === undefined, 'SOL/USD gone from desk C')
  })

  it('killing broker 2 and starting it again resumes every desk with the prices that moved meanwhile', async () => {
    await broker2.down()
    await waitFor(
      () => desks.every((d) => d.engine.stats().sources[0].state === 'reconnecting'),
      'desks reconnecting',
      10_000
    )
    for (const [i, symbol] of SYMBOLS.entries())
      kraken.publish(symbol, { last: 500 + i, bid: 499 + i, ask: 501 + i })
    await waitFor(() => quote(collector, 'SOL/USD')?.last === 502, 'the collector moved on')
    // The desks still show what they had: nothing is lost or blanked while the broker is away.
    expect(quote(desks[0], 'BTC/USD')?.last).not.toBe(500)
    // Away long enough that a stored copy taken for a live value would show as seconds of latency.
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    await broker2.up()
    await waitFor(
      () => desks.every((d) => d.engine.stats().sources[0].state === 'open'),
      'desks back',
      15_000
    )
    await desksMatchCollector('every desk to catch up after broker 2 came back', watched)
    // The values that waited on broker 1 come over the bridge as live messages (a bridge passes
    // retained copies on without the flag): their age is not the collector → desk latency.
    for (const d of desks) expect(d.engine.stats().sources[0].latencyMs.relay?.max ?? 0).toBeLessThan(2_000)
    expect(quote(desks[1], 'BTC/USD')?.last).toBe(500)
    for (const d of desks) expect(d.engine.stats().sources[0].reconnects).toBeGreaterThanOrEqual(1)
  })
})
