import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { HistoryDiskStatus } from '@shared/history'
import { FileRefusedError, readBoundedFileSync } from '../../engine/boundedFile'
import type { ClosedMinute, HistorySink } from '../../engine/history/historyBook'
import { dictionaryLine, MAX_SEGMENT_KEYS, minuteLine, SegmentReader } from './historyFileFormat'

/** The history's folder inside the state directory. */
export const HISTORY_DIR = 'history'
const SEGMENT_NAME = /^minutes-(\d{13})\.jsonl$/
const DEFAULT_SEGMENT_MS = 3_600_000
const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024
/** Minutes kept in memory while the disk refuses them (about 20 minutes of 20,000 keys). */
const MAX_PENDING_LINES = 400_000
const DEFAULT_RETRY_MS = 10_000

export interface HistoryFilesOptions {
  stateDir: string
  retentionMs: number
  maxDiskBytes: number
  /** A problem reading or writing (printed on stderr by the caller); never thrown. */
  report(problem: string): void
  now?: () => number
  /** A new segment starts this often and past this size. */
  segmentMs?: number
  segmentBytes?: number
  retryMs?: number
}

interface Segment {
  path: string
  start: number
  bytes: number
}

/**
 * The per-minute buckets on disk: JSON Lines segments `history/minutes-<epoch ms>.jsonl`, a new
 * one each hour, past 16 MB, at each start and after a failed write (so a torn line never joins
 * a later one). Each batch is one write and one fsync; a torn tail is skipped when read. Segments
 * whose minutes are all past the retention are deleted, and the oldest go first when the folder
 * passes `maxDiskBytes`. A full disk is reported; what is already written stays, and the minutes
 * not written wait in memory (bounded) and are retried.
 */
export class HistoryFiles implements HistorySink {
  readonly dir: string
  private readonly segments: Segment[] = []
  private current: { fd: number; segment: Segment; ids: Map<string, number> } | null = null
  private pendingMinutes: ClosedMinute[] = []
  private lastError: string | null = null
  private lost = 0
  private retryTimer: NodeJS.Timeout | null = null
  private closed = false
  private readonly now: () => number

  constructor(private readonly options: HistoryFilesOptions) {
    this.dir = join(options.stateDir, HISTORY_DIR)
    this.now = options.now ?? Date.now
  }

  /** The minutes still within the retention, oldest first; a bad line or file is skipped and said. */
  *load(): Generator<ClosedMinute> {
    this.segments.splice(0, this.segments.length, ...this.listSegments())
    this.prune()
    const now = this.now()
    let skipped = 0
    for (const segment of [...this.segments]) {
      let text: string
      try {
        text = readBoundedFileSync(segment.path, 2 * this.segmentBytes).toString('utf8')
      } catch (err) {
        if (!(err instanceof FileRefusedError && err.code === 'ENOENT'))
          this.options.report(`cannot read history file ${segment.path}: ${(err as Error).message}`)
        continue
      }
      const reader = new SegmentReader(now - this.options.retentionMs, now + 60_000)
      yield* reader.minutes(text)
      skipped += reader.skipped
    }
    if (skipped > 0) this.options.report(`history in ${this.dir}: skipped ${skipped} unreadable line(s)`)
  }

