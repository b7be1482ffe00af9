/**
 * `npm run bench [-- NAME]`: runs one benchmark, `ingest` by default. Each benchmark is a module
 * that runs when imported and prints its JSON on stdout.
 */
const BENCHMARKS: Record<string, { what: string; load: () => Promise<unknown> }> = {
  ingest: {
    what: 'engine ingest throughput against a raw ws + JSON.parse baseline',
    load: () => import('./ingest')
  },
  mqtt: {
    what: 'MQTT ingest alone: a Mosquitto flood, Tickwire against a bare mqtt.js client (target ≥ 0.8)',
    load: () => import('./mqttIngestBench')
  },
  recording: {
    what: 'ingest with recording on against off (target ≥ 0.8), and replay throughput at --speed max',
    load: () => import('./recording')
  },
  history: {
    what: 'history memory for 500 symbols at 20k msg/s for an hour and 2,000 sensors at 1 Hz for 24 h',
    load: () => import('./history')
  },
  chart: {
    what: 'frame rate and long tasks of the board at 100k msg/s, alone and with a chart open',
    load: () => import('./chart')
  },
  topics: {
    what: 'the Topics view on 100,000 topics under a flood: frame rate idle and scrolling against the board',
    load: () => import('./topics')
  },
  display: {
    what: 'display latency at 5k/20k/100k msg/s in Chromium against a bare-WebSocket floor page (p50 ≤ 16.7 ms, p99 ≤ 33 ms)',
    load: () => import('./display')
  },
  sensors: {
    what: 'the gauge board under an MQTT flood (200 sensors over ws:// at 5k msg/s, 2,000 at 20k): fps ≥ 58, no long tasks',
    load: () => import('./sensorDisplay')
  },
  republish: {
    what: 'fan-out: collector republish against a bare mqtt.js publisher, and a desk reading it against a bare client (per CPU-s)',
    load: () => import('./republish')
  },
  soak: {
    what: 'browser mode at 20k msg/s with a view attached for 10 min: RSS and heap stay flat',
    load: () => import('./soak')
  }
}

const name = process.argv[2] ?? 'ingest'
const bench = BENCHMARKS[name]
if (!bench) {
  console.error(`unknown benchmark "${name}"; one of:`)
  for (const [key, { what }] of Object.entries(BENCHMARKS)) console.error(`  ${key.padEnd(8)} ${what}`)
  process.exitCode = 2
} else {
  bench.load().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  })
}
