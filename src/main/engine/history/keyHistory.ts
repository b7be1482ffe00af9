import { MAX_RECENT_TRADES, type HistoryKind, type RecentTrade } from '@shared/history'
import type { MemoryBudget } from './memoryBudget'
import { RecordRing } from './recordRing'

/** Raw points are kept this long at most (the per-second tier's span); at least 10 minutes. */
export const RAW_MAX_AGE_MS = 60 * 60_000
/** Most raw points per key: 10 minutes at 40 updates a second (500 symbols at 20k msg/s). */
export const RAW_MAX_POINTS = 24_000
/** The per-second tier spans the last hour. */
export const SECONDS_SPAN_MS = 60 * 60_000
const SECOND_MS = 1_000
const MINUTE_MS = 60_000

// Record layouts (field 0 is always the start time).
const RAW_STRIDE = 2 // t, v
const BUCKET_STRIDE = 6 // t, first, min, max, last, count
const BAND_STRIDE = 3 // t, bidLow, askHigh
const TICKER_MINUTE_STRIDE = 8 // bucket + bidLow, askHigh
const TRADE_STRIDE = 4 // t, price, size, side

/** Where a closed minute goes (the disk). `fields` is a copy. */
export type MinuteClosed = (history: KeyHistory, fields: Float64Array) => void

/**
 * One key's past in three tiers: raw points (at least the last 10 minutes, bounded per key),
 * per-second buckets for the rest of the last hour (folded from the raw points as they leave),
 * and per-minute buckets for the retention (kept as values arrive, written to disk as each minute
 * closes). Buckets keep first/min/max/last/count, so a spike survives downsampling. A ticker also
 * keeps its bid/ask band per second and per minute. Times only move forward: a receive time
 * earlier than the previous one is taken as the previous one.
 */
export class KeyHistory {
  readonly raw: RecordRing
  readonly seconds: RecordRing
  readonly minutes: RecordRing
  /** Tickers only: lowest bid and highest ask per second. */
  readonly band: RecordRing | null
  /** Tickers only: the recent trades (t, price, size or NaN, side 1 buy / -1 sell / 0 unknown). */
  readonly trades: RecordRing | null
  private lastTime = -Infinity
  /** Start of the minute still open (the newest record of `minutes`), or -1. */
  private openMinute = -1
  /** Raw points at or before this time have left the raw tier. */
  private rawFloor = -Infinity
  /** Seconds at or before this time have left the per-second tier. */
  private secondsFloor = -Infinity

  constructor(
    readonly key: string,
    readonly kind: HistoryKind,
    private readonly retentionMs: number,
    budget: MemoryBudget,
    private readonly minuteClosed: MinuteClosed
  ) {
    this.raw = new RecordRing(RAW_STRIDE, RAW_MAX_POINTS, budget)
    this.seconds = new RecordRing(BUCKET_STRIDE, SECONDS_SPAN_MS / SECOND_MS + 1, budget)
    const minuteStride = kind === 'ticker' ? TICKER_MINUTE_STRIDE : BUCKET_STRIDE
    this.minutes = new RecordRing(minuteStride, Math.ceil(retentionMs / MINUTE_MS) + 2, budget)
    this.band =
      kind === 'ticker' ? new RecordRing(BAND_STRIDE, SECONDS_SPAN_MS / SECOND_MS + 1, budget) : null
    this.trades = kind === 'ticker' ? new RecordRing(TRADE_STRIDE, MAX_RECENT_TRADES, budget) : null
  }

  /** Raw points are complete from this time on (nothing after it was evicted or lost). */
  get rawCompleteFrom(): number {
    return this.rawFloor
  }

  /** Per-second buckets (with raw) are complete from this time on. */
  get secondsCompleteFrom(): number {
    return this.secondsFloor
  }

  get bytes(): number {
    const tickerOnly = (this.band?.bytes ?? 0) + (this.trades?.bytes ?? 0)
    return this.raw.bytes + this.seconds.bytes + this.minutes.bytes + tickerOnly
  }

