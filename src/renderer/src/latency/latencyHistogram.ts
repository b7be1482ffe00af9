import { LATENCY_BUCKET_COUNT, LATENCY_BUCKET_EDGES_MS, latencyBucket } from '@shared/latencyBuckets'
import type { LatencySummary } from '@shared/model'
import { formatLatencyMs } from '../format/duration'
import { formatCount } from '../format/number'

/** One bar: its bucket, and its height as a share of the tallest (0..1, log-scaled in counts). */
export interface HistogramBar {
  bucket: number
  height: number
}

export interface HistogramPlot {
  bars: HistogramBar[]
  /** Buckets of p50 and p99, for their markers; `null` when unknown. */
  p50Bucket: number | null
  p99Bucket: number | null
  /** What the picture says, in words (tooltip and accessible label). */
  description: string
}

/**
 * A summary's buckets as bars. Heights are log-scaled in counts so a tail of a few slow values
 * next to millions of fast ones is still seen; `null` when there is nothing to draw (no samples,
 * or an engine that sends no buckets), and the view then shows "—".
 */
export function histogramPlot(summary: LatencySummary | null | undefined): HistogramPlot | null {
  const buckets = summary?.buckets
  if (summary === null || summary === undefined || buckets === undefined || summary.count === 0) return null
  if (buckets.length !== LATENCY_BUCKET_COUNT) return null
  const tallest = Math.max(...buckets)
  if (!(tallest > 0)) return null
  const scale = Math.log1p(tallest)
  const bars: HistogramBar[] = []
  buckets.forEach((n, bucket) => {
    if (n > 0) bars.push({ bucket, height: Math.max(0.08, Math.log1p(n) / scale) })
  })
  const total = buckets.reduce((a, b) => a + b, 0)
  const busiest = [...bars]
    .sort((a, b) => buckets[b.bucket] - buckets[a.bucket])
    .slice(0, 4)
    .sort((a, b) => a.bucket - b.bucket)
    .map(
      (bar) =>
        `${bucketRange(bar.bucket)}: ${formatCount(buckets[bar.bucket])} (${share(buckets[bar.bucket], total)})`
    )
  const first = bars[0].bucket
  const last = bars[bars.length - 1].bucket
  return {
    bars,
    p50Bucket: summary.p50 === null ? null : latencyBucket(summary.p50),
    p99Bucket: summary.p99 === null ? null : latencyBucket(summary.p99),
    description:
      `${formatCount(total)} samples from ${bucketLow(first)} to ${bucketHigh(last)} (log scale)\n` +
      busiest.join('\n')
  }
}

function bucketLow(bucket: number): string {
  return bucket === 0 ? '0 ms' : formatLatencyMs(LATENCY_BUCKET_EDGES_MS[bucket - 1])
}

function bucketHigh(bucket: number): string {
  return bucket >= LATENCY_BUCKET_EDGES_MS.length
    ? `over ${formatLatencyMs(LATENCY_BUCKET_EDGES_MS[LATENCY_BUCKET_EDGES_MS.length - 1])}`
    : formatLatencyMs(LATENCY_BUCKET_EDGES_MS[bucket])
}

function bucketRange(bucket: number): string {
  return bucket >= LATENCY_BUCKET_EDGES_MS.length
    ? bucketHigh(bucket)
    : `${bucketLow(bucket)}–${bucketHigh(bucket)}`
}

function share(n: number, total: number): string {
  const pct = (100 * n) / total
  return pct >= 10 ? `${pct.toFixed(0)}%` : pct >= 0.1 ? `${pct.toFixed(1)}%` : '<0.1%'
}

/** Where a latency in ms sits on the histogram's axis of `width` px (bucket `i` ends where edge `i` is). */
export function axisX(ms: number, width: number): number {
  const step = width / LATENCY_BUCKET_COUNT
  return Math.min(width, Math.max(0, (2 * Math.log2(ms / 0.25) + 1) * step))
}

const AXIS_TICKS: readonly [number, string][] = [
  [1, '1 ms'],
  [10, '10 ms'],
  [100, '100 ms'],
  [1000, '1 s']
]

/** Labels under the shared axis; a narrow plot keeps only the decades that fit apart. */
export function axisTicks(width: number): { x: number; label: string }[] {
  return AXIS_TICKS.map(([ms, label]) => ({ x: Math.round(axisX(ms, width)), label })).filter(
    (t, i, all) => i === 0 || t.x - all[i - 1].x >= 44
  )
}
