/**
 * How many decimals a ticker row shows. Derived from the prices themselves (their own decimals,
 * and at least what their magnitude needs), and only ever widened for a row, so the digits of a
 * row do not jump back and forth between ticks.
 */

const MAX_DECIMALS = 8

/** Decimals the number was written with, e.g. 101.25 → 2, 0.00012 → 5, 1e-7 → 7 (capped at 8). */
export function ownDecimals(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0
  // Shortest round-trip representation; 12 significant digits hides float noise like 0.1+0.2.
  const text = Number(value.toPrecision(12)).toString()
  const exp = /e-(\d+)$/.exec(text)
  if (exp) {
    const mantissa = text.slice(0, exp.index)
    const dot = mantissa.indexOf('.')
    const mantissaDecimals = dot < 0 ? 0 : mantissa.length - dot - 1
    return Math.min(MAX_DECIMALS, Number(exp[1]) + mantissaDecimals)
  }
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : Math.min(MAX_DECIMALS, text.length - dot - 1)
}

/** The least a price of this magnitude deserves: ≥1000 → 2, ≥1 → 2, ≥0.01 → 4, smaller → 6+. */
export function magnitudeDecimals(value: number): number {
  const abs = Math.abs(value)
  if (!Number.isFinite(abs) || abs === 0 || abs >= 1) return 2
  if (abs >= 0.01) return 4
  return Math.min(MAX_DECIMALS, Math.ceil(-Math.log10(abs)) + 3)
}

/**
 * The decimals to show for a row after seeing `value`: never fewer than before (stable digits),
 * at least what the magnitude needs, and enough for the value's own decimals (capped).
 */
export function nextRowDecimals(current: number, value: number | null | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return current
  const magnitude = magnitudeDecimals(value)
  // Own decimals count, but only a little beyond the magnitude: computed bids (mid ± x) are noise.
  const wanted = Math.max(magnitude, Math.min(ownDecimals(value), Math.max(4, magnitude + 2)))
  return Math.max(current, wanted)
}