  get writtenBytes(): number {
    const tickerOnly = (this.band?.writtenBytes ?? 0) + (this.trades?.writtenBytes ?? 0)
    return this.raw.writtenBytes + this.seconds.writtenBytes + this.minutes.writtenBytes + tickerOnly
  }

  /** A new value (a ticker's last price, a sensor's value) received at `t`. */
  value(t: number, v: number): void {
    t = this.advance(t)
    this.evictRaw(t)
    const raw = this.raw
    const at = raw.push()
    raw.fields[at] = t
    raw.fields[at + 1] = v
    const m = this.minuteRecord(t)
    foldValue(this.minutes.fields, m, v)
  }

  /** A ticker's quote received at `t`: widens the band of its second and its minute. */
  quote(t: number, bid: number | null, ask: number | null): void {
    const band = this.band
    if (band === null || (bid === null && ask === null)) return
    t = this.advance(t)
    const second = floorTo(t, SECOND_MS)
    let at: number
    if (band.length > 0 && band.fields[band.lastOffset()] === second) {
      at = band.lastOffset()
    } else {
      while (band.length > 0 && band.timeAt(0) <= t - SECONDS_SPAN_MS) band.shift()
      if (!band.makeRoom()) band.shift()
      at = band.push()
      band.fields[at] = second
      band.fields[at + 1] = NaN
      band.fields[at + 2] = NaN
    }
    foldBand(band.fields, at + 1, bid, ask)
    foldBand(this.minutes.fields, this.minuteRecord(t) + 6, bid, ask)
  }

  /** A trade: kept among the ticker's recent trades (the oldest goes first). */
  trade(t: number, price: number, size: number | null, side: 'buy' | 'sell' | null): void {
    const trades = this.trades
    if (trades === null) return
    if (!trades.makeRoom()) trades.shift()
    const at = trades.push()
    trades.fields[at] = t
    trades.fields[at + 1] = price
    trades.fields[at + 2] = size ?? NaN
    trades.fields[at + 3] = side === 'buy' ? 1 : side === 'sell' ? -1 : 0
  }

  /** The recent trades, newest first. */
  recentTrades(): RecentTrade[] {
    const trades = this.trades
    const out: RecentTrade[] = []
    if (trades === null) return out
    const f = trades.fields
    for (let i = trades.length - 1; i >= 0; i--) {
      const at = trades.offset(i)
      const size = f[at + 2]
      const side = f[at + 3] > 0 ? 'buy' : f[at + 3] < 0 ? 'sell' : null
      out.push([f[at], f[at + 1], Number.isNaN(size) ? null : size, side])
    }
    return out
  }

  /**
   * Closes the open minute once it has ended (a quiet key's last minute must reach the disk too);
   * `force` closes it whatever the time (shutdown).
   */
  closeMinute(now: number, force = false): void {
    if (this.openMinute === -1 || (!force && now < this.openMinute + MINUTE_MS)) return
    const at = this.minutes.lastOffset()
    const fields = this.minutes.fields.slice(at, at + this.minutes.stride)
    this.openMinute = -1
    this.minuteClosed(this, fields)
  }

  /**
   * A minute bucket from the disk (oldest first, before live values). A minute written again
   * (closed at shutdown, then continued after a restart; retried after a full disk) is written
   * whole each time, so the later copy replaces the earlier: counts never add up twice.
   */
  restoreMinute(fields: ArrayLike<number>): void {
    const minutes = this.minutes
    const t = fields[0]
    let at: number
    if (minutes.length > 0 && minutes.fields[minutes.lastOffset()] === t) {
      at = minutes.lastOffset()
    } else {
      // Out of order (a file from another clock): the minutes held stay ascending.
      if (t < this.lastTime) return
      if (!minutes.makeRoom()) minutes.shift()
      at = minutes.push()
    }
    // Only the fields this ring has: a ticker's minute never spills into a sensor's next record.
    for (let i = 0; i < minutes.stride; i++) minutes.fields[at + i] = i < fields.length ? fields[i] : NaN
    this.lastTime = Math.max(this.lastTime, t)
    // Nothing finer than a minute is known for what happened before this run.
    this.rawFloor = this.secondsFloor = Math.max(this.rawFloor, t + MINUTE_MS - 1)
  }

