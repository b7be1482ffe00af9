import { describe, expect, it } from 'vitest'
import {
  changeDirection,
  formatChangePct,
  formatCompact,
  formatCount,
  formatMeasurement,
  formatPrice,
  formatRate,
  formatScaleLabel,
  measurementDecimals
} from '@renderer/format/number'
import { DASH } from '@renderer/format/dash'

const BAD = [null, undefined, NaN, Infinity, -Infinity]
const FORBIDDEN = /NaN|undefined|null|Infinity/

describe('number formatters', () => {
  it('show a dash, never NaN/null/undefined/Infinity, for values they cannot show', () => {
    for (const v of BAD) {
      expect(formatPrice(v, 2)).toBe(DASH)
      expect(formatChangePct(v)).toBe(DASH)
      expect(formatCompact(v)).toBe(DASH)
      expect(formatCount(v)).toBe(DASH)
      expect(formatRate(v)).toBe(DASH)
      expect(formatMeasurement(v)).toBe(DASH)
      expect(formatScaleLabel(v)).toBe(DASH)
      expect(changeDirection(v)).toBe(0)
    }
  })

  it('never produce forbidden words over a spread of awkward inputs', () => {
    const inputs = [
      0,
      -0,
      1e-12,
      -1e-9,
      0.1 + 0.2,
      1e21,
      -1e21,
      123456.789,
      Number.MAX_VALUE,
      Number.MIN_VALUE
    ]
    for (const v of inputs) {
      for (const text of [
        formatPrice(v, 2),
        formatPrice(v, NaN),
        formatChangePct(v),
        formatCompact(v),
        formatCount(v),
        formatRate(v),
        formatMeasurement(v),
        formatMeasurement(v, NaN),
        formatScaleLabel(v)
      ]) {
        expect(text).not.toMatch(FORBIDDEN)
      }
    }
  })

  it('formats prices with the decimals the row chose', () => {
    expect(formatPrice(101.5, 2)).toBe('101.50')
    expect(formatPrice(64237.19, 2)).toBe('64,237.19')
    expect(formatPrice(0.12353, 5)).toBe('0.12353')
    expect(formatPrice(5, 0)).toBe('5')
  })

  it('signs and rounds change %', () => {
    expect(formatChangePct(1.234)).toBe('+1.23%')
    expect(formatChangePct(-0.4)).toBe('−0.40%')
    expect(formatChangePct(0.001)).toBe('0.00%')
    expect(changeDirection(0.001)).toBe(0)
    expect(changeDirection(-0.2)).toBe(-1)
    expect(changeDirection(3)).toBe(1)
  })

  it('compacts volumes', () => {
    expect(formatCompact(950)).toBe('950')
    expect(formatCompact(1234)).toBe('1.23K')
    expect(formatCompact(1_200_000)).toBe('1.2M')
    expect(formatCompact(34_500_000)).toBe('34.5M')
    expect(formatCompact(2_100_000_000)).toBe('2.1B')
    expect(formatCompact(-1500)).toBe('−1.5K')
    expect(formatCompact(0)).toBe('0')
  })

  it('formats counts and rates', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatRate(0)).toBe('0')
    expect(formatRate(8.46)).toBe('8.5')
    expect(formatRate(1240.4)).toBe('1,240')
    expect(formatRate(98_200)).toBe('98.2K')
  })

  it('gives measurements decimals by magnitude', () => {
    expect(measurementDecimals(1234)).toBe(0)
    expect(measurementDecimals(12.3)).toBe(1)
    expect(measurementDecimals(0)).toBe(2)
    expect(measurementDecimals(0.00123)).toBe(4)
    expect(formatMeasurement(72.456)).toBe('72.5')
    expect(formatMeasurement(12345.6)).toBe('12,346')
    expect(formatScaleLabel(120)).toBe('120')
    expect(formatScaleLabel(0.5)).toBe('0.50')
    expect(formatScaleLabel(20000)).toBe('20K')
  })
})

describe('formatMeasurement at the extremes', () => {
  it('keeps huge values to a gauge-sized compact form and tiny ones scientific', () => {
    expect(formatMeasurement(9_007_199_254_740_991)).toBe('9007T')
    expect(formatMeasurement(-25_000_000)).toBe('−25M')
    expect(formatMeasurement(1e-300)).toBe('1.00e-300')
    expect(formatMeasurement(0)).toBe('0.00')
    expect(formatMeasurement(0.0042)).toBe('0.0042')
  })
})
