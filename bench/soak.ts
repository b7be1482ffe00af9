/**
 * `npm run bench -- soak`: the real browser-mode process (a fresh build of serve.js, run with plain
 * `node`) fed 20,000 msg/s over 500 symbols by a JSON feed in a worker thread, with a view
 * attached over the WebSocket bridge acknowledging frames like a 60 fps page, for 10 minutes.
 * Samples the serve process's RSS and heap at the start (after warm-up), middle and end and says
 * whether memory stayed flat. Prints JSON.
 *
 * Knobs: SOAK_MS (600000), SOAK_WARMUP_MS (60000), SOAK_RATE (20000), SOAK_SYMBOLS (500),
 * SOAK_SAMPLE_MS (every ~1/30 of the run, at least 5000), SOAK_SERVE_JS (use this serve.js
 * instead of building), SOAK_HEAP_SNAPSHOTS (directory: heap snapshots at start and end),
 * SOAK_MQTT_RATE (0: off; readings/s from an MQTT broker on top) and SOAK_SENSORS (200).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { StatsPayload } from '@shared/model'
import { BRIDGE_PATH } from '@shared/protocol'
import { EXCHANGE_MAPPING, EXCHANGE_SUBSCRIBE_TEMPLATE } from '../src/main/demo/exchangeProtocol'
import { startPacedFeed, type PacedFeed } from './soakFeed'
import { buildServe, startSoakServe, writeReporter, type SoakServe } from './soakServe'
import { attachSoakView, type SoakView } from './soakView'
import { startPacedBroker, type PacedBroker } from './soakTelemetry'
import {
  formatReport,
  growth,
  MARKET_ID,
  memoryOf,
  series,
  sourceStats,
  TELEMETRY_ID,
  trends,
  type CheckpointName,
  type SoakRow
} from './soakReport'

const FLAT_LIMIT_PCT = 5
/**
 * glibc raises its mmap threshold each time a large block is freed, so the arrays history's rings
 * outgrow (each growth doubles one) stay in the heap, held as free memory: RSS then grows with
 * history's growth, not with any leak, until every ring reaches its size (an hour in). A fixed
 * threshold gives each large array its own mapping, returned when freed, so RSS tells leaks.
 */
const ALLOCATOR_ENV: Record<string, string> =
  process.env.SOAK_DEFAULT_MALLOC === '1' ? {} : { MALLOC_MMAP_THRESHOLD_: '65536' }
