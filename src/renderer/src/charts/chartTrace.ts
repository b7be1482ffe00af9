import { RESOLUTION_MS, type HistoryKind, type HistoryResolution, type HistorySeries } from '@shared/history'

/** Most points one trace holds: the engine's raw tier per key, with room for the live tail. */
export const MAX_TRACE_POINTS = 30_000

/**
 * One key's data on a chart: what the engine answered, then the live values of every frame
 * folded in (appended as raw points, or into the newest bucket), trimmed to the range. Columns
 * are plain arrays so uPlot takes them as they are.
 */
export class ChartTrace {
  resolution: HistoryResolution = 'raw'
  unit = ''
  readonly t: number[] = []
  /** The value (raw) or the bucket's last. */
  readonly v: number[] = []
  /** Buckets: first, min and max (raw: the value itself). */
  readonly first: number[] = []
  readonly lo: number[] = []
  readonly hi: number[] = []
  /** Tickers: lowest bid and highest ask per second (or minute). */
  readonly bandT: number[] = []
  readonly bid: (number | null)[] = []
  readonly ask: (number | null)[] = []
  /** Receive time of the newest value folded in (live values at or before it are already in). */
  private newest = -Infinity

  constructor(
    readonly key: string,
    readonly kind: HistoryKind
  ) {}

  get width(): number {
    return this.resolution === 'raw' ? 0 : RESOLUTION_MS[this.resolution]
  }

  /** Replaces the data with the engine's answer (the live values after it are folded in next). */
  load(series: HistorySeries): void {
    this.resolution = series.resolution
    this.unit = series.unit
    for (const column of [this.t, this.v, this.first, this.lo, this.hi, this.bandT, this.bid, this.ask])
      column.length = 0
    this.newest = -Infinity
    for (const [t, v] of series.points ?? []) this.push(t, v, v, v, v)
    for (const [t, first, min, max, last] of series.buckets ?? []) this.push(t, first, min, max, last)
    for (const [t, bid, ask] of series.band ?? []) {
      this.bandT.push(t)
      this.bid.push(bid)
      this.ask.push(ask)
    }
    this.newest = Math.max(this.t.at(-1) ?? -Infinity, this.bandT.at(-1) ?? -Infinity)
  }

  /** A live value; returns whether it changed the trace. */
  live(t: number, v: number): boolean {
    if (!Number.isFinite(t) || !Number.isFinite(v) || t <= this.newest) return false
    this.newest = t
    const width = this.width
    if (width === 0) {
      this.push(t, v, v, v, v)
      return true
    }
    const start = Math.floor(t / width) * width
    const last = this.t.length - 1
    if (last >= 0 && this.t[last] === start) {
      this.v[last] = v
      if (v < this.lo[last]) this.lo[last] = v
      if (v > this.hi[last]) this.hi[last] = v
    } else this.push(start, v, v, v, v)
    return true
  }

  /** A live quote widens the band of its second (or minute). */
  liveQuote(t: number, bid: number | null, ask: number | null): void {
    if (!Number.isFinite(t) || (bid === null && ask === null)) return
    const width = this.resolution === '1m' ? RESOLUTION_MS['1m'] : RESOLUTION_MS['1s']
    const start = Math.floor(t / width) * width
    const last = this.bandT.length - 1
    if (last >= 0 && this.bandT[last] === start) {
      if (bid !== null && (this.bid[last] === null || bid < (this.bid[last] as number))) this.bid[last] = bid
      if (ask !== null && (this.ask[last] === null || ask > (this.ask[last] as number))) this.ask[last] = ask
    } else if (last < 0 || start > this.bandT[last]) {
      this.bandT.push(start)
      this.bid.push(bid)
      this.ask.push(ask)
    }
  }

  /** Drops what is older than `from` (the range slid on) and what is beyond the point bound. */
  trim(from: number): void {
    const cut = Math.max(countBelow(this.t, from - this.width), this.t.length - MAX_TRACE_POINTS)
    if (cut > 0) for (const column of [this.t, this.v, this.first, this.lo, this.hi]) column.splice(0, cut)
    const bandCut = Math.max(countBelow(this.bandT, from - 60_000), this.bandT.length - MAX_TRACE_POINTS)
    if (bandCut > 0) for (const column of [this.bandT, this.bid, this.ask]) column.splice(0, bandCut)
  }

  private push(t: number, first: number, lo: number, hi: number, v: number): void {
    this.t.push(t)
    this.first.push(first)
    this.lo.push(lo)
    this.hi.push(hi)
    this.v.push(v)
  }
}

/** How many of the ascending `times` are below `t`. */
function countBelow(times: readonly number[], t: number): number {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (times[mid] < t) lo = mid + 1
    else hi = mid
  }
  return lo
}
