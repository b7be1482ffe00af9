import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { FileRefusedError, readBoundedFileSync } from '../engine/boundedFile'
import {
  parseAlarmEvent,
  replayAlarmEvents,
  type AlarmEvent,
  type RestoredAlarms
} from '../engine/alarms/alarmEvents'
import type { AlarmJournalSink, AlarmJournalStatus } from '../engine/alarms/engineAlarms'

/** The journal's name inside the state directory; the previous file is `alarms.1.jsonl`. */
export const ALARM_JOURNAL_FILE = 'alarms.jsonl'
export const PREVIOUS_JOURNAL_FILE = 'alarms.1.jsonl'
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024
const DEFAULT_RETRY_MS = 5_000

export interface AlarmJournalOptions {
  /** Directory holding the journal; created on first write. */
  stateDir: string
  /** A problem reading or writing (the caller prints it on stderr); never thrown. */
  report(problem: string): void
  /** Past this size the file is rotated: it becomes `alarms.1.jsonl` and a new one starts. */
  maxBytes?: number
  /** How soon a failed write (full disk, I/O error) is retried. */
  retryMs?: number
}

/**
 * The alarm journal: append-only JSON Lines, one event per line. Group commit: the events of one
 * event-loop turn (a stale check that raises 50 alarms, an ack-all) are written together with one
 * write and one fsync at the end of the turn (`setImmediate`), so a crash loses at most that
 * turn's events, and a burst costs one fsync rather than one each. Every line is complete when
 * written; a torn last line (a crash mid-write) is skipped on replay and sealed with a newline
 * before the next append, so it never swallows a later event. A failed write (ENOSPC, EIO) is
 * reported, the events not on disk stay pending in memory and are retried, in order, on the next
 * turn with events and on a timer; the alarm engine never waits for the disk.
 *
 * Rotation: past `maxBytes` a fresh file is written with a checkpoint (recent history as `closed`
 * events, one `open` event per open alarm, one `shelved` per shelf) and renamed into place after
 * the old file moved to `alarms.1.jsonl`; replaying the current file alone restores everything.
 */
export class AlarmJournal implements AlarmJournalSink {
  readonly path: string
  private readonly previousPath: string
  private readonly maxBytes: number
  private readonly retryMs: number
  private fd: number | null = null
  private size = 0
  private readonly pending: string[] = []
  private lastError: string | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private checkpoint: () => AlarmEvent[] = () => []
  private closed = false
  private flushScheduled: NodeJS.Immediate | null = null
  private syncs = 0

  constructor(private readonly options: AlarmJournalOptions) {
    this.path = join(options.stateDir, ALARM_JOURNAL_FILE)
    this.previousPath = join(options.stateDir, PREVIOUS_JOURNAL_FILE)
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS
  }

  /** What a rotated file starts with: the events that recreate everything open right now. */
  setCheckpoint(provider: () => AlarmEvent[]): void {
    this.checkpoint = provider
  }

  /** Replays the journal: the alarms still open and shelves still recorded (expiry is the engine's). */
  load(): RestoredAlarms {
    this.recoverInterruptedRotation()
    let text: string
    try {
      // Bounded like every file Tickwire reads: rotation keeps the journal near maxBytes, so
      // twice that is never a real journal, and a FIFO or device in its place cannot hang start-up.
      text = readBoundedFileSync(this.path, 2 * this.maxBytes).toString('utf8')
    } catch (err) {
      if (!(err instanceof FileRefusedError && err.code === 'ENOENT'))
        this.options.report(`cannot read the alarm journal: ${(err as Error).message}`)
      return { alarms: [], shelves: [] }
    }
    const { events, skipped } = parseJournal(text)
    if (skipped.length > 0) {
      this.options.report(
        `alarm journal ${this.path}: skipped ${skipped.length} unreadable line(s) (${skipped.slice(0, 3).join('; ')})`
      )
    }
    return replayAlarmEvents(events)
  }

  /** Queues an event; it is written and fsynced with the rest of this turn's events. */
  append(event: AlarmEvent): void {
    if (this.closed) return
    this.pending.push(`${JSON.stringify(event)}\n`)
    this.flushScheduled ??= setImmediate(() => {
      this.flushScheduled = null
      this.writePending()
    })
  }

  /** Writes and fsyncs everything pending now rather than at the end of the turn. */
  flush(): void {
    if (this.closed) return
    if (this.flushScheduled !== null) clearImmediate(this.flushScheduled)
    this.flushScheduled = null
    this.writePending()
  }

  /** How many batches were fsynced (one per turn with events, more only across a rotation). */
  get commits(): number {
    return this.syncs
  }

  status(): AlarmJournalStatus {
    return { path: this.path, lastError: this.lastError, pending: this.pending.length }
  }

