/**
 * A real Tickwire browser-mode process under hostile input: started with the e2e suite's
 * `startServe` (`node out/main/serve.js --config <tmp file> --port 0 --state-dir <tmp dir>`),
 * watched for RSS (and killed if it ever passes a guard, so a regression cannot take the
 * machine down), and asked through `/api/stats`, `/api/snapshot` and the `/bridge` WebSocket.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import WebSocket from 'ws'
import type { SnapshotPayload, SourceStats, StatsPayload } from '@shared/model'
import { BRIDGE_PATH, type EngineMessage } from '@shared/protocol'
import { writeConfigDir, type ConfigDir } from '../../../e2e/support/configFile'
import { repoRoot, serveEntry, startServe, type ServeProcess } from '../../../e2e/support/serveProcess'
import { canReadRss, formatMb, MB, RssWatch, rssBytes, settledRss } from '../../../harness/processMemory'

/** Kill the engine past this: far above anything a fixed engine needs, far below the machine's RAM. */
const RSS_GUARD_BYTES = 1024 * MB
/** How far RSS may stay above its baseline once an input has been handled. */
export const RSS_MARGIN_BYTES = 50 * MB

/** Why the hostile suite cannot run here, or `null`. */
export function hostileUnavailable(): string | null {
  if (!existsSync(serveEntry)) return `${serveEntry} is not built (run \`npx electron-vite build\`)`
  if (!canReadRss()) return 'no /proc/<pid>/status to read RSS from (Linux only)'
  return null
}

export class Tickwire {
  /** RSS after start-up and a first small burst of valid traffic (`setBaseline`). */
  baseline = 0

  private constructor(
    readonly serve: ServeProcess,
    readonly configDir: ConfigDir,
    readonly watch: RssWatch
  ) {}

  static async start(config: unknown): Promise<Tickwire> {
    const configDir = writeConfigDir(config)
    let serve: ServeProcess
    try {
      serve = await startServe([
        '--port',
        '0',
        '--no-demo',
        '--config',
        configDir.configFile,
        '--state-dir',
        configDir.stateDir
      ])
    } catch (err) {
      configDir.remove()
      throw err
    }
    return new Tickwire(serve, configDir, new RssWatch(serve.child.pid!, RSS_GUARD_BYTES))
  }

  get pid(): number {
    return this.serve.child.pid!
  }

  get alive(): boolean {
    return this.serve.child.exitCode === null && this.serve.child.signalCode === null
  }

  /** Records the RSS baseline now (call after start-up traffic has been handled). */
  async setBaseline(): Promise<void> {
    // Let start-up garbage go first, so the baseline is not a momentary high.
    await new Promise((resolve) => setTimeout(resolve, 500))
    this.baseline = rssBytes(this.pid) ?? 0
  }

  /** `/api/stats`, which must answer within 1 s. */
  async stats(): Promise<StatsPayload> {
    return this.getJson<StatsPayload>('/api/stats', 1_000)
  }

  async source(id: string): Promise<SourceStats> {
    const found = (await this.stats()).sources.find((s) => s.id === id)
    if (found === undefined) throw new Error(`no source ${id} in /api/stats`)
    return found
  }

  async snapshot(timeoutMs = 2_000): Promise<SnapshotPayload> {
    return this.getJson<SnapshotPayload>('/api/snapshot', timeoutMs)
  }

