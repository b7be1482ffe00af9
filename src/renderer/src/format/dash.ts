/** What every formatter shows for a value it cannot show honestly (null, NaN, ±Infinity). */
export const DASH = '—'

export function isShowable(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
