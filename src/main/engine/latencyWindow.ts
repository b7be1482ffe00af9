import type { LatencySummary } from '@shared/model'
import { LatencyHistogram } from './latencyHistogram'

export const SLICE_MS = 10_000
export const SLICE_COUNT = 6
/** What a summary covers, as reported in `StatsPayload.windowMs`. */
export const WINDOW_MS = SLICE_MS * SLICE_COUNT

const toMs = (us: number): number => Math.round(us) / 1000

/**
 * Latency over a rolling window: six 10 s histograms in a ring indexed by wall time. A slice is
 * cleared when its ring slot comes round again, so recording needs no timer, and a summary
 * merges only the slices still inside the window.
 */
export class LatencyWindow {
  private readonly slices: LatencyHistogram[] = []
  private readonly sliceEpoch: number[] = []
  private readonly merged = new LatencyHistogram()

  constructor() {
    for (let i = 0; i < SLICE_COUNT; i++) {
      this.slices.push(new LatencyHistogram())
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
    this.slices[slot].record(latencyMs > 0 ? Math.round(latencyMs * 1000) : 0)
  }

  summary(now: number): LatencySummary {
    const current = Math.floor(now / SLICE_MS)
    this.merged.reset()
    for (let i = 0; i < SLICE_COUNT; i++) {
      const epoch = this.sliceEpoch[i]
      if (epoch >= 0 && epoch > current - SLICE_COUNT && epoch <= current) this.merged.add(this.slices[i])
    }
    const s = this.merged.summary()
    if (s === null) return { count: 0, p50: null, p95: null, p99: null, max: null }
    return {
      count: s.count,
      p50: toMs(s.p50Us),
      p95: toMs(s.p95Us),
      p99: toMs(s.p99Us),
      max: toMs(s.maxUs),
      buckets: s.buckets
    }
  }
}
