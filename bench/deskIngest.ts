/**
 * The desk side of the fan-out (issue 13): one Mosquitto, one paced publisher in a worker thread
 * playing the collector (`DESK_BENCH_RATE` ticks/s, default 20,000, QoS 0, 500 symbols on
 * `rp/bench/<symbol>`, each payload a republished ticker state), and in turn a bare mqtt.js client
 * that `JSON.parse`s each payload and a desk's whole path (`"adapter": "tickwire"`: RelaySource →
 * Engine → frames to a view that acknowledges at once). Messages taken per second of main-thread
 * CPU, over the same window of the same flood; `ratio` is the desk's over the bare client's.
 */
import { configSchema } from '@shared/config'
import { Engine } from '../src/main/engine/engine'
import { Mosquitto, mosquittoUnavailable } from '../test/harness/mosquitto'
import { instantView } from './ingestRun'
import { alternate, bareClient, type Side } from './mqttIngest'
import { startMqttFlood } from './mqttFlood'

const RATE = Number(process.env.DESK_BENCH_RATE ?? 20_000)
const SYMBOLS = 500

async function desk(url: string): Promise<Side> {
  const config = configSchema.parse({
    market: [{ id: 'bench', adapter: 'tickwire', url, prefix: 'rp' }]
  })
  const engine = new Engine(config, { statsIntervalMs: 1000 })
  const view = instantView()
  const session = engine.attachView(view.link)
  engine.start()
  return {
    taken: () => engine.stats().sources[0].messages,
    close: async () => {
      const malformed = engine.stats().sources[0].malformed
      session.dispose()
      await engine.stop()
      if (malformed > 0) throw new Error(`the desk refused ${malformed} republished messages`)
    }
  }
}

export async function deskIngest(rounds: number): Promise<Record<string, unknown>> {
  const missing = mosquittoUnavailable()
  if (missing !== null) return { skipped: missing }
  const broker = await Mosquitto.start()
  const topics = Array.from({ length: SYMBOLS }, (_, i) => `rp/bench/SYM${i}`)
  const flood = await startMqttFlood({ url: broker.url, rate: RATE, topics, payload: 'republished' }).catch(
    async (err: unknown) => {
      await broker.stop()
      throw err
    }
  )
  try {
    const sides = await alternate(
      rounds,
      () => bareClient(broker.url, 'rp/bench/+', (v) => v.last + v.bid),
      () => desk(broker.url)
    )
    return {
      publishedPerSec: RATE,
      symbols: SYMBOLS,
      baseline: { what: 'mqtt.js client + JSON.parse', ...sides.baseline },
      desk: { what: 'mqtt.js → RelaySource → Engine → frames → instant view', ...sides.engine },
      ratio: sides.ratio
    }
  } finally {
    await flood.stop()
    await broker.stop()
  }
}
