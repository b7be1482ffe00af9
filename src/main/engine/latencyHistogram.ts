import { LATENCY_BUCKET_COUNT, LATENCY_BUCKET_EDGES_MS } from '@shared/latencyBuckets'

/**
 * Counts of latencies in microseconds at three significant digits (HDR's layout: exact below
 * 2,048 µs, then 1,024 sub-buckets per doubling, so a value is known to 0.1%). It exists because
 * the engine records a latency per message and summarises several windows every second on the
 * same thread as the feeds: recording is an index computed with `clz32` and one increment, and a
 * summary is one pass over a typed array (hdr-histogram-js took ~300 ns a value and ~5 ms a
 * summary, a stall the frames to every view waited behind).
 */
const SUB_BITS = 10
const SUB_COUNT = 1 << SUB_BITS
const LINEAR = 2 * SUB_COUNT
/** Values from 2^31 µs (about 36 minutes) up share the top bucket; the exact max is kept apart. */
const TOP_VALUE = 2 ** 31 - 1
const MAX_LENGTH = indexOf(TOP_VALUE) + 1
/** Room to start with: up to 2^15 µs (33 ms); grown four doublings at a time as larger values come. */
const INITIAL_LENGTH = indexOf(2 ** 15 - 1) + 1

function indexOf(us: number): number {
  if (us < LINEAR) return us
  const exponent = 31 - Math.clz32(us)
  const shift = exponent - SUB_BITS
  return LINEAR + (shift - 1) * SUB_COUNT + ((us >>> shift) - SUB_COUNT)
}

/** The largest value (µs) that lands in bucket `index`: what a percentile reports, as HDR does. */
function highestOf(index: number): number {
  if (index < LINEAR) return index
  const shift = Math.floor((index - LINEAR) / SUB_COUNT) + 1
  const sub = ((index - LINEAR) % SUB_COUNT) + SUB_COUNT
  return (sub + 1) * 2 ** shift - 1
}

function lowestOf(index: number): number {
  if (index < LINEAR) return index
  const shift = Math.floor((index - LINEAR) / SUB_COUNT) + 1
  return (((index - LINEAR) % SUB_COUNT) + SUB_COUNT) * 2 ** shift
}

/**
 * Each fine bucket's coarse display bucket (`latencyBucket` of its lowest value), built once and
 * shared: both orders are monotonic, so one merge walk over the edges builds it.
 */
let displayBucketOf: Uint8Array | null = null
function displayBuckets(): Uint8Array {
  if (displayBucketOf === null) {
    displayBucketOf = new Uint8Array(MAX_LENGTH)
    let bucket = 0
    for (let i = 0; i < MAX_LENGTH; i++) {
      const ms = lowestOf(i) / 1000
      while (bucket < LATENCY_BUCKET_COUNT - 1 && ms > LATENCY_BUCKET_EDGES_MS[bucket]) bucket++
      displayBucketOf[i] = bucket
    }
  }
  return displayBucketOf
}

export interface HistogramSummary {
  count: number
  /** µs, each the highest value of its bucket and never above `maxUs`. */
  p50Us: number
  p95Us: number
  p99Us: number
  maxUs: number
  /** Counts per display bucket (`LATENCY_BUCKET_COUNT`). */
  buckets: number[]
}

export class LatencyHistogram {
  private counts = new Uint32Array(INITIAL_LENGTH)
  private total = 0
  private max = 0

  get count(): number {
    return this.total
  }

  /** Records one latency in microseconds (anything not a positive number counts as 0). */
  record(us: number): void {
    const value = us > 0 ? (us < TOP_VALUE ? Math.floor(us) : TOP_VALUE) : 0
    const index = indexOf(value)
    if (index >= this.counts.length) this.grow(index)
    this.counts[index]++
    this.total++
    // The exact max is kept, but a finite one: Infinity (a broken clock) counts as the top value.
    const exact = us === Infinity ? TOP_VALUE : us
    if (exact > this.max) this.max = exact
  }

  reset(): void {
    if (this.total === 0) return
    this.counts.fill(0)
    this.total = 0
    this.max = 0
  }

  /** Adds `other`'s counts into this one. */
  add(other: LatencyHistogram): void {
    if (other.total === 0) return
    const from = other.counts
    if (from.length > this.counts.length) this.grow(from.length - 1)
    const into = this.counts
    for (let i = 0; i < from.length; i++) into[i] += from[i]
    this.total += other.total
    if (other.max > this.max) this.max = other.max
  }

  /** Percentiles and display buckets in one pass; `null` with no samples. */
  summary(): HistogramSummary | null {
    if (this.total === 0) return null
    const targets = [0.5, 0.95, 0.99].map((p) => Math.max(1, Math.floor(p * this.total + 0.5)))
    const found = [-1, -1, -1]
    const buckets = new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
    const coarse = displayBuckets()
    const counts = this.counts
    let seen = 0
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i]
      if (n === 0) continue
      seen += n
      buckets[coarse[i]] += n
      for (let t = 0; t < 3; t++) if (found[t] < 0 && seen >= targets[t]) found[t] = i
    }
    const at = (t: number): number => Math.min(highestOf(found[t]), this.max)
    return { count: this.total, p50Us: at(0), p95Us: at(1), p99Us: at(2), maxUs: this.max, buckets }
  }

  private grow(index: number): void {
    let length = this.counts.length
    while (length <= index) length = Math.min(MAX_LENGTH, length + 4 * SUB_COUNT)
    const counts = new Uint32Array(length)
    counts.set(this.counts)
    this.counts = counts
  }
}
