/**
 * `npm run bench -- recording`: what recording costs the live path, and how fast a recording
 * replays. Part 1 runs the ingest comparison three ways, alternated so machine noise hits all
 * alike: the raw baseline (bare ws + JSON.parse), the engine, and the engine while recording every
 * wire message (gzip NDJSON to a temporary folder); it reports each ratio to the baseline and
 * `recordingOnOverOff` (the target is at least 0.8). Part 2 replays the recording just made at
 * `--speed max` through the same adapters and engine and reports messages per second. Prints JSON.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Engine } from '../src/main/engine/engine'
import { publicConfig } from '../src/main/engine/recording/publicConfig'
import { Recorder } from '../src/main/engine/recording/recorder'
import { readRecordingHeader, ReplayPlayer } from '../src/main/engine/recording/replayPlayer'
import { replaySourceFactory } from '../src/main/engine/recording/replaySources'
import {
  CAPACITY_CLOCK,
  COUNT,
  engineIngest,
  median,
  onOwnFeed,
  rawBaseline,
  ROUNDS,
  startFeed,
  type Run
} from './ingestRun'

async function recordedIngest(
  dir: string
): Promise<{ run: Run; file: string; dropped: number; recorded: number }> {
  let engineRef: Engine | null = null
  const recorder = new Recorder({
    publicConfig: () => publicConfig(engineRef?.sourceConfig() ?? { market: [], telemetry: [] }),
    sourceStates: () => engineRef?.stats().sources.map(({ id, state }) => ({ id, state })) ?? [],
    report: (problem) => console.error(`recording: ${problem}`)
  })
  const feed = await startFeed()
  const result = await engineIngest(feed.url, {
    tapFor: (id) => recorder.tapFor(id),
    // Started once the engine exists (the file begins with its configuration), before it connects.
    onEngine: (engine) => {
      engineRef = engine
      const problem = recorder.start(dir)
      if (problem !== null) throw new Error(problem)
    }
  })
  const { dropped, messages } = recorder.status()
  await recorder.stop()
  await feed.close()
  engineRef = null
  const files = readdirSync(dir).sort()
  return { run: result.run, file: join(dir, files[files.length - 1]), dropped, recorded: messages }
}

async function replay(file: string): Promise<{ messages: number; seconds: number; perBusySec: number }> {
  const header = await readRecordingHeader(file)
  const player = new ReplayPlayer(file, 'max', false, header)
  const engine = new Engine(header.config, { sourceFactory: replaySourceFactory(player) })
  engine.start()
  const elu = performance.eventLoopUtilization()
  const start = performance.now()
  player.start()
  await new Promise<void>((done) => {
    const poll = setInterval(() => {
      if (player.status().done) {
        clearInterval(poll)
        done()
      }
    }, 20)
  })
  const seconds = (performance.now() - start) / 1000
  const busy = performance.eventLoopUtilization(elu).active / 1000
  const messages = engine.stats().sources.reduce((n, s) => n + s.messages, 0)
  player.stop()
  await engine.stop()
  return { messages, seconds, perBusySec: messages / busy }
}

async function main(): Promise<void> {
  const baseline: Run[] = []
  const off: Run[] = []
  const on: Run[] = []
  const dirs: string[] = []
  let lastFile = ''
  let dropped = 0
  let recordedEvents = 0
  try {
    for (let round = 0; round < ROUNDS; round++) {
      baseline.push(await onOwnFeed(rawBaseline))
      off.push((await onOwnFeed((url) => engineIngest(url))).run)
      const dir = mkdtempSync(join(tmpdir(), 'tickwire-bench-rec-'))
      dirs.push(dir)
      const recorded = await recordedIngest(dir)
      on.push(recorded.run)
      lastFile = recorded.file
      dropped += recorded.dropped
      recordedEvents += recorded.recorded
    }
    const replayed = await replay(lastFile)
    const capacity = (runs: Run[]): number => median(runs.map((r) => r.capacity))
    const ratioOff = capacity(off) / capacity(baseline)
    const ratioOn = capacity(on) / capacity(baseline)
    console.log(
      JSON.stringify(
        {
          benchmark: 'recording',
          messages: COUNT,
          rounds: ROUNDS,
          capacityClock: CAPACITY_CLOCK,
          baselineMsgsPerCpuSec: Math.round(capacity(baseline)),
          recordingOff: { msgsPerCpuSec: Math.round(capacity(off)), ratio: Number(ratioOff.toFixed(3)) },
          recordingOn: { msgsPerCpuSec: Math.round(capacity(on)), ratio: Number(ratioOn.toFixed(3)) },
          recordingOnOverOff: Number((ratioOn / ratioOff).toFixed(3)),
          recordingBytes: statSync(lastFile).size,
          // Events the recorder lost because the disk (or gzip) fell behind: must be 0.
          recordedEvents,
          droppedEvents: dropped,
          replay: {
            what: 'the last recording at --speed max through the same adapters and engine',
            messages: replayed.messages,
            msgsPerSec: Math.round(replayed.messages / replayed.seconds),
            msgsPerBusySec: Math.round(replayed.perBusySec)
          }
        },
        null,
        2
      )
    )
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
