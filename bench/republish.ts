/**
 * `npm run bench -- republish`: collector republish throughput. One Mosquitto with one subscriber
 * on everything; a timer-paced load (`REPUBLISH_BENCH_RATE` ticks/s, default 20,000, in 10 ms
 * batches over 500 symbols, never a busy loop) goes in turn to a bare mqtt.js publisher (one
 * `JSON.stringify` + `publish` per tick: the floor) and to Tickwire's `TickRepublisher` (topic,
 * versioned payload, conflation under backpressure). Each is measured over the same window:
 * ticks published per second and per second of main-thread CPU, and what the subscriber got.
 * Prints JSON; `ratio` is Tickwire's published-per-CPU-second over the baseline's. Past about
 * 45,000/s one core is saturated: the baseline's socket buffer then grows without bound, while
 * Tickwire conflates (counted).
 *
 * Then the desk side (deskIngest.ts): a desk reading such a fan-out against a bare mqtt.js
 * client, messages per CPU-second; its ratio is `desk.ratio`.
 */
import mqtt, { type MqttClient } from 'mqtt'
import type { Tick, TickerQuote } from '@shared/model'
import { republishSchema } from '@shared/republishConfig'
import { TickRepublisher } from '../src/main/engine/republish/tickRepublisher'
import { Mosquitto, mosquittoUnavailable } from '../test/harness/mosquitto'
import { deskIngest } from './deskIngest'
import { mainThreadCpuMs, median } from './ingestRun'

const RATE = Number(process.env.REPUBLISH_BENCH_RATE ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const SYMBOLS = 500
const BATCH_MS = 10
const WARMUP_MS = 1_000
const WINDOW_MS = Number(process.env.REPUBLISH_BENCH_WINDOW_MS ?? 4_000)

interface Publisher {
  name: string
  offer(tick: Tick, quote: TickerQuote): void
  published(): number
  /** Ticks superseded (Tickwire) — the baseline never conflates. */
  conflated(): number
  close(): Promise<void>
}

interface Run {
  offeredPerSec: number
  publishedPerSec: number
  publishedPerCpuSec: number
  receivedPerSec: number
  conflated: number
}

const quotes: TickerQuote[] = Array.from({ length: SYMBOLS }, (_, i) => ({
  key: `bench/SYM${i}`,
  source: 'bench',
  symbol: `SYM${i}`,
  last: null,
  bid: null,
  ask: null,
  volume: null,
  changePct: null,
  time: null,
  receivedAt: 0,
  stale: false
}))

/** Drives `target` at RATE for warm-up + window; counts over the window only. */
async function measure(target: Publisher, received: () => number): Promise<Run> {
  let n = 0
  const perBatch = Math.max(1, Math.round((RATE * BATCH_MS) / 1000))
  const timer = setInterval(() => {
    const now = Date.now()
    for (let k = 0; k < perBatch; k++) {
      const quote = quotes[n % SYMBOLS]
      const price = 100 + (n % 977) / 100
      quote.last = price
      quote.bid = price - 0.01
      quote.ask = price + 0.01
      quote.volume = n
      quote.changePct = (n % 200) / 100 - 1
      quote.time = now - 1
      quote.receivedAt = now
      target.offer(
        { source: 'bench', symbol: quote.symbol, last: price, sequence: n, time: now - 1, receivedAt: now },
        quote
      )
      n++
    }
  }, BATCH_MS)
  await sleep(WARMUP_MS)
  const offered0 = n
  const published0 = target.published()
  const conflated0 = target.conflated()
  const received0 = received()
  const cpu0 = mainThreadCpuMs()
  const elu = performance.eventLoopUtilization()
  const t0 = performance.now()
  await sleep(WINDOW_MS)
  const wallSec = (performance.now() - t0) / 1000
  const cpu1 = mainThreadCpuMs()
  const published = target.published() - published0
  const result = {
    offeredPerSec: Math.round((n - offered0) / wallSec),
    publishedPerSec: Math.round(published / wallSec),
    receivedPerSec: Math.round((received() - received0) / wallSec),
    conflated: target.conflated() - conflated0
  }
  clearInterval(timer)
  const busyMs = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : performance.eventLoopUtilization(elu).active
  await target.close()
  await sleep(300)
  return { ...result, publishedPerCpuSec: Math.round(published / (busyMs / 1000)) }
}

async function bare(url: string): Promise<Publisher> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, log: () => {} })
  let published = 0
  return {
    name: 'bare',
    offer(tick, quote) {
      const payload = JSON.stringify({
        v: 1,
        sym: quote.symbol,
        last: quote.last,
        bid: quote.bid,
        ask: quote.ask,
        vol: quote.volume,
        chg: quote.changePct,
        open: null,
        seq: tick.sequence ?? null,
        et: quote.time,
        rt: quote.receivedAt
      })
      client.publish(`rp/bare/${quote.symbol}`, payload, { qos: 0 })
      published++
    },
    published: () => published,
    conflated: () => 0,
    close: () => client.endAsync()
  }
}

async function tickwire(url: string): Promise<Publisher> {
  const settings = republishSchema.parse({ url, prefix: 'rp', qos: 0 })
  const republisher = new TickRepublisher(settings, (context, err) => console.error(context, err))
  republisher.start()
  while (republisher.stats().state !== 'open') await sleep(10)
  return {
    name: 'tickwire',
    offer: (tick, quote) => republisher.observe(tick, quote),
    published: () => republisher.stats().published,
    conflated: () => republisher.stats().conflated,
    close: () => republisher.stop()
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function main(): Promise<Record<string, unknown>> {
  const missing = mosquittoUnavailable()
  if (missing !== null) return { benchmark: 'republish', skipped: missing }
  const broker = await Mosquitto.start()
  let subscriber: MqttClient | null = null
  try {
    subscriber = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, log: () => {} })
    let received = 0
    subscriber.on('message', () => received++)
    await subscriber.subscribeAsync('rp/#', { qos: 0 })
    const runs: Record<'bare' | 'tickwire', Run[]> = { bare: [], tickwire: [] }
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await measure(await bare(broker.url), () => received))
      runs.tickwire.push(await measure(await tickwire(broker.url), () => received))
    }
    const summary = (list: Run[]) => ({
      offeredPerSec: median(list.map((r) => r.offeredPerSec)),
      publishedPerSec: median(list.map((r) => r.publishedPerSec)),
      publishedPerCpuSec: median(list.map((r) => r.publishedPerCpuSec)),
      receivedPerSec: median(list.map((r) => r.receivedPerSec)),
      conflated: median(list.map((r) => r.conflated))
    })
    const baseline = summary(runs.bare)
    const engine = summary(runs.tickwire)
    return {
      benchmark: 'republish',
      ratePerSec: RATE,
      symbols: SYMBOLS,
      windowMs: WINDOW_MS,
      rounds: ROUNDS,
      baseline: { what: 'bare mqtt.js: JSON.stringify + publish per tick', ...baseline },
      tickwire: { what: 'TickRepublisher: topic, v1 payload, conflation under backpressure', ...engine },
      ratio: Number((engine.publishedPerCpuSec / baseline.publishedPerCpuSec).toFixed(3)),
      desk: await deskIngest(ROUNDS)
    }
  } finally {
    await subscriber?.endAsync(true)
    await broker.stop()
  }
}

main()
  .then((result) => console.log(JSON.stringify(result, null, 2)))
  .catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
