/**
 * The MQTT half of the ingest comparison: one Mosquitto, one paced publisher in a worker thread
 * (`MQTT_BENCH_RATE` msg/s, default 120,000, QoS 0, over 2,000 topics `bench/<line>/<sensor>`,
 * payloads `{"t":21.53,"h":40.2,"ts":<ms>}`), and in turn a bare mqtt.js client that
 * `JSON.parse`s each payload and Tickwire's whole path (TelemetrySource → Engine → frames to a
 * view that acknowledges at once). Each is measured over the same window of the same flood:
 * messages taken per second of the main thread's CPU time. The broker caps both at the rate it
 * can deliver, so the CPU each needs per message is what is compared, not the rate.
 */
import mqtt from 'mqtt'
import { configSchema, type TickwireConfig } from '@shared/config'
import { Engine } from '../src/main/engine/engine'
import { Mosquitto, mosquittoUnavailable } from '../test/harness/mosquitto'
import { instantView, mainThreadCpuMs, median } from './ingestRun'
import { startMqttFlood } from './mqttFlood'

const RATE = Number(process.env.MQTT_BENCH_RATE ?? 120_000)
const TOPICS = 2_000
const WARMUP_MS = 1_500
const WINDOW_MS = Number(process.env.MQTT_BENCH_WINDOW_MS ?? 5_000)

export interface Side {
  /** Messages taken so far. */
  taken(): number
  close(): Promise<void>
}

/** Messages per main-thread CPU second over the window, after the warm-up. */
export async function window(side: Side): Promise<{ msgsPerCpuSec: number; msgsPerSec: number }> {
  await new Promise((r) => setTimeout(r, WARMUP_MS))
  const cpu0 = mainThreadCpuMs()
  const elu = performance.eventLoopUtilization()
  const n0 = side.taken()
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, WINDOW_MS))
  const n = side.taken() - n0
  const wallMs = performance.now() - t0
  const cpu1 = mainThreadCpuMs()
  const busyMs = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : performance.eventLoopUtilization(elu).active
  await side.close()
  return { msgsPerCpuSec: Math.round(n / (busyMs / 1000)), msgsPerSec: Math.round(n / (wallMs / 1000)) }
}

/**
 * The floor: a bare mqtt.js client on `filter` that `JSON.parse`s each payload and adds up the
 * numbers `read` picks out (so the parse cannot be optimised away).
 */
export async function bareClient(
  url: string,
  filter = 'bench/#',
  read: (value: Record<string, number>) => number = (v) => v.t + v.h
): Promise<Side> {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    clientId: 'bench-bare',
    reconnectPeriod: 0,
    log: () => {}
  })
  let taken = 0
  let checksum = 0
  client.on('message', (_topic, payload) => {
    checksum += read(JSON.parse(payload.toString()) as Record<string, number>)
    taken++
  })
  await client.subscribeAsync(filter, { qos: 0 })
  return {
    taken: () => taken,
    close: async () => {
      if (!Number.isFinite(checksum)) throw new Error('baseline checksum broken')
      await client.endAsync(true)
    }
  }
}

async function tickwire(url: string): Promise<Side> {
  const config: TickwireConfig = configSchema.parse({
    market: [],
    telemetry: [{ id: 'bench', url, protocolVersion: 5, subscriptions: [{ topic: 'bench/#', qos: 0 }] }]
  })
  const engine = new Engine(config, { statsIntervalMs: 1000 })
  const view = instantView()
  const session = engine.attachView(view.link)
  engine.start()
  return {
    taken: () => engine.stats().sources[0].messages,
    close: async () => {
      session.dispose()
      await engine.stop()
    }
  }
}

type Measured = Awaited<ReturnType<typeof window>>

/**
 * Measures the bare client and Tickwire `rounds` times, alternated on one flood, and reports
 * each one's medians and Tickwire's messages-per-CPU-second over the baseline's.
 */
export async function alternate(
  rounds: number,
  baseline: () => Promise<Side>,
  engine: () => Promise<Side>
): Promise<{ baseline: Measured; engine: Measured; ratio: number }> {
  const runs: { baseline: Measured[]; engine: Measured[] } = { baseline: [], engine: [] }
  for (let round = 0; round < rounds; round++) {
    runs.baseline.push(await window(await baseline()))
    runs.engine.push(await window(await engine()))
  }
  const summary = (list: Measured[]): Measured => ({
    msgsPerSec: median(list.map((r) => r.msgsPerSec)),
    msgsPerCpuSec: median(list.map((r) => r.msgsPerCpuSec))
  })
  const b = summary(runs.baseline)
  const e = summary(runs.engine)
  return { baseline: b, engine: e, ratio: Number((e.msgsPerCpuSec / b.msgsPerCpuSec).toFixed(3)) }
}

/** Runs both sides `rounds` times, alternated, on one flood; null with the reason when no Mosquitto. */
export async function mqttIngest(rounds: number): Promise<Record<string, unknown>> {
  const missing = mosquittoUnavailable()
  if (missing !== null) return { skipped: missing }
  const broker = await Mosquitto.start()
  const topics = Array.from({ length: TOPICS }, (_, i) => `bench/line${Math.floor(i / 100)}/s${i % 100}`)
  const publisher = await startMqttFlood({
    url: broker.url,
    rate: RATE,
    topics,
    payload: 'two-leaves'
  }).catch(async (err: unknown) => {
    await broker.stop()
    throw err
  })
  try {
    const sides = await alternate(
      rounds,
      () => bareClient(broker.url),
      () => tickwire(broker.url)
    )
    return {
      publishedPerSec: RATE,
      topics: TOPICS,
      windowMs: WINDOW_MS,
      baseline: { what: 'mqtt.js client + JSON.parse', ...sides.baseline },
      engine: { what: 'mqtt.js → TelemetrySource → Engine → frames → instant view', ...sides.engine },
      ratio: sides.ratio
    }
  } finally {
    await publisher.stop()
    await broker.stop()
  }
}
