import { build, JsHistogram } from 'hdr-histogram-js'
import { LATENCY_BUCKET_COUNT, latencyBucket } from '@shared/latencyBuckets'
import type { LatencySummary } from '@shared/model'

export const SLICE_MS = 10_000
export const SLICE_COUNT = 6
/** What a summary covers, as reported in `StatsPayload.windowMs`. */
export const WINDOW_MS = SLICE_MS * SLICE_COUNT

function newHistogram(): JsHistogram {
  // Values are microseconds; auto-resize keeps very large outliers instead of throwing. The
  // JavaScript implementation (not WebAssembly) is asked for, so its recorded values can be walked.
  const histogram = build({ bitBucketSize: 32, numberOfSignificantValueDigits: 3, useWebAssembly: false })
  if (!(histogram instanceof JsHistogram)) throw new Error('hdr-histogram-js built a non-JS histogram')
  return histogram
}

const toMs = (us: number): number => Math.round(us) / 1000

/**
 * Latency over a rolling window: six 10 s HDR histograms in a ring indexed by wall time. A slice
 * is cleared when its ring slot comes round again, so recording needs no timer, and a summary
 * merges only the slices still inside the window.
 */
export class LatencyWindow {
  private readonly slices: JsHistogram[] = []
  private readonly sliceEpoch: number[] = []
  private readonly merged = newHistogram()

  constructor() {
    for (let i = 0; i < SLICE_COUNT; i++) {
      this.slices.push(newHistogram())
      this.sliceEpoch.push(-1)
    }
  }

  /** Records one latency in ms (negative is recorded as 0; the caller counts it). */
  record(latencyMs: number, now: number): void {
    const epoch = Math.floor(now / SLICE_MS)
    const slot = epoch % SLICE_COUNT
    if (this.sliceEpoch[slot] !== epoch) {
      this.slices[slot].reset()
      this.sliceEpoch[slot] = epoch
    }
    const us = latencyMs > 0 ? Math.round(latencyMs * 1000) : 0
    this.slices[slot].recordValue(us)
  }

  summary(now: number): LatencySummary {
    const current = Math.floor(now / SLICE_MS)
    this.merged.reset()
    for (let i = 0; i < SLICE_COUNT; i++) {
      const epoch = this.sliceEpoch[i]
      if (epoch >= 0 && epoch > current - SLICE_COUNT && epoch <= current) this.merged.add(this.slices[i])
    }
    const count = this.merged.totalCount
    if (count === 0) return { count: 0, p50: null, p95: null, p99: null, max: null }
    // HDR reports a bucket's upper bound; the exact max is tracked separately, so clamp to it
    // (otherwise a screen could read "p99 374 ms, max 373 ms").
    const max = this.merged.maxValue
    const at = (percentile: number): number =>
      toMs(Math.min(this.merged.getValueAtPercentile(percentile), max))
    return { count, p50: at(50), p95: at(95), p99: at(99), max: toMs(max), buckets: this.buckets() }
  }

  /** The merged window's counts per log-scaled bucket, read from the HDR data's recorded values. */
  private buckets(): number[] {
    const buckets = new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
    const values = this.merged.recordedValuesIterator
    values.reset()
    while (values.hasNext()) {
      const step = values.next()
      // An HDR bucket's lowest equivalent value: the latency as recorded, to its resolution.
      buckets[latencyBucket(this.merged.lowestEquivalentValue(step.valueIteratedTo) / 1000)] +=
        step.countAddedInThisIterationStep
    }
    return buckets
  }

  destroy(): void {
    for (const h of this.slices) h.destroy()
    this.merged.destroy()
  }
}
