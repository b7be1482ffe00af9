import { describe, expect, it } from 'vitest'
import { magnitudeDecimals, nextRowDecimals, ownDecimals } from '@renderer/format/priceDecimals'

describe('price decimals', () => {
  it('reads the decimals a value was written with', () => {
    expect(ownDecimals(101)).toBe(0)
    expect(ownDecimals(101.25)).toBe(2)
    expect(ownDecimals(0.00012)).toBe(5)
    expect(ownDecimals(1e-7)).toBe(7)
    expect(ownDecimals(1.5e-7)).toBe(8)
    expect(ownDecimals(0.1 + 0.2)).toBe(1)
    expect(ownDecimals(NaN)).toBe(0)
  })

  it('derives a minimum from the magnitude', () => {
    expect(magnitudeDecimals(64000)).toBe(2)
    expect(magnitudeDecimals(1.08)).toBe(2)
    expect(magnitudeDecimals(0.1234)).toBe(4)
    expect(magnitudeDecimals(0.00001234)).toBe(8)
  })

  it('only widens a row, so digits do not jump between ticks', () => {
    let d = 2
    d = nextRowDecimals(d, 101.25)
    expect(d).toBe(2)
    d = nextRowDecimals(d, 101.255)
    expect(d).toBe(3)
    d = nextRowDecimals(d, 101.3)
    expect(d).toBe(3)
    expect(nextRowDecimals(d, null)).toBe(3)
    expect(nextRowDecimals(d, NaN)).toBe(3)
  })

  it('caps noisy computed values instead of showing 15 digits', () => {
    expect(nextRowDecimals(2, 249.21 * 0.9998)).toBe(4)
    expect(nextRowDecimals(2, 0.12345 * 1.0002)).toBe(6)
  })
})
