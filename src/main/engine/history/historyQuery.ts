import {
  RESOLUTION_MS,
  type HistoryBand,
  type HistoryBucket,
  type HistoryPoint,
  type HistoryResolution,
  type HistorySeries
} from '@shared/history'
import type { KeyHistory } from './keyHistory'
import type { RecordRing } from './recordRing'

/** A request's range, already checked (`from <= to`, both finite). */
export interface HistoryRange {
  from: number
  to: number
  /** Omitted: the finest resolution that is complete over the range. */
  resolution?: HistoryResolution
}

/** Answers one request from a key's tiers. */
export function querySeries(history: KeyHistory, range: HistoryRange, unit: string): HistorySeries {
  const { from, to } = range
  const resolution = range.resolution ?? finestComplete(history, from)
  const series: HistorySeries = {
    key: history.key,
    kind: history.kind,
    resolution,
    unit,
    from,
    to
  }
  if (resolution === 'raw') series.points = rawPoints(history.raw, from, to)
  else if (resolution === '1s') series.buckets = secondBuckets(history, from, to)
  else series.buckets = storedBuckets(history.minutes, from, to, RESOLUTION_MS['1m'])
  if (history.band !== null) {
    series.band =
      resolution === '1m'
        ? bandOf(history.minutes, 6, from, to, RESOLUTION_MS['1m'])
        : bandOf(history.band, 1, from, to, RESOLUTION_MS['1s'])
  }
  return series
}

function finestComplete(history: KeyHistory, from: number): HistoryResolution {
  if (from > history.rawCompleteFrom) return 'raw'
  if (from > history.secondsCompleteFrom) return '1s'
  return '1m'
}

function rawPoints(raw: RecordRing, from: number, to: number): HistoryPoint[] {
  const out: HistoryPoint[] = []
  const f = raw.fields
  for (let i = raw.lowerBound(from); i < raw.length; i++) {
    const at = raw.offset(i)
    if (f[at] > to) break
    // Whole milliseconds, as the contract says (receive times are kept finer).
    out.push([Math.round(f[at]), f[at + 1]])
  }
  return out
}

/** Buckets whose span overlaps [from, to]; buckets with no value (a band-only minute) are left out. */
function storedBuckets(ring: RecordRing, from: number, to: number, width: number): HistoryBucket[] {
  const out: HistoryBucket[] = []
  const f = ring.fields
  for (let i = ring.lowerBound(from - width + 1); i < ring.length; i++) {
    const at = ring.offset(i)
    if (f[at] > to) break
    if (f[at + 5] > 0) out.push([f[at], f[at + 1], f[at + 2], f[at + 3], f[at + 4], f[at + 5]])
  }
  return out
}

/** The per-second tier, then the raw points folded into seconds (a second split between them merges). */
function secondBuckets(history: KeyHistory, from: number, to: number): HistoryBucket[] {
  const width = RESOLUTION_MS['1s']
  const out = storedBuckets(history.seconds, from, to, width)
  const raw = history.raw
  const f = raw.fields
  let current = out.length > 0 ? out[out.length - 1] : null
  // Whole seconds, as the stored ones are: from the start of the second `from` falls in, to the
  // end of the second `to` falls in.
  for (let i = raw.lowerBound(Math.floor(from / width) * width); i < raw.length; i++) {
    const at = raw.offset(i)
    const t = f[at]
    const second = Math.floor(t / width) * width
    if (second > to) break
    const v = f[at + 1]
    if (current !== null && current[0] === second) {
      if (v < current[2]) current[2] = v
      if (v > current[3]) current[3] = v
      current[4] = v
      current[5]++
    } else {
      current = [second, v, v, v, v, 1]
      out.push(current)
    }
  }
  return out
}

function bandOf(ring: RecordRing, field: number, from: number, to: number, width: number): HistoryBand[] {
  const out: HistoryBand[] = []
  const f = ring.fields
  for (let i = ring.lowerBound(from - width + 1); i < ring.length; i++) {
    const at = ring.offset(i)
    if (f[at] > to) break
    const bid = f[at + field]
    const ask = f[at + field + 1]
    if (Number.isNaN(bid) && Number.isNaN(ask)) continue
    out.push([f[at], Number.isNaN(bid) ? null : bid, Number.isNaN(ask) ? null : ask])
  }
  return out
}
