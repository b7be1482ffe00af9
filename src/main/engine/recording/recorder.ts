import { isUtf8 } from 'node:buffer'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { TickwireConfig } from '@shared/config'
import type { RecordingStatus } from '@shared/recording'
import type { SourceState } from '@shared/model'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'
import { wallNow } from '../clock'
import { eventLine, headerLine, sourcePart } from './recordingFormat'
import { RecordingWriter } from './recordingWriter'
import {
  LINE_EVENT,
  MQTT_BASE64,
  MQTT_EVENT,
  MQTT_QOS_SHIFT,
  MQTT_RETAIN,
  TEXT_EVENT,
  UNDELIVERED_EVENT,
  type WriterItems
} from './recordingWriterThread'
import type { WireTap } from './wireTap'

const FILE_NAME = /^tickwire-(\d{13})\.ndjson\.gz$/
const DEFAULT_FILE_BYTES = 64 * 1024 * 1024
const DEFAULT_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
/** What may wait for compression and the disk; past it, events are dropped (and counted) rather than held. */
const MAX_IN_FLIGHT_CHARS = 16 * 1024 * 1024
/** Events go to the writer thread in batches, and gzip is flushed this often (what a crash can lose). */
const FLUSH_MS = 1_000
/** After a file or the writer thread failed, a new one is tried this much later. */
const RETRY_MS = 5_000
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
  /** Characters handed to the writer thread and not yet compressed, past which batches are dropped. */
  maxInFlightChars?: number
  /** After a failure, how long until a new file is tried. */
  retryMs?: number
}

/**
 * Writes every source's wire messages to `tickwire-<epoch ms>.ndjson.gz` files in a folder:
 * compressed (gzip level 1) in a writer thread, flushed each second so a crash loses at most
 * that, rotated past `maxFileBytes` (each file starts with the configuration, so each replays
 * alone), and the oldest deleted past `maxTotalBytes`. The hot path only appends an event's
 * fields to an array; a thread or disk too slow to keep up drops events and says how many.
 */
