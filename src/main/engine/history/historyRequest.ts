import {
  DEFAULT_HISTORY_RANGE_MS,
  MAX_HISTORY_RANGE_MS,
  type HistoryKind,
  type HistoryRequest,
  type HistorySeries
} from '@shared/history'
import { diagnosticText } from '@shared/visibleText'
import type { HistoryBook } from './historyBook'

export type HistoryAnswer =
  { ok: true; series: HistorySeries } | { ok: false; status: 400 | 404; error: string }

/** What the engine knows of a key that has no history yet (a sensor that never reported). */
export interface KnownKey {
  kind: HistoryKind
  unit: string
}

/**
 * One history request, for the command and for `GET /api/history` alike: the range defaulted
 * and checked (400), the key looked up (404 when neither history nor the engine knows it).
 */
export function answerHistory(
  book: HistoryBook,
  request: HistoryRequest,
  known: (key: string) => KnownKey | undefined,
  now: number
): HistoryAnswer {
  const to = Math.round(request.to ?? (request.from !== undefined ? Math.max(now, request.from) : now))
  for (const [name, value] of [
    ['from', request.from],
    ['to', request.to]
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      return { ok: false, status: 400, error: `"${name}" must be epoch milliseconds` }
  }
  if (request.from !== undefined && request.from > to)
    return { ok: false, status: 400, error: '"from" is after "to"' }
  // The default window ends at `to`; a longer range than history can hold (`from=0`: all of it)
  // is the longest there is, said in the answer's `from`.
  const from = Math.max(
    0,
    Math.round(request.from ?? to - DEFAULT_HISTORY_RANGE_MS),
    to - MAX_HISTORY_RANGE_MS
  )
  const key = request.key
  const info = known(key)
  const range = { from, to, resolution: request.resolution }
  const series = book.query(key, range, info?.unit ?? '')
  if (series !== undefined) return { ok: true, series }
  if (info === undefined)
    return { ok: false, status: 404, error: `no ticker or sensor "${diagnosticText(key, 120)}"` }
  const resolution = request.resolution ?? 'raw'
  const empty: HistorySeries = { key, kind: info.kind, resolution, unit: info.unit, from, to }
  if (resolution === 'raw') empty.points = []
  else empty.buckets = []
  if (info.kind === 'ticker') empty.band = []
  return { ok: true, series: empty }
}
