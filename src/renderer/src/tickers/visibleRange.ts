/**
 * Which rows of a fixed-row-height list to render: the ones in the viewport plus `overscan` on
 * each side. Half-open `[start, end)`, always within `[0, count]`.
 */
export function visibleRange(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan: number
): { start: number; end: number } {
  if (count <= 0 || !(rowHeight > 0)) return { start: 0, end: 0 }
  const top = Number.isFinite(scrollTop) ? Math.max(0, scrollTop) : 0
  const height = Number.isFinite(viewportHeight) ? Math.max(0, viewportHeight) : 0
  const first = Math.floor(top / rowHeight)
  const last = Math.ceil((top + height) / rowHeight)
  const start = Math.min(count, Math.max(0, first - overscan))
  const end = Math.min(count, Math.max(start, last + overscan))
  return { start, end }
}
