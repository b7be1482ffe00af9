import type { SensorValue } from '@shared/model'
import { showInvisibleInText } from '@shared/visibleText'
import { DASH } from './dash'
import { formatMeasurement } from './number'

/** Longest text state shown on a gauge face; the full text stays in the tooltip. */
export const MAX_TEXT_STATE = 40

/**
 * A sensor value for the screen: numbers with the sensor's `decimals` (else by magnitude),
 * on/off as "ON"/"OFF", text states trimmed and shortened. Never "NaN", never "undefined".
 */
export function formatSensorValue(value: SensorValue | null | undefined, decimals?: number | null): string {
  if (typeof value === 'boolean') return value ? 'ON' : 'OFF'
  if (typeof value === 'string') return formatTextState(value)
  if (typeof value !== 'number') return DASH
  return formatMeasurement(value, decimals ?? undefined)
}

export function formatTextState(text: string): string {
  // Line breaks and tabs become spaces; anything else invisible or bidi is written out (<U+202E>),
  // so text can never reorder or hide itself on a gauge face (the engine refuses it anyway).
  // eslint-disable-next-line no-control-regex
  const clean = showInvisibleInText(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
  if (clean === '') return '(empty)'
  return clean.length > MAX_TEXT_STATE ? `${clean.slice(0, MAX_TEXT_STATE - 1)}…` : clean
}

/** Decimals for a gauge whose sensor sets none: from the span of its scale, so digits do not jump. */
export function decimalsForSpan(span: number): number {
  if (!Number.isFinite(span) || span <= 0) return 2
  return span >= 1000 ? 0 : span >= 20 ? 1 : span >= 1 ? 2 : 3
}
