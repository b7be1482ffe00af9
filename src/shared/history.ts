/**
 * A value's past, as the engine keeps it and answers for it (the `history` command and
 * `GET /api/history`). Times are receive times, epoch milliseconds, ascending.
 */

export const HISTORY_RESOLUTIONS = ['raw', '1s', '1m'] as const
export type HistoryResolution = (typeof HISTORY_RESOLUTIONS)[number]

/** Bucket widths in milliseconds. */
export const RESOLUTION_MS: Readonly<Record<Exclude<HistoryResolution, 'raw'>, number>> = {
  '1s': 1_000,
  '1m': 60_000
}

/** One raw value: receive time and the ticker's last price (or the sensor's value). */
export type HistoryPoint = [t: number, v: number]
/** One bucket, so spikes survive downsampling: start time, first, min, max, last, count. */
export type HistoryBucket = [t: number, first: number, min: number, max: number, last: number, count: number]
/** A ticker's quote band per second (or minute): start time, lowest bid, highest ask. */
export type HistoryBand = [t: number, bidLow: number | null, askHigh: number | null]

export type HistoryKind = 'ticker' | 'sensor'

export interface HistorySeries {
  key: string
  kind: HistoryKind
  resolution: HistoryResolution
  /** A sensor's engineering unit ("" when it has none; tickers have none). */
  unit: string
  from: number
  to: number
  /** Raw points (resolution `raw`). */
  points?: HistoryPoint[]
  /** Buckets (resolution `1s` or `1m`). */
  buckets?: HistoryBucket[]
  /** Tickers: the bid/ask band over the same range (per second for `raw` and `1s`). */
  band?: HistoryBand[]
}

/** One of a ticker's recent trades: time (the trade's, else received), price, size, taker side. */
export type RecentTrade = [t: number, price: number, size: number | null, side: 'buy' | 'sell' | null]
/** Recent trades kept per ticker. */
export const MAX_RECENT_TRADES = 100

/** What a request leaves out: the last 10 minutes. */
export const DEFAULT_HISTORY_RANGE_MS = 10 * 60_000
/** Longest range one request may ask for (the longest retention allowed). */
export const MAX_HISTORY_RANGE_MS = 31 * 86_400_000
/** Retention of the per-minute buckets when the configuration says nothing: 24 hours. */
export const DEFAULT_HISTORY_RETENTION_HOURS = 24
/** Most the configuration may ask for. */
export const MAX_HISTORY_RETENTION_HOURS = 31 * 24

/** The `history` request: a key and an optional range (default the last 10 minutes). */
export interface HistoryRequest {
  key: string
  from?: number
  to?: number
  resolution?: HistoryResolution
}

/** The history files in the state directory. */
export interface HistoryDiskStatus {
  dir: string
  files: number
  bytes: number
  /** The last write failure (a full disk), `null` once writing works again. */
  lastError: string | null
  /** Minutes waiting for the disk. */
  pending: number
  /** Minutes given up on (the disk refused them for too long). */
  lost: number
}

/** How much history the engine holds (`/api/stats` → `history`). */
export interface HistoryStats {
  /** Absent when history is kept in memory only (no state directory). */
  disk?: HistoryDiskStatus
  keys: number
  /** Bytes the rings reserved from the budget. */
  bytes: number
  /** Of those, the bytes written so far: what is resident (untouched pages cost no memory yet). */
  writtenBytes: number
  budgetBytes: number
  /** Keys refused because the most keys were already kept. */
  refusedKeys: number
  /** Times a ring could not grow for want of budget (its key keeps less than asked). */
  refusedGrowths: number
}
