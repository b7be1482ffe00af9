/**
 * Pure geometry of the 270° radial gauge: the scale runs clockwise from 135° (bottom left) to
 * 405° (bottom right), angles in degrees with 0° pointing right and y growing downwards (SVG).
 */

export const GAUGE_START_DEG = 135
export const GAUGE_SWEEP_DEG = 270

export interface GaugeRange {
  min: number
  max: number
}

/** Where a value sits on the scale, 0..1 (clamped; NaN-safe: non-finite maps to 0). */
export function valueFraction(value: number, range: GaugeRange): number {
  const span = range.max - range.min
  if (!Number.isFinite(value) || !Number.isFinite(span) || span <= 0) return 0
  return Math.min(1, Math.max(0, (value - range.min) / span))
}

export function fractionToAngle(fraction: number): number {
  return GAUGE_START_DEG + GAUGE_SWEEP_DEG * Math.min(1, Math.max(0, fraction))
}

export function polarPoint(cx: number, cy: number, r: number, angleDeg: number): { x: number; y: number } {
  const rad = (angleDeg * Math.PI) / 180
  return { x: round(cx + r * Math.cos(rad)), y: round(cy + r * Math.sin(rad)) }
}

/** SVG path of a clockwise arc between two scale fractions; empty when the arc has no length. */
export function arcPath(cx: number, cy: number, r: number, fromFraction: number, toFraction: number): string {
  const from = Math.min(1, Math.max(0, fromFraction))
  const to = Math.min(1, Math.max(0, toFraction))
  if (!(to > from)) return ''
  const a0 = fractionToAngle(from)
  const a1 = fractionToAngle(to)
  const p0 = polarPoint(cx, cy, r, a0)
  const p1 = polarPoint(cx, cy, r, a1)
  const largeArc = a1 - a0 > 180 ? 1 : 0
  return `M ${p0.x} ${p0.y} A ${r} ${r} 0 ${largeArc} 1 ${p1.x} ${p1.y}`
}

export interface ThresholdInfo {
  min: number | null
  max: number | null
  lowAlarm?: number | null
  lowWarn?: number | null
  /** High warn limit. */
  warn: number | null
  /** High alarm limit. */
  alarm: number | null
}

/**
 * The scale to draw. Configured min/max win. A missing end is derived from what was observed and
 * the thresholds: one-signed data keeps zero on the scale (a flow of 265 reads as "most of 300",
 * not "the middle of 265..271"), the free end gets ~10% headroom and is rounded to a nice step, so
 * the scale does not wobble with every value.
 */
export function deriveRange(
  info: ThresholdInfo,
  observedMin: number | null,
  observedMax: number | null
): GaugeRange {
  const configuredMin = finiteOrNull(info.min)
  const configuredMax = finiteOrNull(info.max)
  if (configuredMin !== null && configuredMax !== null && configuredMax > configuredMin) {
    return { min: configuredMin, max: configuredMax }
  }
  const seen = [observedMin, observedMax, info.lowAlarm, info.lowWarn, info.warn, info.alarm].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v)
  )
  if (configuredMin !== null) seen.push(configuredMin)
  if (configuredMax !== null) seen.push(configuredMax)
  if (seen.length === 0) return { min: 0, max: 100 }
  let lo = Math.min(...seen)
  let hi = Math.max(...seen)
  if (configuredMin === null && lo > 0) lo = 0
  if (configuredMax === null && hi < 0) hi = 0
  if (!(hi > lo)) {
    // Everything seen is one value (typically 0): any visible span will do.
    if (configuredMax === null) hi = lo + 1
    else lo = hi - 1
  }
  const step = niceStep((hi - lo) / 5)
  const headroom = (hi - lo) * 0.1
  const min = configuredMin ?? (lo === 0 ? 0 : Math.floor((lo - headroom) / step) * step)
  const max = configuredMax ?? (hi === 0 ? 0 : Math.ceil((hi + headroom) / step) * step)
  return { min: tidy(min), max: tidy(max > min ? max : min + step) }
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(raw))
  const unit = raw / power
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10
  return nice * power
}

export interface GaugeBand {
  kind: 'warn' | 'alarm'
  /** Which end of the scale the band guards. */
  side: 'low' | 'high'
  from: number
  to: number
}

/**
 * Coloured limit bands as scale fractions (0 = scale minimum). Low limits run down to the bottom
 * of the scale (alarm below, warn between it and lowWarn); high ones up to the top (warn from
 * `warn` to `alarm`, alarm beyond). Empty bands (outside the scale) are left out.
 */
export function thresholdBands(info: ThresholdInfo, range: GaugeRange): GaugeBand[] {
  const lowAlarm = finiteOrNull(info.lowAlarm)
  const lowWarn = finiteOrNull(info.lowWarn)
  const warn = finiteOrNull(info.warn)
  const alarm = finiteOrNull(info.alarm)
  const f = (v: number): number => valueFraction(v, range)
  const bands: GaugeBand[] = []
  if (lowAlarm !== null) bands.push({ kind: 'alarm', side: 'low', from: 0, to: f(lowAlarm) })
  if (lowWarn !== null)
    bands.push({ kind: 'warn', side: 'low', from: lowAlarm !== null ? f(lowAlarm) : 0, to: f(lowWarn) })
  if (warn !== null)
    bands.push({ kind: 'warn', side: 'high', from: f(warn), to: alarm !== null ? f(alarm) : 1 })
  if (alarm !== null) bands.push({ kind: 'alarm', side: 'high', from: f(alarm), to: 1 })
  return bands.filter((b) => b.to > b.from)
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000
}

/** Strips float noise (0.30000000000000004) without losing small magnitudes. */
function tidy(v: number): number {
  return Number(v.toPrecision(12))
}

/** Whether two band lists draw the same. */
export function sameBands(a: readonly GaugeBand[], b: readonly GaugeBand[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) => x.kind === b[i].kind && x.side === b[i].side && x.from === b[i].from && x.to === b[i].to
    )
  )
}
