import type uPlot from 'uplot'
import { DASH } from '../format/dash'
import { joinTables, type Table } from './alignedData'
import type { ChartTrace } from './chartTrace'
import type { LimitBands } from './chartPlugins'
import { canvasPalette, withAlpha } from '../theme/canvasPalette'

/** Colours of compared series, told apart on the theme's panel (the first is the accent). */
const DARK_SERIES = ['#f2c94c', '#bb86fc', '#56ccf2', '#f78fb3', '#9be564', '#ff9f43', '#e0e0e0']
const LIGHT_SERIES = ['#a66f00', '#7b3fd1', '#0a7fa8', '#c2366f', '#3f8f1f', '#c85d00', '#4b5563']

export function seriesColors(): string[] {
  const p = canvasPalette()
  const light = globalThis.document?.documentElement.dataset.theme === 'light'
  return [p.accent, ...(light ? LIGHT_SERIES : DARK_SERIES)]
}

/** Which uPlot instance fits: rebuilt when this changes, fed new data otherwise. */
export function chartSignature(traces: readonly ChartTrace[]): string {
  return traces.map((t) => `${t.key}|${t.kind}|${t.resolution}|${t.unit}`).join('\n')
}

/** The scale a trace is drawn on: sensors share one per unit; each ticker has its own. */
export function scaleOf(trace: ChartTrace): string {
  return trace.kind === 'ticker' ? `ticker:${trace.key}` : `unit:${trace.unit}`
}

export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH
  const abs = Math.abs(v)
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6
  return v.toLocaleString('en-US', { maximumFractionDigits: digits })
}

export function formatTime(t: number | null | undefined, withDate: boolean): string {
  if (t === null || t === undefined || !Number.isFinite(t)) return DASH
  const d = new Date(t)
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}` : time
}

/** The columns uPlot draws, in the order of `seriesOf`. */
export function chartData(traces: readonly ChartTrace[]): uPlot.AlignedData {
  // One key: its own columns as they are, no copy (this runs every frame the chart moves); its
  // bid/ask band is drawn by a plugin from the trace, on its own timeline.
  if (traces.length === 1) {
    const [tr] = traces
    return (tr.resolution === 'raw' ? [tr.t, tr.v] : [tr.t, tr.v, tr.lo, tr.hi]) as uPlot.AlignedData
  }
  const tables: Table[] = traces.map((tr) => [tr.t, tr.v])
  return joinTables(tables) as uPlot.AlignedData
}

/** Series, scales, axes and bands for one trace in detail, or several to compare. */
export function seriesOf(
  traces: readonly ChartTrace[],
  label: (key: string) => string,
  withDate: boolean,
  limits: () => LimitBands | null = () => null
): Pick<uPlot.Options, 'series' | 'scales' | 'axes' | 'bands'> {
  const x: uPlot.Series = { label: 'Time', value: (_u, t) => formatTime(t, withDate) }
  const palette = canvasPalette()
  const colors = seriesColors()
  const axisStyle = {
    stroke: palette.text2,
    grid: { stroke: palette.line, width: 1 },
    ticks: { stroke: palette.lineStrong, width: 1 }
  }
  const scales: uPlot.Scales = { x: { time: true } }
  const axes: uPlot.Axis[] = [{ ...axisStyle }]
  const value = (_u: uPlot, v: number | null): string => formatValue(v)
  const series: uPlot.Series[] = [x]
  const bands: uPlot.Band[] = []
  const seenScales: string[] = []
  const addScale = (scale: string, unitLabel: string): void => {
    if (seenScales.includes(scale)) return
    seenScales.push(scale)
    scales[scale] = { auto: true }
    axes.push({
      ...axisStyle,
      scale,
      side: seenScales.length % 2 === 1 ? 3 : 1,
      label: unitLabel || undefined,
      size: 64,
      values: (_u, splits) => splits.map((v) => formatValue(v))
    })
  }
  if (traces.length === 1) {
    const [tr] = traces
    const scale = scaleOf(tr)
    addScale(scale, tr.unit)
    // The nearest limits stay in view, so the value is seen against them.
    if (tr.kind === 'sensor') scales[scale] = { range: (_u, min, max) => withLimits(min, max, limits()) }
    const candles = tr.kind === 'ticker' && tr.resolution === '1m'
    series.push({
      label: label(tr.key) + (tr.unit ? ` (${tr.unit})` : ''),
      scale,
      value,
      stroke: candles ? 'transparent' : colors[0],
      width: candles ? 0 : 1.5,
      spanGaps: true,
      points: { show: false }
    })
    if (tr.resolution !== 'raw') {
      // Each bucket's lowest and highest value: the shaded band a spike cannot hide in.
      for (const edge of ['min', 'max'])
        series.push({
          label: edge,
          scale,
          value,
          stroke: withAlpha(palette.accent, 0.35),
          width: 1,
          spanGaps: true,
          points: { show: false }
        })
      if (!candles) bands.push({ series: [3, 2], fill: withAlpha(palette.accent, 0.1) })
    }
  } else {
    traces.forEach((tr, i) => {
      const scale = scaleOf(tr)
      addScale(scale, tr.kind === 'ticker' ? label(tr.key) : tr.unit)
      series.push({
        label: label(tr.key) + (tr.unit ? ` (${tr.unit})` : ''),
        scale,
        value,
        stroke: colors[i % colors.length],
        width: 1.5,
        spanGaps: true,
        points: { show: false }
      })
    })
  }
  return { series, scales, axes, bands }
}

/** A y range over the data widened to the warn limits (or the alarm limits without warn ones). */
export function withLimits(
  min: number | null,
  max: number | null,
  limits: LimitBands | null
): uPlot.Range.MinMax {
  let lo = min ?? null
  let hi = max ?? null
  const high = limits?.warn ?? limits?.alarm ?? null
  const low = limits?.lowWarn ?? limits?.lowAlarm ?? null
  for (const v of [high, low]) {
    if (v === null) continue
    lo = lo === null ? v : Math.min(lo, v)
    hi = hi === null ? v : Math.max(hi, v)
  }
  if (lo === null || hi === null) return [0, 1]
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.01 || 1
  return [lo - pad, hi + pad]
}
