import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'
import type { Readable } from 'node:stream'
import { configSchema, type TickwireConfig } from '@shared/config'
import { MAX_SYMBOLS_PER_SOURCE } from '@shared/limits'
import { symbolProblem } from '@shared/symbolRule'
import { ConfigError, formatJsonPath } from '@shared/configError'
import type { SourceState } from '@shared/model'
import { SOURCE_STATES } from '@shared/model'
import { RECORDING_VERSION, type RecordedEvent, type RecordingHeader } from './recordingFormat'

/**
 * Escaping makes a message at most this many times longer in its line: a control character is
 * written `\u0001`, six characters for one byte.
 */
const ESCAPED_GROWTH = 6
/** Room in a line for its time, source, topic (≤ 512, escaped) and flags. */
const LINE_OVERHEAD = 4096
/** Longest line a recording may hold: a 64 MB message (the largest `maxMessageBytes`), escaped. */
export const MAX_RECORDING_LINE = ESCAPED_GROWTH * 64 * 1024 * 1024 + LINE_OVERHEAD

/** The longest line a recording of these sources can hold: their largest message, escaped. */
export function maxLineFor(config: TickwireConfig): number {
  const largest = Math.max(1024, ...[...config.market, ...config.telemetry].map((s) => s.maxMessageBytes))
  return Math.min(MAX_RECORDING_LINE, ESCAPED_GROWTH * largest + LINE_OVERHEAD)
}

/**
 * Reads a recording line by line while it decompresses: a line past `MAX_RECORDING_LINE` is
 * skipped (counted) without being held, a truncated file (a crash while recording) ends where
 * its data ends. Backpressure: `pause()` stops the file being read.
 */
export class RecordingReader {
  private stream: Readable | null = null
  private input: Readable | null = null
  private finish: (() => void) | null = null
  private rest = ''
  private overlong = false
  skipped = 0

  constructor(
    readonly file: string,
    private readonly maxLine = MAX_RECORDING_LINE
  ) {}

  /** Streams the lines to `line`; resolves when the file ends (or cannot be read further). */
  run(line: (text: string) => void): Promise<void> {
    return new Promise((resolve) => {
      const gunzip = createGunzip()
      // Decoded as one UTF-8 stream: a character split across two chunks stays one character.
      gunzip.setEncoding('utf8')
      const file = createReadStream(this.file)
      let settled = false
      const done = (): void => {
        if (settled) return
        settled = true
        if (this.rest.length > 0 && !this.overlong) line(this.rest)
        this.rest = ''
        resolve()
      }
      this.finish = done
      file.on('error', () => {
        this.skipped++
        done()
      })
      // A file cut short (a crash mid-write) ends with an error after its last complete data.
      gunzip.on('error', () => done())
      gunzip.on('end', done)
      gunzip.on('data', (chunk: string) => this.take(chunk, line))
      file.pipe(gunzip)
      this.stream = gunzip
      this.input = file
    })
  }

  pause(): void {
    this.stream?.pause()
  }

  resume(): void {
    this.stream?.resume()
  }

  /** Stops reading: both streams closed (the file descriptor too), `run` settles. */
  close(): void {
    this.input?.destroy()
    this.stream?.destroy()
    this.rest = ''
    this.finish?.()
  }

  private take(text: string, line: (text: string) => void): void {
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl)
      start = nl + 1
      if (this.overlong) {
        this.overlong = false
        this.rest = ''
        continue
      }
      if (this.rest.length + piece.length > this.maxLine) this.skipped++
      else line(this.rest + piece)
      this.rest = ''
    }
    if (this.overlong) return
    this.rest += text.slice(start)
    if (this.rest.length > this.maxLine) {
      this.skipped++
      this.overlong = true
      this.rest = ''
    }
  }
}

const DAY_MS = 86_400_000
/** No recording started before 2000-01-01 (nor more than a day in the future). */
const EARLIEST_START = Date.UTC(2000, 0, 1)

/** The first line: what the recording is and the configuration it ran with. */
export function parseHeader(file: string, line: string | undefined): RecordingHeader {
  let value: unknown
  try {
    value = JSON.parse(line ?? '')
  } catch {
    throw new ConfigError(file, '$', 'not a Tickwire recording (its first line is not JSON)')
  }
  const header = value as Partial<RecordingHeader>
  if (typeof value !== 'object' || value === null || header.tickwire !== 'recording')
    throw new ConfigError(file, '$.tickwire', 'not a Tickwire recording')
  if (header.version !== RECORDING_VERSION)
    throw new ConfigError(file, '$.version', `recording version ${String(header.version)} is not supported`)
  let config: ReturnType<typeof configSchema.safeParse>
  try {
    config = configSchema.safeParse(header.config)
  } catch (err) {
    // A configuration nested deep enough to exhaust the stack is no configuration of ours.
    if (err instanceof RangeError)
      throw new ConfigError(file, '$.config', 'not a Tickwire configuration (nested too deeply)')
    throw err
  }
  if (!config.success) {
    const issue = config.error.issues[0]
    throw new ConfigError(file, formatJsonPath(['config', ...issue.path]), issue.message)
  }
  // Event times are bounded around it: a start that cannot be a recording's would unbound them.
  const startedAt = header.startedAt
  if (typeof startedAt !== 'number' || !(startedAt >= EARLIEST_START && startedAt <= Date.now() + DAY_MS))
    throw new ConfigError(file, '$.startedAt', 'not a plausible recording start time (epoch ms since 2000)')
  return { tickwire: 'recording', version: RECORDING_VERSION, startedAt, config: config.data }
}

/** Event times a recording may hold: around when it started (a day before, a year after). */
export function eventTimeBounds(startedAt: number): { min: number; max: number } {
  if (!(startedAt > 0)) return { min: 0, max: 8.64e15 }
  return { min: startedAt - 86_400_000, max: startedAt + 366 * 86_400_000 }
}

/** One event line, checked field by field; `null` for anything else (counted by the caller). */
export function parseEvent(line: string, bounds = eventTimeBounds(0)): RecordedEvent | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const e = value as Record<string, unknown>
  const { t, s } = e
  // A time far from the recording's start would stall a paced replay (or break a date): refused.
  if (typeof t !== 'number' || !(t >= bounds.min && t <= bounds.max) || typeof s !== 'string') return null
  if (typeof e.x === 'string') return e.n === 1 ? { t, s, x: e.x, n: 1 } : { t, s, x: e.x }
  if (typeof e.tp === 'string') {
    const q = e.q === 0 || e.q === 1 || e.q === 2 ? e.q : 0
    const r = e.r === 1 ? 1 : undefined
    if (typeof e.p === 'string') return { t, s, tp: e.tp, p: e.p, q, ...(r ? { r } : {}) }
    if (typeof e.p64 === 'string') return { t, s, tp: e.tp, p64: e.p64, q, ...(r ? { r } : {}) }
    return null
  }
  if (typeof e.bin === 'number' && Number.isFinite(e.bin)) return { t, s, bin: e.bin }
  if (typeof e.ref === 'string') return { t, s, ref: e.ref.slice(0, 500) }
  if (
    Array.isArray(e.sym) &&
    e.sym.length <= MAX_SYMBOLS_PER_SOURCE &&
    e.sym.every((x) => typeof x === 'string' && symbolProblem(x) === null)
  )
    return { t, s, sym: e.sym as string[] }
  if (typeof e.st === 'string' && (SOURCE_STATES as readonly string[]).includes(e.st)) {
    const st = e.st as SourceState
    return typeof e.err === 'string' ? { t, s, st, err: e.err.slice(0, 500) } : { t, s, st }
  }
  return null
}
