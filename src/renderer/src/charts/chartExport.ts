import type { HistorySeries } from '@shared/history'
import { csvRow, isoTime, seriesCsv } from '@shared/csvExport'
import type { ChartTrace } from './chartTrace'

/** What a trace shows, as the engine's series shape (what `/api/history` would answer). */
export function traceSeries(trace: ChartTrace, from: number, to: number): HistorySeries {
  const series: HistorySeries = {
    key: trace.key,
    kind: trace.kind,
    resolution: trace.resolution,
    unit: trace.unit,
    from,
    to
  }
  const inRange = (t: number): boolean => t + trace.width > from && t <= to
  if (trace.resolution === 'raw') {
    series.points = []
    trace.t.forEach((t, i) => inRange(t) && series.points?.push([t, trace.v[i]]))
  } else {
    series.buckets = []
    // Live folding keeps no count per bucket: the engine's count, or 0 for a bucket begun live.
    trace.t.forEach(
      (t, i) =>
        inRange(t) && series.buckets?.push([t, trace.first[i], trace.lo[i], trace.hi[i], trace.v[i], 0])
    )
  }
  return series
}

/** CSV of the chart: one key as `/api/history` writes it, several in long form (key, unit per row). */
export function chartCsv(
  traces: readonly ChartTrace[],
  from: number,
  to: number,
  label: (key: string) => string
): string {
  if (traces.length === 1) return seriesCsv(traceSeries(traces[0], from, to), label(traces[0].key))
  const rows = [csvRow(['time', 'epoch_ms', 'key', 'label', 'unit', 'value'])]
  for (const trace of traces) {
    const cells = csvRow([trace.key, label(trace.key), trace.unit])
    for (const [t, v] of pointsOf(traceSeries(trace, from, to))) rows.push(`${isoTime(t)},${t},${cells},${v}`)
  }
  return `${rows.join('\r\n')}\r\n`
}

export function chartJson(traces: readonly ChartTrace[], from: number, to: number): string {
  return JSON.stringify(
    traces.map((trace) => traceSeries(trace, from, to)),
    null,
    2
  )
}

function pointsOf(series: HistorySeries): [number, number][] {
  return series.points ?? (series.buckets ?? []).map(([t, , , , last]) => [t, last])
}
