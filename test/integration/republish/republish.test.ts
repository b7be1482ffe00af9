/**
 * Fan-out (issue 13) against a real Mosquitto: a runtime with two market feeds and a `republish`
 * section publishes every tick of the chosen feed; a bare mqtt.js subscriber on `<prefix>/#`
 * decodes each symbol's latest value and it is exactly the engine's snapshot (awkward symbols
 * included). With the broker killed, ticks conflate to one waiting value per symbol (counted) and
 * nothing else grows; with it back, the latest values arrive; left waiting at stop, they are
 * counted as dropped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TickerQuote } from '@shared/model'
import { decodeRepublished, parseRepublishTopic, type RepublishedTick } from '@shared/republish'
import { startRuntime, type Runtime } from '../../../src/main/runtime/runtime'
import { FeedServer } from '../../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
const PREFIX = 'md/eu'
const SYMBOLS = ['BTC/USD', 'A+B', 'X#1', '100%', 'AAPL US Equity']

let broker: Mosquitto
let feed: FeedServer
let other: FeedServer
let runtime: Runtime
let dir: string
let subscriber: MqttClient
/** Latest decoded value per `<source>/<symbol>`, and every topic seen. */
const latest = new Map<string, RepublishedTick>()
const topics = new Set<string>()
const refused: string[] = []

beforeAll(async () => {
  if (unavailable !== null) return
  broker = await Mosquitto.start()
  feed = await FeedServer.start()
  other = await FeedServer.start()
  dir = mkdtempSync(join(tmpdir(), 'tickwire-republish-'))
  const mapping = {
    symbol: 's',
    price: 'p',
    bid: 'b',
    ask: 'a',
    volume: 'v',
    open: 'o',
    sequence: 'n',
    time: 'E'
  }
  const file = join(dir, 'collector.json')
  writeFileSync(
    file,
    JSON.stringify({
      market: [
        { id: 'desk', adapter: 'json', url: feed.url, mapping },
        { id: 'other', adapter: 'json', url: other.url, mapping }
      ],
      republish: {
        url: broker.url,
        prefix: PREFIX,
        sources: ['desk'],
        intervalMs: 50,
        retain: true,
        reconnect: { initialDelayMs: 100, maxDelayMs: 300 }
      }
    })
  )
  runtime = await startRuntime({ configFile: file, demo: false, stateDir: null, reportProblem: () => {} })
  subscriber = mqtt.connect(broker.url, { reconnectPeriod: 200, log: () => {} })
  subscriber.on('message', (topic, payload) => {
    topics.add(topic)
    const where = parseRepublishTopic(PREFIX, topic)
    const value = decodeRepublished(payload)
    if ('error' in where || 'error' in value) {
      refused.push(`${topic}: ${'error' in where ? where.error : ''} ${'error' in value ? value.error : ''}`)
      return
    }
    expect(value.symbol).toBe(where.symbol)
    latest.set(`${where.source}/${where.symbol}`, value)
  })
  await new Promise<void>((resolve, reject) => {
    subscriber.once('connect', () =>
      subscriber.subscribe(`${PREFIX}/#`, (err) => (err ? reject(err) : resolve()))
    )
  })
  await waitFor(
    () =>
      runtime.engine.stats().sources.every((s) => s.state === 'open') &&
      feed.openClients + other.openClients === 2,
    'both feeds open'
  )
  await waitFor(() => runtime.engine.stats().republish?.state === 'open', 'republish connected')
})

