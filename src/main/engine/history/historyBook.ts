import type { HistoryDiskStatus, HistoryKind, HistorySeries, HistoryStats } from '@shared/history'
import { KeyHistory } from './keyHistory'
import { MemoryBudget } from './memoryBudget'
import { querySeries, type HistoryRange } from './historyQuery'

/** Most keys with a history (every source's keys together; each source may make 2,000). */
export const MAX_HISTORY_KEYS = 20_000
/** What history may hold in memory when the configuration says nothing. */
export const DEFAULT_HISTORY_MEMORY_BYTES = 512 * 1024 * 1024

/** One closed minute of one key, for the disk. */
export interface ClosedMinute {
  key: string
  kind: HistoryKind
  /** `[t, first, min, max, last, count]`, and for a ticker `bidLow, askHigh` (NaN: none). */
  fields: Float64Array
}

/** Where closed minutes go (the state directory's history files). */
export interface HistorySink {
  append(minutes: readonly ClosedMinute[]): void
  status?(): HistoryDiskStatus
}

export interface HistoryBookOptions {
  retentionMs: number
  memoryBytes?: number
  sink?: HistorySink
}

/**
 * Every ticker's and sensor's history, bounded in keys and in bytes (the budget every ring draws
 * from). Values come in on the hot path (`value`, `quote`); closed minutes go to the sink in
 * batches (`sweep`, on a timer, and `closeAll` at shutdown).
 */
export class HistoryBook {
  private readonly keys = new Map<string, KeyHistory>()
  private readonly budget: MemoryBudget
  private readonly closed: ClosedMinute[] = []
  /** Keys known only from the disk so far: the first to make room for a live key. */
  private readonly restoredOnly = new Set<string>()
  private refused = 0

  constructor(private readonly options: HistoryBookOptions) {
    this.budget = new MemoryBudget(options.memoryBytes ?? DEFAULT_HISTORY_MEMORY_BYTES)
  }

  get retentionMs(): number {
    return this.options.retentionMs
  }

  /**
   * The key's history, made on first use; `undefined` once the key limit is reached. A key of the
   * other kind (a source id reused for a feed where it was a broker) starts afresh.
   */
  of(key: string, kind: HistoryKind, live = true): KeyHistory | undefined {
    let history = this.keys.get(key)
    if (history !== undefined && history.kind === kind) {
      // Checked for size first: this runs for every value, and the set is almost always empty.
      if (live && this.restoredOnly.size > 0) this.restoredOnly.delete(key)
      return history
    }
    if (history !== undefined) this.forget(key)
    if (this.keys.size >= MAX_HISTORY_KEYS) {
      // A live key takes the place of one only the disk knew (from an older configuration).
      const stale = live ? this.restoredOnly.values().next().value : undefined
      if (stale === undefined) {
        this.refused++
        return undefined
      }
      this.forget(stale)
    }
    history = new KeyHistory(key, kind, this.options.retentionMs, this.budget, (h, fields) => {
      if (this.options.sink !== undefined) this.closed.push({ key: h.key, kind: h.kind, fields })
    })
    this.keys.set(key, history)
    if (!live) this.restoredOnly.add(key)
    return history
  }

  /** Forgets everything (a looped replay starting over). */
  clear(): void {
    for (const history of this.keys.values()) history.dispose()
    this.keys.clear()
    this.restoredOnly.clear()
    this.closed.length = 0
  }

  private forget(key: string): void {
    this.keys.get(key)?.dispose()
    this.keys.delete(key)
    this.restoredOnly.delete(key)
  }

  has(key: string): boolean {
    return this.keys.has(key)
  }

  /** The key's history if it has one (never made here). */
  get(key: string): KeyHistory | undefined {
    return this.keys.get(key)
  }

  query(key: string, range: HistoryRange, unit: string): HistorySeries | undefined {
    const history = this.keys.get(key)
    return history === undefined ? undefined : querySeries(history, range, unit)
  }

  /** Closes the minutes that have ended and hands every closed minute to the sink. */
  sweep(now: number): void {
    for (const history of this.keys.values()) history.closeMinute(now)
    this.drain()
  }

  /** Shutdown: the open minutes too (a restart merges the two halves of a minute). */
  closeAll(now: number): void {
    for (const history of this.keys.values()) history.closeMinute(now, true)
    this.drain()
  }

  /** Minutes read back from the disk, oldest first. */
  restore(minutes: Iterable<ClosedMinute>): void {
    for (const minute of minutes) this.restoreOne(minute)
  }

  /** One minute from the disk (oldest first, before any live value of its key). */
  restoreOne(minute: ClosedMinute): void {
    const existing = this.keys.get(minute.key)
    // One key, two kinds on the disk (a reused source id): the newer kind wins from here on.
    if (existing !== undefined && existing.kind !== minute.kind && !this.restoredOnly.has(minute.key)) return
    this.of(minute.key, minute.kind, false)?.restoreMinute(minute.fields)
  }

  stats(): HistoryStats {
    const disk = this.options.sink?.status?.()
    let writtenBytes = 0
    for (const history of this.keys.values()) writtenBytes += history.writtenBytes
    return {
      ...(disk === undefined ? {} : { disk }),
      keys: this.keys.size,
      bytes: this.budget.usedBytes,
      writtenBytes,
      budgetBytes: this.budget.limitBytes,
      refusedKeys: this.refused,
      refusedGrowths: this.budget.refusedGrowths
    }
  }

  private drain(): void {
    if (this.closed.length === 0) return
    const batch = this.closed.splice(0)
    this.options.sink?.append(batch)
  }
}
