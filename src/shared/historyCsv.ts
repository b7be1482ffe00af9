import type { HistorySeries } from './history'

/**
 * A history series as CSV: times in ISO 8601 UTC and epoch ms, then the values, with the column
 * names and units in the header. The same text for `GET /api/history?…&format=csv` and the
 * chart's download.
 */
export function seriesCsv(series: HistorySeries, label = series.key): string {
  const unit = series.unit === '' ? '' : ` (${series.unit})`
  const rows: string[] = []
  if (series.points !== undefined) {
    rows.push(csvRow(['time', 'epoch_ms', `${label}${unit}`]))
    for (const [t, v] of series.points) rows.push(`${isoTime(t)},${t},${v}`)
  } else {
    const names = ['first', 'min', 'max', 'last'].map((n) => `${label} ${n}${unit}`)
    rows.push(csvRow(['time', 'epoch_ms', ...names, 'count']))
    for (const [t, first, min, max, last, count] of series.buckets ?? [])
      rows.push(`${isoTime(t)},${t},${first},${min},${max},${last},${count}`)
  }
  return `${rows.join('\r\n')}\r\n`
}

/** One CSV row of text cells: quoted where needed, and never read as a formula by a spreadsheet. */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',')
}

function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function isoTime(t: number): string {
  return new Date(Math.round(t)).toISOString()
}

/** A file name for a download of `key` (the key's characters that file systems refuse, replaced). */
export function exportFileName(key: string, extension: string): string {
  const base = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)
  return `${base || 'export'}.${extension}`
}