afterAll(async () => {
  subscriber?.end(true)
  await runtime?.stop()
  await feed?.close()
  await other?.close()
  await broker?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

let seq = 0
function sendRound(server: FeedServer, round: number): void {
  server.send(
    SYMBOLS.map((s, i) => ({
      s,
      p: 100 + i + round / 7,
      b: 99.5 + i + round / 9,
      a: 100.5 + i + round / 11,
      v: round * 13.25,
      o: 100 + i,
      n: ++seq,
      E: Date.now() - 3
    }))
  )
}

function deskQuotes(): TickerQuote[] {
  return runtime.engine.snapshot().tickers.filter((t) => t.source === 'desk')
}

/** True when every desk ticker's republished value is exactly its snapshot quote. */
function matchesSnapshot(): boolean {
  const quotes = deskQuotes()
  if (quotes.length !== SYMBOLS.length) return false
  return quotes.every((q) => {
    const r = latest.get(q.key)
    return (
      r !== undefined &&
      r.last === q.last &&
      r.bid === q.bid &&
      r.ask === q.ask &&
      r.volume === q.volume &&
      r.changePct === q.changePct &&
      r.time === q.time &&
      r.receivedAt === q.receivedAt
    )
  })
}

describe.skipIf(unavailable !== null)('republish to a real Mosquitto', () => {
  it('publishes every symbol of the chosen sources; the latest values read back are the snapshot exactly', async () => {
    for (let round = 1; round <= 20; round++) {
      sendRound(feed, round)
      sendRound(other, round)
    }
    await waitFor(matchesSnapshot, 'republished values equal to the snapshot')
    const btc = latest.get('desk/BTC/USD')
    expect(btc).toMatchObject({ symbol: 'BTC/USD', open: 100, last: 100 + 20 / 7 })
    expect(btc?.sequence).toBeGreaterThan(0)
    expect(topics.has(`${PREFIX}/desk/BTC%2FUSD`)).toBe(true)
    expect(topics.has(`${PREFIX}/desk/X%231`)).toBe(true)
    expect([...topics].some((t) => t.startsWith(`${PREFIX}/other/`))).toBe(false)
    expect(refused).toEqual([])
    const stats = runtime.engine.stats().republish
    expect(stats).toMatchObject({ state: 'open', dropped: 0, lastError: null })
    expect(stats?.published).toBeGreaterThanOrEqual(SYMBOLS.length)
  })

  it('with the broker gone, conflates to one waiting value per symbol; with it back, the latest arrive', async () => {
    await broker.down()
    await waitFor(() => runtime.engine.stats().republish?.state === 'reconnecting', 'republish reconnecting')
    const before = runtime.engine.stats().republish!
    for (let round = 100; round < 300; round++) sendRound(feed, round)
    await waitFor(
      () => deskQuotes().find((q) => q.symbol === 'BTC/USD')?.last === 100 + 299 / 7,
      'the engine took the last round'
    )
    const away = runtime.engine.stats().republish!
    expect(away.state).toBe('reconnecting')
    // 200 rounds of 5 symbols: 5 wait, the other 995 were superseded. Nothing else is kept.
    expect(away.waiting).toBe(SYMBOLS.length)
    expect(away.conflated - before.conflated).toBe(200 * SYMBOLS.length - SYMBOLS.length)
    expect(away.published).toBe(before.published)
    expect(matchesSnapshot()).toBe(false)

    await broker.up()
    await waitFor(() => runtime.engine.stats().republish?.state === 'open', 'republish reconnected', 10_000)
    await waitFor(matchesSnapshot, 'the latest values after the restart', 10_000)
    const back = runtime.engine.stats().republish!
    expect(back.waiting).toBe(0)
    expect(back.published - away.published).toBe(SYMBOLS.length)
    expect(back.dropped).toBe(0)
  })

  it('values still waiting when the runtime stops are counted as dropped', async () => {
    await broker.down()
    await waitFor(() => runtime.engine.stats().republish?.state === 'reconnecting', 'republish reconnecting')
    sendRound(feed, 500)
    await waitFor(() => runtime.engine.stats().republish?.waiting === SYMBOLS.length, 'values waiting')
    await runtime.stop()
    expect(runtime.engine.stats().republish).toMatchObject({
      state: 'closed',
      waiting: 0,
      dropped: SYMBOLS.length
    })
  })
})
