import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LatencyHistogram } from '../../../src/main/engine/latencyHistogram'
import { LATENCY_BUCKET_COUNT, latencyBucket } from '@shared/latencyBuckets'

/** The reference: the value at HDR's rank (nearest rank, at least the first) of the sorted samples. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.floor(p * sorted.length + 0.5))
  return sorted[rank - 1]
}

function histogramOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram()
  for (const v of values) h.record(v)
  return h
}

describe('latency histogram', () => {
  it('has no summary with no samples, and none again after a reset', () => {
    const h = new LatencyHistogram()
    expect(h.summary()).toBeNull()
    h.record(5)
    expect(h.count).toBe(1)
    h.reset()
    expect(h.count).toBe(0)
    expect(h.summary()).toBeNull()
  })

  it('is exact below 2,048 µs', () => {
    const values = Array.from({ length: 2048 }, (_, i) => i)
    const s = histogramOf(values).summary()!
    expect(s).toMatchObject({ count: 2048, p50Us: 1023, p95Us: 1945, p99Us: 2027, maxUs: 2047 })
  })

  it('keeps three significant digits above, reporting a bucket’s highest value but never above the max', () => {
    // 2,048..4,095 µs share buckets two wide; 1,000,000 µs lands in a bucket 1,024 wide at 2^19.
    expect(histogramOf([2048, 2049]).summary()).toMatchObject({ p50Us: 2049, maxUs: 2049 })
    expect(histogramOf([4096]).summary()).toMatchObject({ p50Us: 4096, maxUs: 4096 })
    const big = histogramOf([1_000_000, 1_000_001]).summary()!
    expect(big.p50Us).toBeGreaterThanOrEqual(1_000_000)
    expect(big.p50Us).toBeLessThanOrEqual(1_000_001)
    expect(big.maxUs).toBe(1_000_001)
  })

  it('grows past its initial room and keeps what it had', () => {
    const h = histogramOf([10, 20, 30])
    h.record(40_000_000) // 40 s: far past the first 33 ms of room
    const s = h.summary()!
    expect(s.count).toBe(4)
    expect(s.p50Us).toBe(20)
    expect(s.p99Us).toBe(40_000_000)
    expect(s.buckets[LATENCY_BUCKET_COUNT - 1]).toBe(1)
  })

  it('puts values from 2^31 µs up in the top bucket with the exact max, and broken input at 0', () => {
    const h = histogramOf([2 ** 31, 5e12, Infinity, Number.NaN, -4, 0])
    const s = h.summary()!
    expect(s.count).toBe(6)
    expect(s.maxUs).toBe(5e12)
    expect(s.p50Us).toBe(0) // NaN, -4 and 0 are all zero
    expect(s.p99Us).toBe(2 ** 31 - 1)
    expect(Number.isFinite(s.p99Us)).toBe(true)
    expect(histogramOf([Infinity]).summary()!.maxUs).toBe(2 ** 31 - 1)
  })

  it('adds another histogram’s counts, growing to fit them', () => {
    const small = histogramOf([1, 2, 3])
    const large = histogramOf([5_000_000])
    small.add(large)
    small.add(new LatencyHistogram())
    expect(small.summary()).toMatchObject({ count: 4, p50Us: 2, maxUs: 5_000_000 })
    const into = new LatencyHistogram()
    into.add(small)
    expect(into.summary()).toEqual(small.summary())
  })

  it('matches sorted samples to 0.1% and counts every sample in its display bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 2 ** 31 - 2 })), {
          minLength: 1,
          maxLength: 400
        }),
        (values) => {
          const s = histogramOf(values).summary()!
          const sorted = [...values].sort((a, b) => a - b)
          expect(s.count).toBe(values.length)
          expect(s.maxUs).toBe(sorted[sorted.length - 1])
          for (const [p, got] of [
            [0.5, s.p50Us],
            [0.95, s.p95Us],
            [0.99, s.p99Us]
          ] as const) {
            const want = exactPercentile(sorted, p)
            expect(got).toBeGreaterThanOrEqual(want)
            expect(got).toBeLessThanOrEqual(Math.max(want, want * 1.001))
            expect(got).toBeLessThanOrEqual(s.maxUs)
          }
          const expected = new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
          // A value's display bucket is that of its fine bucket's lowest value, which is the value
          // itself to 0.1%: equal to the value's own except for values within 0.1% of an edge.
          for (const v of values) expected[latencyBucket(v / 1000)]++
          expect(s.buckets.reduce((a, b) => a + b, 0)).toBe(values.length)
          const moved = s.buckets.reduce((sum, n, i) => sum + Math.abs(n - expected[i]), 0)
          const nearEdge = values.filter((v) => latencyBucket(v / 1000) !== latencyBucket((v * 0.999) / 1000))
          expect(moved).toBeLessThanOrEqual(2 * nearEdge.length)
        }
      )
    )
  })
})
