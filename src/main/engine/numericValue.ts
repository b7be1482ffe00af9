/** A string that is entirely a decimal number, as exchanges send prices ("123.45", "-1e-3"). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * A numeric field's value, or `undefined` when it is not a valid number: a finite JSON number or
 * an all-decimal string, with magnitude at most `Number.MAX_SAFE_INTEGER` (larger values such as
 * 1e300 are garbage for prices and readings, and lose integer precision).
 */
export function toValidNumber(raw: unknown): number | undefined {
  let value: number
  if (typeof raw === 'number') value = raw
  else if (typeof raw === 'string' && DECIMAL.test(raw)) value = Number(raw)
  else return undefined
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER) {
    return undefined
  }
  return value
}

/** Like `toValidNumber` but without the magnitude cap: nanosecond epochs exceed 2^53. */
export function toFiniteNumber(raw: unknown): number | undefined {
  let value: number
  if (typeof raw === 'number') value = raw
  else if (typeof raw === 'string' && DECIMAL.test(raw)) value = Number(raw)
  else return undefined
  return Number.isFinite(value) ? value : undefined
}
