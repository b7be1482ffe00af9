/** The ingest comparison's parts, shared by `ingest` and `recording`: a feed, the raw baseline, the engine path. */
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import WebSocket from 'ws'
import type { TickwireConfig } from '@shared/config'
import type { EngineMessage, ViewLink } from '@shared/protocol'
import { toDisposable } from '@shared/disposable'
import { Engine, type EngineOptions } from '../src/main/engine/engine'
import { FEED_WORKER_SOURCE } from './feedWorker'

/** What one side of the comparison achieved. */
export interface Run {
  /** Messages per wall-clock second: bounded by the single producer thread. */
  wallRate: number
  /** Messages per second of main-thread CPU time: what the consumer could take. */
  capacity: number
}

/**
 * The main thread's own CPU time in ms, read from Linux's per-thread scheduler statistics (the
 * main thread's id is the process id): it leaves out the producer thread, libuv's pool (gzip,
 * file writes) and any time the thread waited for a core, which on two shared cores is noise
 * that event-loop utilization would count as busy. Null where there is no such file.
 */
export function mainThreadCpuMs(): number | null {
  try {
    const onCpuNs = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0])
    return Number.isFinite(onCpuNs) ? onCpuNs / 1e6 : null
  } catch {
    return null
  }
}

/** How `capacity` was measured on this machine, said in each benchmark's output. */
export const CAPACITY_CLOCK =
  mainThreadCpuMs() === null
    ? 'main-thread busy time (event-loop utilization)'
    : 'main-thread CPU time (/proc/self/task/<pid>/schedstat)'

/** Wall time and main-thread CPU time (or busy time, without schedstat) of `work`. */
export async function measure(work: () => Promise<void>): Promise<Run> {
  const elu = performance.eventLoopUtilization()
  const cpuBefore = mainThreadCpuMs()
  const start = performance.now()
  await work()
  const wallMs = performance.now() - start
  const cpuAfter = mainThreadCpuMs()
  const busyMs =
    cpuBefore !== null && cpuAfter !== null
      ? cpuAfter - cpuBefore
      : performance.eventLoopUtilization(elu).active
  return { wallRate: COUNT / (wallMs / 1000), capacity: COUNT / (busyMs / 1000) }
}

export const COUNT = Number(process.env.BENCH_MESSAGES ?? 200_000)
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SYMBOLS = Array.from({ length: 50 }, (_, i) => `SYM${String(i).padStart(2, '0')}`)

interface Feed {
  url: string
  close(): Promise<void>
}

export async function startFeed(): Promise<Feed> {
  const worker = new Worker(FEED_WORKER_SOURCE, {
    eval: true,
    workerData: { count: COUNT, symbols: SYMBOLS }
  })
  const port = await new Promise<number>((done) =>
    worker.once('message', (m: { port: number }) => done(m.port))
  )
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise((done) => {
        worker.once('exit', () => done())
        worker.postMessage('close')
      })
  }
}

/** `run` against a feed of its own, closed after. */
export async function onOwnFeed<T>(run: (url: string) => Promise<T>): Promise<T> {
  const feed = await startFeed()
  try {
    return await run(feed.url)
  } finally {
    await feed.close()
  }
}

/** Bare ws + JSON.parse: the floor any ingest path is measured against. */
export async function rawBaseline(url: string): Promise<Run> {
  let checksum = 0
  const run = await measure(async () => {
    const socket = new WebSocket(url, { perMessageDeflate: false })
    await new Promise((done) => socket.once('open', done))
    let received = 0
    await new Promise<void>((done) => {
      socket.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { p: number }
        checksum += msg.p
        if (++received === COUNT) done()
      })
      socket.send('{"op":"subscribe"}')
    })
    socket.terminate()
  })
  if (!Number.isFinite(checksum)) throw new Error('baseline checksum broken')
  return run
}

/** A view that paints instantly: acknowledges each frame on the next turn of the event loop. */
export function instantView(): { link: ViewLink; frames: () => number } {
  let frames = 0
  let listener: ((m: unknown) => void) | null = null
  const link: ViewLink = {
    send(message: EngineMessage) {
      if (message.type !== 'frame') return
      frames++
      setImmediate(() =>
        listener?.({ type: 'ack', seq: message.seq, paintedAt: performance.timeOrigin + performance.now() })
      )
    },
    onMessage(l) {
      listener = l
      return toDisposable(() => (listener = null))
    },
    onClose: () => toDisposable(() => {}),
    close() {}
  }
  setImmediate(() => listener?.({ type: 'ready' }))
  return { link, frames: () => frames }
}

export async function engineIngest(
  url: string,
  options: Pick<EngineOptions, 'tapFor'> & { onEngine?: (engine: Engine) => void } = {}
): Promise<{ run: Run; frames: number; feedP50: number | null }> {
  const config: TickwireConfig = {
    market: [
      {
        id: 'bench',
        adapter: 'json',
        url,
        symbols: [],
        mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', volume: 'v', time: 'E', timeUnit: 'ms' },
        subscribe: { op: 'subscribe', symbols: '{{symbols}}' },
        staleAfterMs: 30_000,
        reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
        maxMessageBytes: 1024 * 1024
      }
    ],
    telemetry: []
  }
  const engine = new Engine(config, { statsIntervalMs: 1000, tapFor: options.tapFor })
  options.onEngine?.(engine)
  const view = instantView()
  const session = engine.attachView(view.link)
  const run = await measure(async () => {
    engine.start()
    // Polled coarsely so the polling itself costs next to nothing of the measured busy time.
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (engine.stats().sources[0].messages >= COUNT) {
          clearInterval(poll)
          done()
        }
      }, 20)
    })
  })
  const stats = engine.stats()
  session.dispose()
  await engine.stop()
  return { run, frames: view.frames(), feedP50: stats.sources[0].latencyMs.feed.p50 }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