  /** Tries pending events a last time and closes the file. */
  close(): void {
    if (this.closed) return
    this.flush()
    this.closed = true
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.closeFile()
    if (this.pending.length > 0)
      this.options.report(`alarm journal ${this.path}: ${this.pending.length} event(s) could not be written`)
  }

  private writePending(): void {
    try {
      // A file holding only a fresh checkpoint takes at least one batch, whatever its size.
      let floor = 0
      while (this.pending.length > 0) {
        const fd = this.openFile()
        let count = 0
        let bytes = 0
        for (const line of this.pending) {
          const n = Buffer.byteLength(line)
          if (this.size + bytes > floor && this.size + bytes + n > this.maxBytes) break
          bytes += n
          count++
        }
        if (count === 0) {
          this.rotate()
          this.openFile()
          floor = this.size
          continue
        }
        this.writeBatch(fd, this.pending.slice(0, count))
        fsyncSync(fd)
        this.syncs++
        this.size += bytes
        this.pending.splice(0, count)
      }
      if (this.lastError !== null) this.options.report(`alarm journal ${this.path}: writing again`)
      this.lastError = null
    } catch (err) {
      this.failed(err)
    }
  }

  /**
   * One write of whole lines. If it fails part-way, the lines that reached the file completely
   * leave `pending` (so a retry does not write them twice); the torn rest is sealed on reopen.
   */
  private writeBatch(fd: number, lines: readonly string[]): void {
    const bytes = Buffer.from(lines.join(''))
    let offset = 0
    try {
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    } catch (err) {
      let end = 0
      let whole = 0
      for (const line of lines) {
        end += Buffer.byteLength(line)
        if (end > offset) break
        whole++
      }
      this.pending.splice(0, whole)
      throw err
    }
  }

  private failed(err: unknown): void {
    const e = err as NodeJS.ErrnoException
    const message = `${e.code ?? 'error'}: ${e.message ?? String(err)}`
    // A partial write may have left a torn line: reopen (and seal it) before the next try.
    this.closeFile()
    if (message !== this.lastError) {
      this.options.report(
        `cannot write the alarm journal ${this.path} (${message}); ${this.pending.length} event(s) kept in memory and retried`
      )
    }
    this.lastError = message
    if (this.retryTimer === null && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null
        this.writePending()
      }, this.retryMs)
      this.retryTimer.unref()
    }
  }

  /** Opens for append, sealing a torn last line left by a crash or a failed write. */
  private openFile(): number {
    if (this.fd !== null) return this.fd
    mkdirSync(dirname(this.path), { recursive: true })
    const fd = openSync(this.path, 'a+', 0o600)
    try {
      const size = fstatSync(fd).size
      if (size > 0) {
        const last = Buffer.alloc(1)
        readSync(fd, last, 0, 1, size - 1)
        if (last[0] !== 0x0a) {
          writeFully(fd, '\n')
          fsyncSync(fd)
        }
      }
      this.size = fstatSync(fd).size
    } catch (err) {
      closeSync(fd)
      throw err
    }
    this.fd = fd
    return fd
  }

  private closeFile(): void {
    if (this.fd === null) return
    try {
      closeSync(this.fd)
    } catch {
      // Closing a descriptor that failed a write can fail again; it is released either way.
    }
    this.fd = null
  }

  private rotate(): void {
    const fresh = `${this.path}.new`
    const text = this.checkpoint()
      .map((e) => `${JSON.stringify(e)}\n`)
      .join('')
    const fd = openSync(fresh, 'w', 0o600)
    try {
      writeFully(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    this.closeFile()
    renameSync(this.path, this.previousPath)
    renameSync(fresh, this.path)
  }

  /** A crash between rotation's two renames leaves only `alarms.jsonl.new`: finish the job. */
  private recoverInterruptedRotation(): void {
    const fresh = `${this.path}.new`
    try {
      if (!existsSync(this.path) && existsSync(fresh)) renameSync(fresh, this.path)
      else if (existsSync(fresh)) rmSync(fresh, { force: true })
    } catch (err) {
      this.options.report(
        `alarm journal ${this.path}: cannot finish an interrupted rotation (${(err as Error).message})`
      )
    }
  }
}

function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text)
  let offset = 0
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
}

/** Parses journal text; lines that are torn or not events are skipped and described. */
export function parseJournal(text: string): { events: AlarmEvent[]; skipped: string[] } {
  const events: AlarmEvent[] = []
  const skipped: string[] = []
  const lines = text.split('\n')
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    const torn = i === lines.length - 1
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      skipped.push(`line ${i + 1}: ${torn ? 'torn (incomplete last line)' : 'not JSON'}`)
      return
    }
    const event = parseAlarmEvent(raw)
    if (event === null) skipped.push(`line ${i + 1}: not an alarm event`)
    else events.push(event)
  })
  return { events, skipped }
}