  /** Polls `/api/stats` until `check` returns a value (then returns it), for up to `timeoutMs`. */
  async until<T>(
    check: (stats: StatsPayload) => T | undefined,
    what: string,
    timeoutMs = 10_000
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs
    let last: StatsPayload | null = null
    for (;;) {
      this.expectAlive()
      last = await this.stats()
      const value = check(last)
      if (value !== undefined) return value
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; sources: ${JSON.stringify(last.sources)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /** Polls one source's stats until `check` holds, returning them. */
  untilSource(id: string, check: (s: SourceStats) => boolean, what: string, timeoutMs = 10_000) {
    return this.until(
      (stats) => {
        const s = stats.sources.find((x) => x.id === id)
        return s !== undefined && check(s) ? s : undefined
      },
      `${id}: ${what}`,
      timeoutMs
    )
  }

  /** Polls `/api/snapshot` until `check` returns a value. */
  async untilSnapshot<T>(
    check: (snapshot: SnapshotPayload) => T | undefined,
    what: string,
    timeoutMs = 10_000
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      this.expectAlive()
      const value = check(await this.snapshot())
      if (value !== undefined) return value
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} in /api/snapshot`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  expectAlive(): void {
    if (this.watch.killedAt !== null)
      throw new Error(`the engine passed the RSS guard (${formatMb(this.watch.killedAt)}) and was killed`)
    if (!this.alive)
      throw new Error(
        `the engine exited (${this.serve.child.exitCode ?? this.serve.child.signalCode}); stderr: ${this.serve.stderr()}`
      )
  }

  /**
   * After one hostile input: alive, `/api/stats` answers within 1 s, and RSS comes back to within
   * 50 MB of the baseline (polled for up to 15 s: V8 and malloc give memory back lazily).
   */
  async expectRecovered(): Promise<void> {
    this.expectAlive()
    const started = Date.now()
    await this.stats()
    expect(Date.now() - started, '/api/stats answer time (ms)').toBeLessThan(1_000)
    const limit = this.baseline + RSS_MARGIN_BYTES
    const rss = await settledRss(this.pid, limit)
    this.expectAlive()
    expect(
      rss,
      `RSS ${formatMb(rss)} should return to within 50 MB of the baseline ${formatMb(this.baseline)}`
    ).toBeLessThanOrEqual(limit)
  }

  /** The peak RSS since `watch.resetPeak()` stayed within 50 MB of the baseline. */
  expectPeakWithinMargin(what: string): void {
    expect(
      this.watch.peak,
      `peak RSS ${formatMb(this.watch.peak)} during ${what} should stay within 50 MB of the baseline ${formatMb(this.baseline)}`
    ).toBeLessThanOrEqual(this.baseline + RSS_MARGIN_BYTES)
  }

  /** Connects a view to `/bridge`, sends `ready` and resolves with the `hello` and how long it took. */
  async bridgeHello(
    timeoutMs = 2_000
  ): Promise<{ hello: Extract<EngineMessage, { type: 'hello' }>; ms: number }> {
    const url = `ws://127.0.0.1:${new URL(this.serve.origin).port}${BRIDGE_PATH}`
    const started = Date.now()
    const ws = new WebSocket(url, { origin: this.serve.origin, maxPayload: 64 * MB })
    try {
      return await new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no hello on ${BRIDGE_PATH} within ${timeoutMs} ms`)),
          timeoutMs
        )
        ws.once('error', (err) => {
          clearTimeout(timer)
          reject(err)
        })
        ws.once('open', () => ws.send(JSON.stringify({ type: 'ready' })))
        ws.on('message', (data) => {
          const message = JSON.parse(data.toString()) as EngineMessage
          if (message.type !== 'hello') return
          clearTimeout(timer)
          resolve({ hello: message, ms: Date.now() - started })
        })
      })
    } finally {
      ws.terminate()
    }
  }

  async stop(): Promise<void> {
    this.watch.stop()
    try {
      await this.serve.stop()
    } finally {
      this.configDir.remove()
    }
  }

  private async getJson<T>(path: string, timeoutMs: number): Promise<T> {
    // A dead engine says why, rather than "fetch failed".
    this.expectAlive()
    const response = await fetch(`${this.serve.origin}${path}`, { signal: AbortSignal.timeout(timeoutMs) })
    expect(response.status, `GET ${path}`).toBe(200)
    return (await response.json()) as T
  }
}

/** What a serve run that should refuse its configuration did. */
export interface RefusalRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
  /** It printed its URL (started) instead of refusing; it was stopped at once. */
  started: boolean
  /** It neither exited nor started within the time allowed (e.g. blocked reading a FIFO). */
  timedOut: boolean
  /** The RSS guard killed it (e.g. reading /dev/zero to the end). */
  killedForMemory: boolean
}

/**
 * Runs `node out/main/serve.js --config FILE --port 0 --state-dir <tmp>` expecting a refusal:
 * resolves once it exits, or as soon as it prints its URL (stopped with SIGTERM, then SIGKILL),
 * or after `timeoutMs` (SIGKILL). An RSS guard kills it past 512 MB.
 */
export function runServeExpectingRefusal(configFile: string, timeoutMs = 8_000): Promise<RefusalRun> {
  const state = mkdtempSync(join(tmpdir(), 'tickwire-hostile-state-'))
  const started = Date.now()
  const child = spawn(
    process.execPath,
    [serveEntry, '--port', '0', '--no-demo', '--config', configFile, '--state-dir', state],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const watch = new RssWatch(child.pid!, 512 * MB)
  let stdout = ''
  let stderr = ''
  let printed = false
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
    if (!printed && stdout.includes('Tickwire serving at')) {
      printed = true
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref()
    }
  })
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      watch.stop()
      rmSync(state, { recursive: true, force: true })
      resolve({
        code,
        signal,
        stdout,
        stderr,
        ms: Date.now() - started,
        started: printed,
        timedOut,
        killedForMemory: watch.killedAt !== null
      })
    })
  })
}

/** Asserts a refusal: exit code 2, nothing started, exactly one stderr line, returned for more checks. */
export function expectOneLineRefusal(run: RefusalRun): string {
  expect(run.killedForMemory, 'killed by the RSS guard instead of refusing').toBe(false)
  expect(run.timedOut, `neither exited nor started in time; stderr: ${run.stderr}`).toBe(false)
  expect(run.started, `started instead of refusing; stdout: ${run.stdout}`).toBe(false)
  expect(run.code, `exit code; stderr: ${run.stderr}`).toBe(2)
  const lines = run.stderr.split('\n').filter((l) => l.length > 0)
  expect(lines, 'stderr lines').toHaveLength(1)
  return lines[0]
}
