import type { AlarmRecord } from './alarms'
import type { HistorySeries } from './history'
import type { SnapshotPayload } from './model'

/**
 * CSV exports (a history series, the alarm history, the current snapshot): times in ISO 8601 UTC
 * and epoch ms, column names and units in the header, text cells never read as formulas. A series
 * is the same text for `GET /api/history?…&format=csv` and the chart's download.
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

/** ISO 8601 UTC; "" for a time no date can hold (never a throw inside an export). */
export function isoTime(t: number): string {
  const d = new Date(Math.round(t))
  return Number.isNaN(d.getTime()) ? '' : d.toISOString()
}

/** A file name for a download of `key` (the key's characters that file systems refuse, replaced). */
export function exportFileName(key: string, extension: string): string {
  const base = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)
  return `${base || 'export'}.${extension}`
}

/** ISO time and epoch ms as two cells, empty for none. */
function timeCells(t: number | null): string {
  return t === null || !Number.isFinite(t) ? ',' : `${isoTime(t)},${t}`
}

function cell(v: string | number | boolean | null): string {
  if (v === null) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  return csvRow([String(v)])
}

/** The alarm history (and open alarms): one row per alarm occurrence, times in ISO and epoch ms. */
export function alarmsCsv(alarms: readonly AlarmRecord[]): string {
  const head = ['raised', 'raised_ms', 'cleared', 'cleared_ms', 'acked', 'acked_ms', 'acked_by']
  const rows = [
    csvRow([
      ...head,
      'key',
      'label',
      'condition',
      'severity',
      'state',
      'threshold',
      'value',
      'last_value',
      'unit'
    ])
  ]
  for (const a of alarms) {
    const cells = [
      a.ackedBy,
      a.key,
      a.label,
      a.condition,
      a.severity,
      a.state,
      a.threshold,
      a.value,
      a.lastValue,
      a.unit
    ]
    rows.push(
      `${timeCells(a.raisedAt)},${timeCells(a.clearedAt)},${timeCells(a.ackedAt)},${cells.map(cell).join(',')}`
    )
  }
  return `${rows.join('\r\n')}\r\n`
}

/** The current values: every ticker and every sensor, one row each. */
export function snapshotCsv(snapshot: Pick<SnapshotPayload, 'tickers' | 'readings'>): string {
  const head = ['kind', 'key', 'source', 'name', 'value', 'unit', 'bid', 'ask', 'state']
  const rows = [csvRow([...head, 'event_time', 'event_time_ms', 'received', 'received_ms'])]
  for (const t of snapshot.tickers) {
    const cells = ['ticker', t.key, t.source, t.symbol, t.last, '', t.bid, t.ask, t.stale ? 'stale' : 'live']
    rows.push(`${cells.map(cell).join(',')},${timeCells(t.time)},${timeCells(t.receivedAt)}`)
  }
  for (const r of snapshot.readings) {
    const cells = ['sensor', r.key, r.source, r.label, r.value, r.unit, null, null, r.state]
    rows.push(`${cells.map(cell).join(',')},${timeCells(r.time)},${timeCells(r.receivedAt)}`)
  }
  return `${rows.join('\r\n')}\r\n`
}
