/**
 * The process under test: the real browser-mode entry point (`node <build>/main/serve.js --config
 * … --port 0 --state-dir … --no-demo`), started with a small preloaded reporter (`--require`) that
 * answers the bench's IPC requests with `process.memoryUsage()` and V8 heap statistics, can force
 * a full GC first (`--expose-gc`) and write a heap snapshot. Nothing is added to `src/`: the
 * engine, HTTP server and bridge run exactly as `npm run serve` runs them, heap included.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { delimiter, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

const REPO = resolve(__dirname, '..')

/** Preloaded into the serve process. Plain CommonJS: it runs before serve.js, outside any bundler. */
const REPORTER_SOURCE = `
const v8 = require('node:v8')
const { performance } = require('node:perf_hooks')
if (typeof process.send === 'function') {
  let elu = performance.eventLoopUtilization()
  let cpu = process.cpuUsage()
  let cpuAt = performance.now()
  process.on('message', (m) => {
    if (!m || m.soak !== 'sample') return
    let gcMs = null
    if (m.gc && typeof globalThis.gc === 'function') {
      const t = performance.now()
      globalThis.gc()
      gcMs = performance.now() - t
    }
    const memory = process.memoryUsage()
    const h = v8.getHeapStatistics()
    const nextElu = performance.eventLoopUtilization()
    const nextCpu = process.cpuUsage()
    const now = performance.now()
    const cpuMs = (nextCpu.user - cpu.user + nextCpu.system - cpu.system) / 1000
    const sample = {
      soak: 'sample',
      id: m.id,
      at: performance.timeOrigin + now,
      gcMs,
      memory,
      heap: {
        totalHeapSize: h.total_heap_size,
        usedHeapSize: h.used_heap_size,
        mallocedMemory: h.malloced_memory,
        externalMemory: h.external_memory,
        nativeContexts: h.number_of_native_contexts,
        detachedContexts: h.number_of_detached_contexts
      },
      eventLoopUtilization: performance.eventLoopUtilization(nextElu, elu).utilization,
      cpuShare: now > cpuAt ? cpuMs / (now - cpuAt) : 0,
      snapshot: null
    }
    elu = nextElu
    cpu = nextCpu
    cpuAt = now
    // After the figures: writing a snapshot allocates a lot of its own.
    if (m.snapshotPath) sample.snapshot = v8.writeHeapSnapshot(m.snapshotPath)
    process.send(sample)
  })
  // The bench is gone (even killed): shut down the way Ctrl-C does, never linger.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'))
}
`

export interface ServeSample {
  /** Epoch ms in the serve process. */
  at: number
  /** Duration of the forced full GC, ms; `null` when none was asked for. */
  gcMs: number | null
  memory: NodeJS.MemoryUsage
  heap: {
    totalHeapSize: number
    usedHeapSize: number
    mallocedMemory: number
    externalMemory: number
    nativeContexts: number
    detachedContexts: number
  }
  /** Busy share of the serve process's event loop since the previous sample. */
  eventLoopUtilization: number
  /** CPU time (user + system) per wall time since the previous sample: 1 = one full core. */
  cpuShare: number
  /** VmRSS and VmHWM from `/proc/<pid>/status`, read by the bench right after the reply. */
  proc: { vmRssBytes: number | null; vmHwmBytes: number | null }
  snapshot: string | null
}

export interface SoakServe {
  pid: number
  /** `http://127.0.0.1:PORT/`, as printed on the first line. */
  url: string
  sample(options: { gc: boolean; snapshotPath?: string }): Promise<ServeSample>
  /** Lines the process wrote to stderr (its own problem reports). */
  stderrLines(): string[]
  /** SIGTERM, as Ctrl-C would; SIGKILL after `graceMs`. Resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: string | null }>
}

/**
 * A fresh `electron-vite build` of the working tree into `outDir` (so the bench measures the code
 * as it is now and never races other builds of `out/`). Returns the path of serve.js.
 */
export async function buildServe(outDir: string): Promise<string> {
  const bin = join(REPO, 'node_modules', '.bin', 'electron-vite')
  const child = spawn(bin, ['build', '--logLevel', 'error', '--outDir', outDir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail)
    child.once('exit', (c) => done(c))
  })
  if (code !== 0) throw new Error(`electron-vite build failed (exit ${code}):\n${output.trim()}`)
  return join(outDir, 'main', 'serve.js')
}

export async function writeReporter(path: string): Promise<string> {
  await writeFile(path, REPORTER_SOURCE)
  return path
}

export interface StartSoakServeOptions {
  serveJs: string
  reporterPath: string
  configPath: string
  stateDir: string
  /** Added to the serve process's environment. */
  env?: Record<string, string>
}

export async function startSoakServe(options: StartSoakServeOptions): Promise<SoakServe> {
  const args = [
    '--expose-gc',
    '--require',
    options.reporterPath,
    options.serveJs,
    '--config',
    options.configPath,
    '--port',
    '0',
    '--state-dir',
    options.stateDir,
    '--no-demo'
  ]
  // A build outside the repository still finds the repository's node_modules (ws, zod, …).
  const nodePath = [join(REPO, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter)
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...options.env, NODE_PATH: nodePath },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: the bench decides when it stops (a terminal Ctrl-C reaches the bench,
    // which then stops it once, cleanly); the reporter stops it if the bench dies.
    detached: true
  })
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal }))
  )
  const stderr: string[] = []
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => stderr.push(line))
  const stdout = createInterface({ input: child.stdout as NodeJS.ReadableStream })

  const url = await new Promise<string>((done, fail) => {
    const onExit = ({ code, signal }: { code: number | null; signal: string | null }): void =>
      fail(new Error(`serve exited (${code ?? signal}) before serving:\n${stderr.join('\n')}`))
    void exited.then(onExit)
    stdout.once('line', (line) => {
      const match = /^Tickwire serving at (http:\/\/\S+)$/.exec(line)
      if (match) done(match[1])
      else fail(new Error(`unexpected first line from serve: ${line}`))
    })
  })
  // Anything else it prints is drained, not kept.
  stdout.on('line', () => undefined)

  return {
    pid: child.pid as number,
    url,
    sample: (opts) => requestSample(child, opts),
    stderrLines: () => [...stderr],
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs)
        const result = await exited
        clearTimeout(kill)
        return result
      }
      return exited
    }
  }
}

let nextId = 1

async function requestSample(
  child: ChildProcess,
  options: { gc: boolean; snapshotPath?: string }
): Promise<ServeSample> {
  const id = nextId++
  const reply = await new Promise<Omit<ServeSample, 'proc'>>((done, fail) => {
    const onMessage = (m: { soak?: string; id?: number } & Omit<ServeSample, 'proc'>): void => {
      if (m.soak !== 'sample' || m.id !== id) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      done(m)
    }
    const onExit = (): void => fail(new Error('serve process exited while sampled'))
    child.on('message', onMessage)
    child.once('exit', onExit)
    child.send({ soak: 'sample', id, gc: options.gc, snapshotPath: options.snapshotPath })
  })
  return { ...reply, proc: await procStatus(child.pid as number) }
}

async function procStatus(pid: number): Promise<ServeSample['proc']> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string): number | null => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
      return match ? Number(match[1]) * 1024 : null
    }
    return { vmRssBytes: kib('VmRSS'), vmHwmBytes: kib('VmHWM') }
  } catch {
    return { vmRssBytes: null, vmHwmBytes: null }
  }
}