export class Recorder {
  private dir: string | null = null
  private writer: RecordingWriter | null = null
  private path: string | null = null
  private items: WriterItems = []
  private events = 0
  private chars = 0
  private timer: NodeJS.Timeout | null = null
  private since: number | null = null
  private messages = 0
  private dropped = 0
  private bytesBefore = 0
  private lastError: string | null = null
  /** The file being written failed (or the thread died): batches are dropped, counted, until a retry works. */
  private failing = false
  private readonly taps = new Map<string, WireTap>()
  private readonly sourceIndex = new Map<string, number>()
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
    this.failing = false
    const problem = this.startWriter()
    if (problem !== null) return problem
    this.active = true
    this.open()
    this.timer = setInterval(() => this.flush(true), FLUSH_MS)
    this.timer.unref()
    return null
  }

  /** Stops and closes the file; resolves once everything is on disk. */
  async stop(): Promise<void> {
    if (!this.active) return
    // Not active first: the last batch goes out, and no rotation opens a file only to close it.
    this.active = false
    this.flush(false)
    for (const timer of [this.timer, this.retry]) if (timer !== null) clearTimeout(timer)
    if (this.rotation !== null) clearImmediate(this.rotation)
    this.timer = this.retry = null
    this.rotation = null
    const writer = this.writer
    if (writer === null) return
    // The last file's final size is counted by the writer's `closed`, which comes before this resolves.
    await writer.close()
    // A recording started again meanwhile has its own writer: only this one goes.
    if (this.writer === writer) {
      this.writer = null
      this.path = null
    }
  }

  /** A writer thread for this recording; a thread that dies is replaced, with a new file. */
  private startWriter(): string | null {
    let writer: RecordingWriter
    try {
      writer = new RecordingWriter({
        failed: (path, message) => {
          if (this.writer !== writer) return
          this.problem(`recording to ${path} failed: ${message}`)
          // Nothing more reaches that file: what follows is dropped (counted) until a new file works.
          this.failing = true
          this.retrySoon()
        },
        closed: (_path, bytes) => {
          if (this.writer === writer) this.bytesBefore += bytes
        },
        lost: (events) => {
          if (this.writer === writer) this.dropped += events
        },
        exited: () => {
          if (this.writer !== writer || !this.active) return
          this.problem('the recording writer stopped')
          this.failing = true
          this.retrySoon()
        }
      })
    } catch (err) {
      return `cannot start the recording writer: ${(err as Error).message}`
    }
    this.writer = writer
    for (const [source, index] of this.sourceIndex) writer.source(index, sourcePart(source))
    return null
  }

  private problem(message: string): void {
    if (this.lastError === null) this.options.report(message)
    this.lastError = message
  }

  private retry: NodeJS.Timeout | null = null
  private lastStamp = 0

  /** After a failure: a new file (and a new thread, if the thread died) in a few seconds. */
  private retrySoon(): void {
    if (this.retry !== null || !this.active) return
    this.retry = setTimeout(() => {
      this.retry = null
      if (!this.active) return
      if (this.writer === null || !this.writer.alive) {
        if (this.startWriter() !== null) return this.retrySoon()
      }
      this.failing = false
      this.open()
    }, this.options.retryMs ?? RETRY_MS)
    this.retry.unref()
  }

  status(): RecordingStatus {
    return {
      active: this.active,
      dir: this.dir,
      file: this.path,
      since: this.active ? this.since : null,
      bytes: this.bytesBefore + (this.writer?.fileBytes ?? 0),
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
    const index = this.sourceIndex.size
    this.sourceIndex.set(source, index)
    this.writer?.source(index, sourcePart(source))
    const isActive = (): boolean => this.active
    tap = {
      get active() {
        return isActive()
      },
      // A frame the adapter never saw (a login answer, maybe carrying a session token) is kept
      // as a count only: the replay counts it and needs nothing more.
      text: (t, text, delivered) => {
        if (delivered) this.push4(TEXT_EVENT, t, index, text)
        else this.push3(UNDELIVERED_EVENT, t, index)
      },
      binary: (t, bytes) => this.line(eventLine({ t, s: source, bin: bytes })),
      refused: (t, reason) => this.line(eventLine({ t, s: source, ref: reason })),
      mqtt: (t, topic, payload, retain, qos) => {
        const utf8 = isUtf8(payload)
        const flags = (utf8 ? 0 : MQTT_BASE64) | (retain ? MQTT_RETAIN : 0) | (qos << MQTT_QOS_SHIFT)
        this.pushMqtt(t, index, topic, payload.toString(utf8 ? 'utf8' : 'base64'), flags)
      },
      symbols: (t, symbols) => this.line(eventLine({ t, s: source, sym: [...symbols] })),
      state: (t, state: SourceState, error?: string) =>
        this.line(
          eventLine(
            error === undefined
              ? { t, s: source, st: state }
              : { t, s: source, st: state, err: diagnosticText(error, MAX_REASON_LENGTH) }
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
      if (!this.active || this.writer === null) return
      this.flush(false)
      this.open()
    })
  }

  // The hot path: an event is a few pushes; formatting and compression happen in the writer thread.
  private push3(kind: number, t: number, source: number): void {
    if (!this.active) return
    this.items.push(kind, t, source)
    this.counted(16)
  }

  private push4(kind: number, t: number, source: number, text: string): void {
    if (!this.active) return
    this.items.push(kind, t, source, text)
    this.counted(16 + text.length)
  }

  private pushMqtt(t: number, source: number, topic: string, payload: string, flags: number): void {
    if (!this.active) return
    this.items.push(MQTT_EVENT, t, source, topic, payload, flags)
    this.counted(24 + topic.length + payload.length)
  }

  private line(text: string): void {
    if (!this.active) return
    this.items.push(LINE_EVENT, text)
    this.counted(text.length)
  }

  private counted(chars: number): void {
    this.messages++
    this.events++
    this.chars += chars
    if (this.chars >= BATCH_CHARS) this.flush(false)
  }

  private flush(sync: boolean): void {
    const writer = this.writer
    if (writer === null) return
    if (this.events > 0) {
      if (
        this.failing ||
        !writer.alive ||
        writer.inFlightChars > (this.options.maxInFlightChars ?? MAX_IN_FLIGHT_CHARS)
      ) {
        // Compression or the disk is not keeping up (or failed): this batch is lost, said in the status, never held.
        this.dropped += this.events
      } else writer.write(this.items, this.chars, this.events)
      this.items = []
      this.events = this.chars = 0
    }
    if (sync) writer.flush()
    // Rotated after this turn: the next file (and its pruning) never runs inside a source's message.
    if (this.active && writer.fileBytes >= (this.options.maxFileBytes ?? DEFAULT_FILE_BYTES))
      this.rotateSoon()
  }

  /** Starts the next file (the writer ends the one before): there is always one to write to. */
  private open(): void {
    const dir = this.dir
    const writer = this.writer
    if (dir === null || writer === null) return
    // The thread creates it exclusively: another process's file of the same name is never overwritten.
    // Past the last one used here too: the thread may not have created that file yet.
    let stamp = Math.max(Date.now(), this.lastStamp + 1)
    while (existsIn(dir, stamp)) stamp++
    this.lastStamp = stamp
    const path = join(dir, `tickwire-${stamp}.ndjson.gz`)
    const now = wallNow()
    let opening = headerLine(now, this.options.publicConfig())
    for (const { id, state } of this.options.sourceStates())
      opening += eventLine({ t: now, s: id, st: state })
    writer.open(path, opening)
    this.path = path
    this.prune(path)
  }

  /** Deletes the oldest recordings of this folder while the total is past the bound. */
  private prune(current: string): void {
    const dir = this.dir
    if (dir === null) return
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      // The folder is gone (or unreadable): the write into it fails and says so; nothing to prune.
      return
    }
    const files = names
      .filter((name) => FILE_NAME.test(name))
      .sort()
      .flatMap((name) => {
        const path = join(dir, name)
        try {
          const stat = statSync(path)
          // Only files of ours: a folder of that name is no recording and is left alone.
          return stat.isFile() ? [{ path, bytes: stat.size }] : []
        } catch {
          return []
        }
      })
    let total = files.reduce((sum, f) => sum + f.bytes, 0)
    for (const f of files) {
      if (total <= (this.options.maxTotalBytes ?? DEFAULT_TOTAL_BYTES)) break
      if (f.path === current) continue
      try {
        rmSync(f.path, { force: true })
        total -= f.bytes
      } catch (err) {
        // Said once; the next ones are still deleted, so the bound holds as far as it can.
        this.problem(`cannot delete old recording ${f.path}: ${(err as Error).message}`)
      }
    }
  }
}

function existsIn(dir: string, stamp: number): boolean {
  try {
    statSync(join(dir, `tickwire-${stamp}.ndjson.gz`))
    return true
  } catch {
    return false
  }
}
