import { describe, expect, it } from 'vitest'
import { Backoff } from '../../../src/main/engine/backoff'
import { LatencyWindow, SLICE_MS, WINDOW_MS } from '../../../src/main/engine/latencyWindow'
import { LATENCY_BUCKET_COUNT, LATENCY_BUCKET_EDGES_MS, latencyBucket } from '@shared/latencyBuckets'

describe('latency window', () => {
  it('reports nulls with no samples', () => {
    expect(new LatencyWindow().summary(0)).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null })
  })
  it('reports percentiles in ms at microsecond resolution', () => {
    const w = new LatencyWindow()
    for (let i = 1; i <= 1000; i++) w.record(i / 100, 5_000) // 0.01 .. 10 ms
    const s = w.summary(5_000)
    expect(s.count).toBe(1000)
    expect(s.p50).toBeCloseTo(5, 2)
    expect(s.p95).toBeCloseTo(9.5, 2)
    expect(s.p99).toBeCloseTo(9.9, 2)
    expect(s.max).toBeCloseTo(10, 2)
  })
  it('counts the window per log-scaled bucket, so two modes show as two humps', () => {
    const w = new LatencyWindow()
    for (let i = 0; i < 700; i++) w.record(3 + (i % 10) / 100, 5_000) // 3.00 .. 3.09 ms
    for (let i = 0; i < 300; i++) w.record(40 + (i % 10) / 10, 5_000) // 40.0 .. 40.9 ms
    w.record(20_000, 5_000) // beyond the last edge
    const { buckets, count } = w.summary(5_000)
    expect(buckets).toHaveLength(LATENCY_BUCKET_COUNT)
    expect(buckets!.reduce((a, b) => a + b, 0)).toBe(count)
    const nonEmpty = buckets!.flatMap((n, i) => (n > 0 ? [[i, n]] : []))
    expect(nonEmpty).toEqual([
      [latencyBucket(3), 700],
      [latencyBucket(40), 300],
      [LATENCY_BUCKET_COUNT - 1, 1]
    ])
    expect(LATENCY_BUCKET_EDGES_MS[latencyBucket(3)]).toBeGreaterThanOrEqual(3.09)
    expect(LATENCY_BUCKET_EDGES_MS[latencyBucket(3) - 1]).toBeLessThan(3)
  })
  it('puts a latency exactly on an edge in the bucket that edge closes', () => {
    LATENCY_BUCKET_EDGES_MS.forEach((edge, i) => {
      expect(latencyBucket(edge)).toBe(i)
      expect(latencyBucket(edge * 1.0001)).toBe(i + 1)
    })
    expect(latencyBucket(0)).toBe(0)
    expect(latencyBucket(Number.NaN)).toBe(0)
    expect(latencyBucket(Infinity)).toBe(LATENCY_BUCKET_COUNT - 1)
  })
  it('records negative latency as zero', () => {
    const w = new LatencyWindow()
    w.record(-3, 0)
    expect(w.summary(0)).toMatchObject({ count: 1, p50: 0, max: 0 })
  })
  it('drops slices that leave the window and merges the live ones', () => {
    const w = new LatencyWindow()
    const t0 = 1_000_000_000
    w.record(100, t0)
    w.record(1, t0 + SLICE_MS)
    expect(w.summary(t0 + SLICE_MS).count).toBe(2)
    expect(w.summary(t0 + WINDOW_MS).count).toBe(1)
    expect(w.summary(t0 + WINDOW_MS).max).toBe(1)
    w.record(2, t0 + WINDOW_MS) // reuses the first slot: the old 100 ms must be gone
    expect(w.summary(t0 + WINDOW_MS)).toMatchObject({ count: 2, max: 2 })
  })
})

describe('reconnect backoff', () => {
  const config = { initialDelayMs: 100, maxDelayMs: 1000 }
  it('grows exponentially within [initial, max] with full jitter', () => {
    const high = new Backoff(config, () => 1)
    expect([1, 2, 3, 4, 5, 6].map(() => high.nextDelayMs())).toEqual([100, 200, 400, 800, 1000, 1000])
    const low = new Backoff(config, () => 0)
    expect([1, 2, 3].map(() => low.nextDelayMs())).toEqual([100, 100, 100])
  })
  it('starts over after a connection stayed up 10 s, not after a short one', () => {
    const b = new Backoff(config, () => 1)
    b.nextDelayMs()
    b.nextDelayMs()
    b.opened(0)
    b.closed(5_000)
    expect(b.nextDelayMs()).toBe(400)
    b.opened(10_000)
    b.closed(20_000)
    expect(b.nextDelayMs()).toBe(100)
  })
})

describe('LatencyWindow percentiles', () => {
  it('never reports a percentile above the exact max', () => {
    const w = new LatencyWindow()
    const now = 1_000_000
    for (let i = 0; i < 200; i++) w.record(373.001 + (i % 3) * 0.0001, now)
    w.record(373.123, now)
    const s = w.summary(now)
    expect(s.max).toBe(373.123)
    for (const p of [s.p50, s.p95, s.p99]) expect(p!).toBeLessThanOrEqual(s.max!)
  })
})
