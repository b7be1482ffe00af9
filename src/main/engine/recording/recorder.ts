import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { constants, createGzip, type Gzip } from 'node:zlib'
import type { TickwireConfig } from '@shared/config'
import type { RecordingStatus } from '@shared/recording'
import type { SourceState } from '@shared/model'
import { wallNow } from '../clock'
import { eventLine, headerLine, mqttLine, sourcePart, textLine } from './recordingFormat'
import type { WireTap } from './wireTap'

const FILE_NAME = /^tickwire-(\d{13})\.ndjson\.gz$/
const DEFAULT_FILE_BYTES = 64 * 1024 * 1024
const DEFAULT_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
/** What may wait for the disk; past it, events are dropped (and counted) rather than held. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024
/** Lines are handed to gzip in batches, and gzip flushed this often (what a crash can lose). */
const FLUSH_MS = 1_000
const BATCH_CHARS = 256 * 1024

export interface RecorderOptions {
  /** The configuration in force, secrets removed: each file starts with it. */
  publicConfig: () => TickwireConfig
  /**
   * Each source's connection state now: written after the header, so a recording started (or
   * rotated) while sources are open replays from an open connection.
   */
  sourceStates: () => readonly { id: string; state: SourceState }[]
  /** A write failure, said once. */
  report: (problem: string) => void
  maxFileBytes?: number
  maxTotalBytes?: number
}

/**
 * Writes every source's wire messages to `tickwire-<epoch ms>.ndjson.gz` files in a folder:
 * compressed (gzip level 1, cheap on the hot path), flushed each second so a crash loses at
 * most that, rotated past `maxFileBytes` (each file starts with the configuration, so each
 * replays alone), and the oldest deleted past `maxTotalBytes`. The hot path only appends to a
 * string; a disk too slow to keep up drops events and says how many.
 */
export class Recorder {
  private dir: string | null = null
  private file: { path: string; out: WriteStream; gzip: Gzip } | null = null
  private batch = ''
  private timer: NodeJS.Timeout | null = null
  private since: number | null = null
  private messages = 0
  private dropped = 0
  private bytesBefore = 0
  private lastError: string | null = null
  private readonly taps = new Map<string, WireTap>()
  /** Read by every source on every message: a plain field. */
  active = false

  constructor(private readonly options: RecorderOptions) {}

