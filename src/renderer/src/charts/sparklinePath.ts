/** What a sparkline draws: its line, the area under it, and which way the series went. */
export interface SparklinePath {
  line: string
  area: string
  rising: boolean
}

/** The values a sparkline reads (a row's `RingBuffer`), oldest first. */
export interface SparklineSeries {
  readonly length: number
  at(i: number): number
  extent(): { min: number; max: number } | null
}

const PAD = 2

/**
 * SVG path data for `series` in a `width` × `height` box: the points span the whole width (a
 * fresh row is not a few pixels at the right edge), the newest at the right; `null` under two
 * points. Coordinates are rounded to a tenth of a pixel and always finite: the scale is taken on
 * halves, so even ±1e308 cannot overflow to Infinity.
 */
export function sparklinePath(series: SparklineSeries, width: number, height: number): SparklinePath | null {
  const n = series.length
  const extent = series.extent()
  if (n < 2 || extent === null || !(width > 2 * PAD) || !(height > 2 * PAD)) return null
  const low = extent.min / 2
  const span = extent.max / 2 - low
  const x = (i: number): string => ((i / (n - 1)) * (width - 2 * PAD) + PAD).toFixed(1)
  const y = (v: number): string => {
    const share = span > 0 ? (v / 2 - low) / span : 0.5
    const clamped = share >= 0 && share <= 1 ? share : share > 1 ? 1 : 0
    return (height - PAD - clamped * (height - 2 * PAD)).toFixed(1)
  }
  let line = ''
  for (let i = 0; i < n; i++) line += `${i === 0 ? 'M' : 'L'}${x(i)} ${y(series.at(i))}`
  const area = `${line}L${x(n - 1)} ${height}L${x(0)} ${height}Z`
  return { line, area, rising: series.at(n - 1) >= series.at(0) }
}
