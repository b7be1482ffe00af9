/** The ranges a chart offers; the engine picks the finest resolution complete over each. */
export const CHART_RANGES = [
  { id: '1m', label: '1 min', ms: 60_000 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 }
] as const
export type ChartRangeId = (typeof CHART_RANGES)[number]['id']

export function rangeMs(id: ChartRangeId): number {
  return CHART_RANGES.find((r) => r.id === id)?.ms ?? 60_000
}

/** At most this many keys on one chart (compare). */
export const MAX_CHART_KEYS = 8

const RANGE_STORAGE_KEY = 'tickwire.chartRange'

/** The range the user chose last (15 minutes the first time). */
export function loadChartRange(): ChartRangeId {
  try {
    const saved = globalThis.localStorage?.getItem(RANGE_STORAGE_KEY)
    const match = CHART_RANGES.find((r) => r.id === saved)
    return match?.id ?? '15m'
  } catch {
    return '15m'
  }
}

export function saveChartRange(id: ChartRangeId): void {
  try {
    globalThis.localStorage?.setItem(RANGE_STORAGE_KEY, id)
  } catch {
    // Storage refused (private window, quota): the choice lasts this session only.
  }
}
