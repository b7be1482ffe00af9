/**
 * `npm run bench`: engine ingest throughput (ws → MarketSource → Engine → frames to a view that
 * acknowledges at once) against a raw baseline in the same run (bare `ws` + `JSON.parse`).
 * Then the same for MQTT (`mqttIngest.ts`: a Mosquitto flood, a bare mqtt.js client against the
 * whole telemetry path). Prints JSON. Ratios, not absolute numbers, are what to compare across machines.
 */
import {
  CAPACITY_CLOCK,
  COUNT,
  engineIngest,
  median,
  onOwnFeed,
  rawBaseline,
  ROUNDS,
  type Run
} from './ingestRun'
import { mqttIngest } from './mqttIngest'

async function main(): Promise<void> {
  const baseline: Run[] = []
  const engine: Run[] = []
  let frames = 0
  let feedP50: number | null = null
  // Alternate so machine noise hits both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await onOwnFeed(rawBaseline))
    const result = await onOwnFeed((url) => engineIngest(url))
    engine.push(result.run)
    frames = result.frames
    feedP50 = result.feedP50
  }
  const heap = process.memoryUsage()
  const summarize = (runs: Run[]) => ({
    msgsPerSec: Math.round(median(runs.map((r) => r.wallRate))),
    msgsPerCpuSec: Math.round(median(runs.map((r) => r.capacity)))
  })
  const out = {
    benchmark: 'ingest',
    messages: COUNT,
    rounds: ROUNDS,
    note: "msgsPerSec is capped by the one producer thread; msgsPerCpuSec (messages per second of the consuming thread's time, see capacityClock) is what the consumer could take, and ratio compares that",
    capacityClock: CAPACITY_CLOCK,
    baseline: { what: 'ws + JSON.parse', ...summarize(baseline) },
    engine: {
      what: 'ws → MarketSource(json) → Engine → frames → instant view',
      ...summarize(engine),
      framesLastRound: frames,
      feedLatencyP50MsLastRound: feedP50
    },
    ratio: Number(
      (median(engine.map((r) => r.capacity)) / median(baseline.map((r) => r.capacity))).toFixed(3)
    ),
    mqtt: await mqttIngest(ROUNDS),
    memory: { rssMiB: Math.round(heap.rss / 2 ** 20), heapUsedMiB: Math.round(heap.heapUsed / 2 ** 20) }
  }
  console.log(JSON.stringify(out, null, 2))
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