  /** Starts recording into `dir` (created if needed); a recording already running continues. */
  start(dir: string): string | null {
    if (this.active) return null
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
    } catch (err) {
      return `cannot create ${dir}: ${(err as Error).message}`
    }
    this.dir = dir
    this.since = Date.now()
    this.messages = this.dropped = this.bytesBefore = 0
    this.lastError = null
    this.active = true
    this.open()
    this.timer = setInterval(() => this.flush(true), FLUSH_MS)
    this.timer.unref()
    return null
  }

  /** Stops and closes the file; resolves once everything is on disk. */
  async stop(): Promise<void> {
    if (!this.active) return
    this.active = false
    if (this.timer !== null) clearInterval(this.timer)
    if (this.rotation !== null) clearImmediate(this.rotation)
    this.timer = null
    this.rotation = null
    await this.close()
  }

  status(): RecordingStatus {
    return {
      active: this.active,
      dir: this.dir,
      file: this.file?.path ?? null,
      since: this.active ? this.since : null,
      bytes: this.bytesBefore + (this.file?.out.bytesWritten ?? 0),
      messages: this.messages,
      dropped: this.dropped,
      lastError: this.lastError
    }
  }

  /** The tap a source reports to (the same object for the source's whole life). */
  tapFor(source: string): WireTap {
    // A source added (or replaced) while recording: a new file begins, whose first line holds the
    // configuration with it, so every file still replays on its own.
    if (this.active) this.rotateSoon()
    let tap = this.taps.get(source)
    if (tap !== undefined) return tap
    const isActive = (): boolean => this.active
    const part = sourcePart(source)
    tap = {
      get active() {
        return isActive()
      },
      // A frame the adapter never saw (a login answer, maybe carrying a session token) is kept
      // as a count only: the replay counts it and needs nothing more.
      text: (t, text, delivered) => this.line(textLine(part, t, delivered ? text : '', delivered)),
      binary: (t, bytes) => this.line(eventLine({ t, s: source, bin: bytes })),
      refused: (t, reason) => this.line(eventLine({ t, s: source, ref: reason })),
      mqtt: (t, topic, payload, retain, qos) => this.line(mqttLine(part, t, topic, payload, retain, qos)),
      symbols: (t, symbols) => this.line(eventLine({ t, s: source, sym: [...symbols] })),
      state: (t, state: SourceState, error?: string) =>
        this.line(
          eventLine(
            error === undefined ? { t, s: source, st: state } : { t, s: source, st: state, err: error }
          )
        )
    }
    this.taps.set(source, tap)
    return tap
  }

  private rotation: NodeJS.Immediate | null = null

  /** After this turn (the new source is registered by then): the next file, with a fresh header. */
  private rotateSoon(): void {
    this.rotation ??= setImmediate(() => {
      this.rotation = null
      const file = this.file
      if (!this.active || file === null) return
      this.flush(false)
      // The flush may have rotated already (the file was full): then that new file has the header.
      if (this.file !== file) return
      this.open()
      void closeFile(file).then((bytes) => (this.bytesBefore += bytes))
    })
  }

  private line(text: string): void {
    if (!this.active) return
    this.messages++
    this.batch += text
    if (this.batch.length >= BATCH_CHARS) this.flush(false)
  }

  private flush(sync: boolean): void {
    const file = this.file
    if (file === null) return
    if (this.batch.length > 0) {
      if (file.gzip.writableLength + file.out.writableLength > MAX_BUFFERED_BYTES) {
        // The disk is not keeping up: this batch is lost, said in the status, never held.
        this.dropped += countLines(this.batch)
      } else file.gzip.write(this.batch)
      this.batch = ''
    }
    if (sync) file.gzip.flush(constants.Z_SYNC_FLUSH)
    if (this.active && file.out.bytesWritten >= (this.options.maxFileBytes ?? DEFAULT_FILE_BYTES)) {
      // The next file opens first: there is always one to write to, and no line waits unbounded.
      this.open()
      void closeFile(file).then((bytes) => (this.bytesBefore += bytes))
    }
  }

  private open(): void {
    const dir = this.dir
    if (dir === null) return
    let stamp = Date.now()
    while (existsIn(dir, stamp)) stamp++
    const path = join(dir, `tickwire-${stamp}.ndjson.gz`)
    const gzip = createGzip({ level: 1, chunkSize: 128 * 1024 })
    const out = createWriteStream(path, { mode: 0o600 })
    const failed = (err: Error): void => {
      if (this.lastError === null) this.options.report(`recording to ${path} failed: ${err.message}`)
      this.lastError = err.message
    }
    gzip.on('error', failed)
    out.on('error', failed)
    gzip.pipe(out)
    const now = wallNow()
    let opening = headerLine(now, this.options.publicConfig())
    for (const { id, state } of this.options.sourceStates())
      opening += eventLine({ t: now, s: id, st: state })
    gzip.write(opening)
    this.file = { path, out, gzip }
    this.prune(path)
  }

  private async close(): Promise<void> {
    const file = this.file
    if (file === null) return
    this.flush(false)
    this.batch = ''
    this.file = null
    this.bytesBefore += await closeFile(file)
  }

  /** Deletes the oldest recordings of this folder while the total is past the bound. */
  private prune(current: string): void {
    const dir = this.dir
    if (dir === null) return
    const files = readdirSync(dir)
      .filter((name) => FILE_NAME.test(name))
      .sort()
      .map((name) => {
        const path = join(dir, name)
        try {
          return { path, bytes: statSync(path).size }
        } catch {
          return { path, bytes: 0 }
        }
      })
    let total = files.reduce((sum, f) => sum + f.bytes, 0)
    for (const f of files) {
      if (total <= (this.options.maxTotalBytes ?? DEFAULT_TOTAL_BYTES) || f.path === current) break
      rmSync(f.path, { force: true })
      total -= f.bytes
    }
  }
}

/** Ends a file's gzip stream; resolves with the compressed bytes written once it is closed. */
function closeFile(file: { out: WriteStream; gzip: Gzip }): Promise<number> {
  return new Promise((resolve) => {
    file.out.once('close', () => resolve(file.out.bytesWritten))
    file.out.once('error', () => resolve(file.out.bytesWritten))
    file.gzip.end()
  })
}

function existsIn(dir: string, stamp: number): boolean {
  try {
    statSync(join(dir, `tickwire-${stamp}.ndjson.gz`))
    return true
  } catch {
    return false
  }
}

function countLines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}