  dispose(): void {
    this.raw.dispose()
    this.seconds.dispose()
    this.minutes.dispose()
    this.band?.dispose()
    this.trades?.dispose()
  }

  private advance(t: number): number {
    if (t < this.lastTime) t = this.lastTime
    this.lastTime = t
    return t
  }

  /** Makes room for a raw point: what leaves folds into its second (or, past an hour, goes). */
  private evictRaw(t: number): void {
    const raw = this.raw
    while (raw.length > 0 && raw.timeAt(0) <= t - SECONDS_SPAN_MS) {
      this.rawFloor = Math.max(this.rawFloor, raw.timeAt(0))
      this.secondsFloor = Math.max(this.secondsFloor, raw.timeAt(0))
      raw.shift()
    }
    if (raw.makeRoom()) return
    const at = raw.offset(0)
    const pt = raw.fields[at]
    this.foldSecond(pt, raw.fields[at + 1])
    this.rawFloor = Math.max(this.rawFloor, pt)
    raw.shift()
  }

  private foldSecond(t: number, v: number): void {
    const seconds = this.seconds
    const second = floorTo(t, SECOND_MS)
    if (seconds.length > 0 && seconds.fields[seconds.lastOffset()] === second) {
      foldValue(seconds.fields, seconds.lastOffset(), v)
      return
    }
    while (seconds.length > 0 && seconds.timeAt(0) <= t - SECONDS_SPAN_MS) {
      this.secondsFloor = Math.max(this.secondsFloor, seconds.timeAt(0) + SECOND_MS - 1)
      seconds.shift()
    }
    if (!seconds.makeRoom()) {
      this.secondsFloor = Math.max(this.secondsFloor, seconds.timeAt(0) + SECOND_MS - 1)
      seconds.shift()
    }
    const at = seconds.push()
    startBucket(seconds.fields, at, second, seconds.stride)
    foldValue(seconds.fields, at, v)
  }

  /** Offset of the minute record for `t`, opening it (and closing the previous) when new. */
  private minuteRecord(t: number): number {
    const minutes = this.minutes
    // The hot path: still the open minute (no division).
    if (this.openMinute !== -1 && t < this.openMinute + MINUTE_MS) return minutes.lastOffset()
    const minute = floorTo(t, MINUTE_MS)
    if (minutes.length > 0 && minutes.fields[minutes.lastOffset()] === minute) {
      // A value after the minute was closed (only when times stood still) reopens it; the disk
      // keeps both halves and merges them when read back.
      this.openMinute = minute
      return minutes.lastOffset()
    }
    if (this.openMinute !== -1) this.closeMinute(t, true)
    while (minutes.length > 0 && minutes.timeAt(0) <= t - this.retentionMs) minutes.shift()
    if (!minutes.makeRoom()) minutes.shift()
    const at = minutes.push()
    startBucket(minutes.fields, at, minute, minutes.stride)
    this.openMinute = minute
    return at
  }
}

/** Start of the bucket `t` falls in (`%` on doubles is a slow library call). */
function floorTo(t: number, width: number): number {
  return Math.floor(t / width) * width
}

/** A bucket with no values yet: count 0, value fields NaN until the first value. */
function startBucket(f: Float64Array, at: number, t: number, stride: number): void {
  f[at] = t
  for (let i = 1; i < stride; i++) f[at + i] = NaN
  f[at + 5] = 0
}

function foldValue(f: Float64Array, at: number, v: number): void {
  if (f[at + 5] === 0) {
    f[at + 1] = f[at + 2] = f[at + 3] = v
  } else {
    if (v < f[at + 2]) f[at + 2] = v
    if (v > f[at + 3]) f[at + 3] = v
  }
  f[at + 4] = v
  f[at + 5]++
}

/** `at`: offset of the bidLow field; askHigh follows. NaN means none yet. */
function foldBand(f: Float64Array, at: number, bid: number | null, ask: number | null): void {
  if (bid !== null && !(bid >= f[at])) f[at] = bid
  if (ask !== null && !(ask <= f[at + 1])) f[at + 1] = ask
}