const FEED_TICK_MS = 10
const ACK_DELAY_MS = 16

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${raw}: must be a number ≥ ${min}`)
  return value
}

const DURATION_MS = envNumber('SOAK_MS', 600_000, 1000)
const WARMUP_MS = envNumber('SOAK_WARMUP_MS', 60_000, 0)
const RATE = envNumber('SOAK_RATE', 20_000, 1)
const SYMBOL_COUNT = envNumber('SOAK_SYMBOLS', 500, 1)
const SAMPLE_MS = envNumber('SOAK_SAMPLE_MS', Math.max(5000, Math.round(DURATION_MS / 30)), 500)
const MQTT_RATE = envNumber('SOAK_MQTT_RATE', 0, 0)
const SENSOR_COUNT = envNumber('SOAK_SENSORS', 200, 1)
const SERVE_JS = process.env.SOAK_SERVE_JS ? resolve(process.env.SOAK_SERVE_JS) : null
const SNAPSHOT_DIR = process.env.SOAK_HEAP_SNAPSHOTS ? resolve(process.env.SOAK_HEAP_SNAPSHOTS) : null
if (WARMUP_MS >= DURATION_MS) throw new Error('SOAK_WARMUP_MS must be shorter than SOAK_MS')

const SYMBOLS = Array.from({ length: SYMBOL_COUNT }, (_, i) => `S${String(i).padStart(3, '0')}`)

function soakConfig(feedUrl: string, brokerUrl: string | null): object {
  return {
    market: [
      {
        id: MARKET_ID,
        adapter: 'json',
        url: feedUrl,
        symbols: [],
        // The feed speaks the demo exchange's protocol, so the demo's mapping reads it.
        mapping: { ...EXCHANGE_MAPPING },
        subscribe: { ...EXCHANGE_SUBSCRIBE_TEMPLATE }
      }
    ],
    telemetry:
      brokerUrl === null
        ? []
        : [
            {
              id: TELEMETRY_ID,
              url: brokerUrl,
              // aedes 1.x speaks MQTT 3.1.1 only.
              protocolVersion: 4,
              subscriptions: [{ topic: 'soak/#', qos: 0 }]
            }
          ]
  }
}

async function fetchStats(serveUrl: string): Promise<StatsPayload> {
  const res = await fetch(new URL('api/stats', serveUrl))
  if (!res.ok) throw new Error(`GET /api/stats: ${res.status}`)
  return (await res.json()) as StatsPayload
}

/** Cleanup steps, run last-registered first, each at most once, whatever happened before. */
class Closers {
  private readonly steps: Array<() => Promise<unknown>> = []
  add(step: () => Promise<unknown>): void {
    this.steps.push(step)
  }
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop() as () => Promise<unknown>
      await step().catch((err: unknown) => console.error('soak: cleanup step failed:', err))
    }
  }
}

async function main(): Promise<void> {
  const abort = new AbortController()
  let signals = 0
  const onSignal = (): void => {
    // A second Ctrl-C means now; the serve process stops itself when its IPC channel closes.
    if (++signals > 1) process.exit(130)
    console.error('soak: interrupted, cleaning up')
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const closers = new Closers()
  const rows: SoakRow[] = []
  const startedAt = new Date()
  const loadBefore = loadavg()
  let report: object | null = null
  let exitCode = 0
  try {
    const work = await mkdtemp(join(tmpdir(), 'tickwire-soak-'))
    closers.add(() => rm(work, { recursive: true, force: true }))
    const buildStart = performance.now()
    const serveJs = SERVE_JS ?? (await buildServe(join(work, 'out')))
    const buildMs = SERVE_JS ? null : Math.round(performance.now() - buildStart)
    if (SNAPSHOT_DIR) await mkdir(SNAPSHOT_DIR, { recursive: true })

    const feed: PacedFeed = await startPacedFeed({ ratePerSec: RATE, symbols: SYMBOLS, tickMs: FEED_TICK_MS })
    closers.add(() => feed.close())
    let broker: PacedBroker | null = null
    if (MQTT_RATE > 0) {
      const started = await startPacedBroker({
        ratePerSec: MQTT_RATE,
        sensors: SENSOR_COUNT,
        tickMs: FEED_TICK_MS
      })
      closers.add(() => started.close())
      broker = started
    }
    const configPath = join(work, 'soak.json')
    await writeFile(configPath, JSON.stringify(soakConfig(feed.url, broker?.url ?? null), null, 2))
    const stateDir = join(work, 'state')
    await mkdir(stateDir)
    const serve: SoakServe = await startSoakServe({
      serveJs,
      reporterPath: await writeReporter(join(work, 'soakReporter.cjs')),
      configPath,
      stateDir,
      env: ALLOCATOR_ENV
    })
    let serveExit: { code: number | null; signal: string | null } | null = null
    closers.add(async () => (serveExit = await serve.stop()))
    const view: SoakView = await attachSoakView(serve.url, ACK_DELAY_MS)
    closers.add(() => view.close())

    // Wait for the engine's connections before the clock starts.
    const wanted = broker === null ? [MARKET_ID] : [MARKET_ID, TELEMETRY_ID]
    for (let i = 0; ; i++) {
      const stats = await fetchStats(serve.url)
      if (wanted.every((id) => sourceStats(stats, id)?.state === 'open')) break
      if (i > 100) throw new Error('the engine never connected to its sources')
      await sleep(100, undefined, { signal: abort.signal })
    }
    await Promise.all([feed.go(), broker?.go()])
    const t0 = performance.now()

    const middleMs = WARMUP_MS + (DURATION_MS - WARMUP_MS) / 2
    const plan: Array<{ at: number; checkpoint: CheckpointName | null }> = [
      { at: WARMUP_MS, checkpoint: 'start' },
      { at: middleMs, checkpoint: 'middle' },
      { at: DURATION_MS, checkpoint: 'end' }
    ]
    for (let at = SAMPLE_MS; at < DURATION_MS; at += SAMPLE_MS) {
      if (plan.every((p) => Math.abs(p.at - at) >= SAMPLE_MS / 2)) plan.push({ at, checkpoint: null })
    }
    plan.sort((a, b) => a.at - b.at)

    for (const step of plan) {
      const wait = t0 + step.at - performance.now()
      if (wait > 0) await sleep(wait, undefined, { signal: abort.signal })
      const checkpoint = step.checkpoint
      const snapshotPath =
        SNAPSHOT_DIR && (checkpoint === 'start' || checkpoint === 'end')
          ? join(SNAPSHOT_DIR, `soak-${checkpoint}-${serve.pid}.heapsnapshot`)
          : undefined
      const sample = await serve.sample({ gc: checkpoint !== null, snapshotPath })
      const t = (performance.now() - t0) / 1000
      const [feedCounts, stats] = await Promise.all([feed.counts(), fetchStats(serve.url)])
      rows.push({
        t,
        checkpoint,
        afterGc: checkpoint !== null,
        sample,
        feed: feedCounts,
        stats,
        view: view.counters()
      })
      if (checkpoint)
        console.error(
          `soak: ${checkpoint} at ${Math.round(t)} s`,
          JSON.stringify(memoryOf(rows.at(-1) as SoakRow))
        )
    }

    // Stop sending, then let the engine take what is still in flight.
    const [sent, published] = await Promise.all([feed.stop(), broker?.stop() ?? null])
    let stats = await fetchStats(serve.url)
    for (let i = 0; i < 50 && (sourceStats(stats, MARKET_ID)?.messages ?? 0) < sent.sent; i++) {
      await sleep(100)
      stats = await fetchStats(serve.url)
    }
    await sleep(2 * ACK_DELAY_MS + 50)
    const viewCounts = view.counters()
    const serveStderr = serve.stderrLines()
    const peak = (await serve.sample({ gc: false })).proc.vmHwmBytes
    await closers.run()

    report = buildReport({
      rows,
      sent,
      published,
      stats,
      viewCounts,
      serveStderr,
      peak,
      buildMs,
      serveJs,
      serveExit
    })
    if (serveExit !== null && (serveExit as { code: number | null }).code !== 0) exitCode = 1
  } catch (err) {
    if (!abort.signal.aborted) {
      console.error('soak:', err instanceof Error ? err.message : err)
      exitCode = 1
    } else {
      exitCode = 130
    }
  } finally {
    await closers.run()
  }
  if (report === null && rows.length > 0) {
    report = { benchmark: 'soak', aborted: true, samplesSoFar: rows.map(memoryOf) }
  }
  if (report !== null) {
    console.log(
      formatReport({
        ...report,
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model ?? null,
          memoryMiB: Math.round(totalmem() / 2 ** 20),
          node: process.version,
          loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
          loadAverageAfter: loadavg().map((x) => Number(x.toFixed(2))),
          startedAt: startedAt.toISOString()
        }
      })
    )
  }
  process.exitCode = exitCode
}

interface ReportInput {
  rows: SoakRow[]
  sent: Awaited<ReturnType<PacedFeed['stop']>>
  published: Awaited<ReturnType<PacedBroker['stop']>> | null
  stats: StatsPayload
  viewCounts: ReturnType<SoakView['counters']>
  serveStderr: string[]
  peak: number | null
  buildMs: number | null
  serveJs: string
  serveExit: { code: number | null; signal: string | null } | null
}

function buildReport(input: ReportInput): object {
  const { rows, sent, stats, viewCounts } = input
  const at = (name: CheckpointName): SoakRow => rows.find((r) => r.checkpoint === name) as SoakRow
  const start = at('start')
  const end = at('end')
  const source = sourceStats(stats, MARKET_ID)
  const telemetry = sourceStats(stats, TELEMETRY_ID)
  const marketMessages = (row: SoakRow): number => sourceStats(row.stats, MARKET_ID)?.messages ?? 0
  const windowSec = end.t - start.t
  const verdict = growth(start, end, FLAT_LIMIT_PCT)
  return {
    benchmark: 'soak',
    config: {
      ratePerSec: RATE,
      symbols: SYMBOL_COUNT,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      sampleEveryMs: SAMPLE_MS,
      allocator:
        Object.keys(ALLOCATOR_ENV).length === 0
          ? "glibc's defaults (SOAK_DEFAULT_MALLOC=1)"
          : `${Object.entries(ALLOCATOR_ENV)
              .map(([k, v]) => `${k}=${v}`)
              .join(
                ' '
              )}: every large array its own mapping, returned when freed, so RSS shows leaks rather than the allocator keeping the arrays history's rings outgrew (SOAK_DEFAULT_MALLOC=1 runs without)`,
      serve: `node --expose-gc --require <reporter> ${input.serveJs} --config <soak.json> --port 0 --state-dir <tmp> --no-demo`,
      build:
        input.buildMs === null ? 'given (SOAK_SERVE_JS)' : `fresh electron-vite build, ${input.buildMs} ms`,
      feed: `json adapter over ws from a worker thread: setInterval every ${FEED_TICK_MS} ms sends the messages due (one WebSocket message each, random symbol, per-symbol sequence, event time)`,
      view: `ws ${BRIDGE_PATH}: ready, then each frame acked ${ACK_DELAY_MS} ms after it arrives; ping bursts every 10 s`,
      memory:
        'start/middle/end: process.memoryUsage() in the serve process right after a forced full GC; rss also as VmRSS from /proc'
    },
    checkpoints: { start: memoryOf(start), middle: memoryOf(at('middle')), end: memoryOf(end) },
    growthPct: verdict.growthPct,
    historyMiB: verdict.historyMiB,
    flat: verdict.flat,
    flatCriterion: `rss less what history wrote into its own (bounded) rings, and heapUsed (after full GC), grow at most ${FLAT_LIMIT_PCT}% from start to end`,
    ...(SNAPSHOT_DIR && {
      heapSnapshots: SNAPSHOT_DIR,
      heapSnapshotNote:
        'writing a heap snapshot keeps tens of MiB of its own: rss after the start snapshot is inflated, so judge heapUsed only'
    }),
    trendAfterWarmup: trends(rows, WARMUP_MS / 1000),
    peakRssMiB: input.peak === null ? null : Math.round((input.peak / 2 ** 20) * 10) / 10,
    messages: {
      sent: sent.sent,
      received: source?.messages ?? null,
      malformed: source?.malformed ?? null,
      gaps: source?.gaps ?? null,
      reconnects: source?.reconnects ?? null,
      state: source?.state ?? null,
      feedSubscriptions: sent.subscriptions,
      skippedBackpressure: sent.skippedBackpressure,
      notSentLate: sent.notSentLate,
      feedMaxTimerGapMs: Math.round(sent.maxTickGapMs),
      achievedSendRatePerSec: Math.round(sent.sent / (sent.elapsedMs / 1000)),
      engineRatePerSecStartToEnd: Math.round((marketMessages(end) - marketMessages(start)) / windowSec),
      feedLatencyMs: source?.latencyMs.feed ?? null
    },
    telemetry:
      input.published === null
        ? 'off (SOAK_MQTT_RATE=0)'
        : {
            ratePerSec: MQTT_RATE,
            sensors: SENSOR_COUNT,
            published: input.published.published,
            notSentLate: input.published.notSentLate,
            achievedRatePerSec: Math.round(input.published.published / (input.published.elapsedMs / 1000)),
            received: telemetry?.messages ?? null,
            malformed: telemetry?.malformed ?? null,
            reconnects: telemetry?.reconnects ?? null,
            state: telemetry?.state ?? null
          },
    view: {
      hellos: viewCounts.hellos,
      framesReceived: viewCounts.frames,
      framesAcked: viewCounts.acked,
      framesPerSec: Math.round((viewCounts.frames / (sent.elapsedMs / 1000)) * 10) / 10,
      tickerUpdates: viewCounts.tickers,
      seqBreaks: viewCounts.seqBreaks,
      meanFrameKiB:
        viewCounts.frames === 0 ? null : Math.round(viewCounts.frameBytes / viewCounts.frames / 102.4) / 10,
      maxFrameKiB: Math.round(viewCounts.maxFrameBytes / 102.4) / 10,
      errors: viewCounts.errors,
      engineDisplay: stats.display
    },
    serve: { exit: input.serveExit, stderr: input.serveStderr.slice(0, 20) },
    series: series(rows)
  }
}

void main()
