import { describe, expect, it } from 'vitest'
import { LATENCY_BUCKET_COUNT, latencyBucket } from '@shared/latencyBuckets'
import type { LatencySummary } from '@shared/model'
import { histogramPlot } from '@renderer/latency/latencyHistogram'

function summary(counts: Record<number, number>, extra: Partial<LatencySummary> = {}): LatencySummary {
  const buckets = new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
  for (const [bucket, n] of Object.entries(counts)) buckets[Number(bucket)] = n
  const count = buckets.reduce((a, b) => a + b, 0)
  return { count, p50: 3, p95: 40, p99: 41, max: 42, buckets, ...extra }
}

describe('histogramPlot', () => {
  it('has nothing to draw without samples or buckets (the view shows "—")', () => {
    expect(histogramPlot(null)).toBeNull()
    expect(histogramPlot(undefined)).toBeNull()
    expect(histogramPlot({ count: 0, p50: null, p95: null, p99: null, max: null })).toBeNull()
    expect(histogramPlot({ count: 5, p50: 1, p95: 1, p99: 1, max: 1 })).toBeNull()
    expect(histogramPlot({ ...summary({ 3: 5 }), buckets: [5] })).toBeNull()
    expect(histogramPlot(summary({}))).toBeNull()
  })

  it('draws a bar per non-empty bucket, log-scaled so a thin tail still shows', () => {
    const fast = latencyBucket(3)
    const slow = latencyBucket(40)
    const plot = histogramPlot(summary({ [fast]: 1_000_000, [slow]: 10 }))!
    expect(plot.bars.map((b) => b.bucket)).toEqual([fast, slow])
    expect(plot.bars[0].height).toBe(1)
    // Linear heights would make 10 of a million invisible (0.00001); log keeps it a sixth high.
    expect(plot.bars[1].height).toBeGreaterThan(0.15)
    expect(plot.bars[1].height).toBeLessThan(0.25)
    expect(plot.p50Bucket).toBe(fast)
    expect(plot.p99Bucket).toBe(slow)
    expect(plot.description).toMatch(/^1,000,010 samples from 2\.83 ms to 45\.3 ms \(log scale\)/)
    expect(plot.description).toContain('2.83 ms–4.00 ms: 1,000,000 (100%)')
    expect(plot.description).toContain('32.0 ms–45.3 ms: 10 (<0.1%)')
  })

  it('names the last bucket as everything over 8 s', () => {
    const plot = histogramPlot(summary({ [LATENCY_BUCKET_COUNT - 1]: 2 }, { p50: null, p99: null }))!
    expect(plot.description).toContain('over 8.19 s: 2 (100%)')
    expect(plot.p50Bucket).toBeNull()
  })
})