  /**
   * `load()` into `restore`, giving the event loop a turn every few tens of thousands of minutes
   * (a day of 2,000 sensors is about three million): the desktop stays responsive while it reads.
   */
  async restoreInto(restore: (minute: ClosedMinute) => void): Promise<void> {
    let n = 0
    for (const minute of this.load()) {
      restore(minute)
      if (++n % 50_000 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
  }

  append(minutes: readonly ClosedMinute[]): void {
    if (this.closed || minutes.length === 0) return
    this.pendingMinutes.push(...minutes)
    // While the disk refuses, the minutes wait for the retry (one new segment per retry, not per batch).
    if (this.retryTimer === null) this.write()
  }

  status(): HistoryDiskStatus {
    return {
      dir: this.dir,
      files: this.segments.length,
      bytes: this.segments.reduce((sum, s) => sum + s.bytes, 0),
      lastError: this.lastError,
      pending: this.pendingMinutes.length,
      lost: this.lost
    }
  }

  close(): void {
    if (this.closed) return
    this.write()
    this.closed = true
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.closeSegment()
    const left = this.pendingMinutes.length
    if (left > 0) this.options.report(`history: ${left} minute(s) could not be written to ${this.dir}`)
  }

  private get segmentBytes(): number {
    return this.options.segmentBytes ?? DEFAULT_SEGMENT_BYTES
  }

  private write(): void {
    if (this.pendingMinutes.length === 0) return
    try {
      // In pieces of at most a segment: a backlog the disk refused for a while (400,000 minutes)
      // must not make one segment larger than a segment is allowed to be when it is read back.
      while (this.pendingMinutes.length > 0) {
        const open = this.openSegment()
        const room = Math.max(64 * 1024, this.segmentBytes - open.segment.bytes)
        let text = ''
        let taken = 0
        for (const minute of this.pendingMinutes) {
          if (text.length >= room || (open.ids.size >= MAX_SEGMENT_KEYS && !open.ids.has(minute.key))) break
          let id = open.ids.get(minute.key)
          if (id === undefined) {
            id = open.ids.size
            open.ids.set(minute.key, id)
            text += dictionaryLine(id, minute.key, minute.kind)
          }
          text += minuteLine(id, minute.fields)
          taken++
        }
        const bytes = Buffer.from(text, 'utf8')
        let written = 0
        while (written < bytes.length) written += writeSync(open.fd, bytes, written)
        fsyncSync(open.fd)
        open.segment.bytes += bytes.length
        this.pendingMinutes.splice(0, taken)
        // Full (by size or keys): the next piece goes to a new segment.
        if (this.pendingMinutes.length > 0) this.closeSegment()
      }
      if (this.lastError !== null) this.options.report(`history: writing to ${this.dir} works again`)
      this.lastError = null
      this.prune()
    } catch (err) {
      this.failed(err)
    }
  }

  private failed(err: unknown): void {
    const message = (err as Error).message
    if (this.lastError === null) this.options.report(`history: cannot write to ${this.dir}: ${message}`)
    this.lastError = message
    // A partly written batch may have left a torn line: the next write starts a fresh segment. One
    // that took nothing is removed rather than left behind empty.
    const segment = this.current?.segment
    this.closeSegment()
    if (segment !== undefined && segment.bytes === 0) this.remove(this.segments.indexOf(segment))
    if (this.pendingMinutes.length > MAX_PENDING_LINES) {
      const drop = this.pendingMinutes.length - MAX_PENDING_LINES
      this.pendingMinutes.splice(0, drop)
      this.lost += drop
    }
    if (this.retryTimer === null && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null
        this.write()
      }, this.options.retryMs ?? DEFAULT_RETRY_MS)
      this.retryTimer.unref()
    }
  }

  private openSegment(): { fd: number; segment: Segment; ids: Map<string, number> } {
    const now = this.now()
    const current = this.current
    if (
      current !== null &&
      now - current.segment.start < (this.options.segmentMs ?? DEFAULT_SEGMENT_MS) &&
      current.segment.bytes < this.segmentBytes &&
      current.ids.size < MAX_SEGMENT_KEYS
    )
      return current
    this.closeSegment()
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    let start = Math.max(Math.floor(now), (this.segments.at(-1)?.start ?? 0) + 1)
    const path = (): string => join(this.dir, `minutes-${String(start).padStart(13, '0')}.jsonl`)
    while (this.segments.some((s) => s.path === path())) start++
    const fd = openSync(path(), 'a', 0o600)
    const segment = { path: path(), start, bytes: 0 }
    this.segments.push(segment)
    this.current = { fd, segment, ids: new Map() }
    return this.current
  }

  private closeSegment(): void {
    if (this.current === null) return
    try {
      closeSync(this.current.fd)
    } catch {
      // Closing a descriptor whose writes failed: nothing more to lose.
    }
    this.current = null
  }

  /** Retention, then the disk bound; the segment being written is never deleted. */
  private prune(): void {
    const oldest = this.now() - this.options.retentionMs
    const removable = (i: number): boolean => this.segments[i] !== this.current?.segment
    // A segment's minutes all precede the next segment's start.
    while (this.segments.length > 1 && this.segments[1].start <= oldest && removable(0)) this.remove(0)
    let total = this.segments.reduce((sum, s) => sum + s.bytes, 0)
    while (total > this.options.maxDiskBytes && this.segments.length > 1 && removable(0)) {
      total -= this.segments[0].bytes
      this.remove(0)
    }
  }

  private remove(index: number): void {
    if (index < 0) return
    const [segment] = this.segments.splice(index, 1)
    try {
      rmSync(segment.path, { force: true })
    } catch (err) {
      this.options.report(`history: cannot delete ${segment.path}: ${(err as Error).message}`)
    }
  }

  private listSegments(): Segment[] {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return []
    }
    const out: Segment[] = []
    for (const name of names) {
      const match = SEGMENT_NAME.exec(name)
      if (match === null) continue
      const path = join(this.dir, name)
      try {
        const stats = statSync(path)
        if (stats.isFile()) out.push({ path, start: Number(match[1]), bytes: stats.size })
      } catch {
        // Gone between the listing and the stat: nothing to keep.
      }
    }
    return out.sort((a, b) => a.start - b.start)
  }
}
