/**
 * The latency histogram's buckets, shared by engine and view: log-scaled, two per doubling, so a
 * bimodal distribution or a long tail shows at a glance. Bucket `i` holds latencies up to
 * `LATENCY_BUCKET_EDGES_MS[i]` (and above the edge before it); the last holds everything above
 * the last edge (8.2 s).
 */
export const LATENCY_BUCKET_EDGES_MS: readonly number[] = Array.from(
  { length: 31 },
  (_, i) => Math.round(0.25 * 2 ** (i / 2) * 1000) / 1000
)
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_EDGES_MS.length + 1

/** The bucket a latency in ms falls in (0 for anything at or below the first edge, NaN included). */
export function latencyBucket(ms: number): number {
  if (!(ms > LATENCY_BUCKET_EDGES_MS[0])) return 0
  // Two buckets per doubling above 0.25 ms: the index is about 2·log2(ms / 0.25), then corrected
  // against the rounded edges so a value exactly on an edge lands in the bucket it closes.
  let i = Math.min(LATENCY_BUCKET_COUNT - 1, Math.max(0, Math.ceil(2 * Math.log2(ms / 0.25))))
  while (i > 0 && ms <= LATENCY_BUCKET_EDGES_MS[i - 1]) i--
  while (i < LATENCY_BUCKET_COUNT - 1 && ms > LATENCY_BUCKET_EDGES_MS[i]) i++
  return i
}
