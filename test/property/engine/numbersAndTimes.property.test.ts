import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TIME_UNITS } from '@shared/config'
import { guessEpochMs, parseIsoMs, toEpochMs } from '../../../src/main/engine/eventTime'
import { toFiniteNumber, toValidNumber } from '../../../src/main/engine/numericValue'
import { finiteDouble, hostileNumber, hostileValue, NUMBER_LIKE_STRINGS } from '../support/hostile'

/**
 * The number and time readers every decoder shares: whatever a wire field holds, they give a
 * finite number (in range) or `undefined`, never NaN or Infinity; well-formed values read back.
 */

const anyField = fc.oneof(hostileNumber, hostileValue, fc.anything())

describe('numeric field readers (property)', () => {
  it('toValidNumber gives a finite number within ±2^53 or undefined, for any value', () => {
    fc.assert(
      fc.property(anyField, (raw) => {
        const v = toValidNumber(raw)
        if (v !== undefined) {
          expect(Number.isFinite(v)).toBe(true)
          expect(Math.abs(v)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER)
          expect(typeof raw === 'number' || typeof raw === 'string').toBe(true)
        }
        const f = toFiniteNumber(raw)
        if (f !== undefined) expect(Number.isFinite(f)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('refuses every number-like text that is not a plain decimal number', () => {
    for (const text of NUMBER_LIKE_STRINGS) {
      const v = toValidNumber(text)
      if (v !== undefined) expect(/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)).toBe(true)
    }
    expect(toValidNumber('NaN')).toBeUndefined()
    expect(toValidNumber('1e400')).toBeUndefined()
    expect(toValidNumber('0x10')).toBeUndefined()
    expect(toValidNumber(Infinity)).toBeUndefined()
  })

  it('reads a number and its decimal text back to the same value (round trip)', () => {
    fc.assert(
      fc.property(
        finiteDouble.filter((v) => Math.abs(v) <= Number.MAX_SAFE_INTEGER),
        (n) => {
          expect(toValidNumber(n)).toBe(n)
          expect(toValidNumber(String(n))).toBe(n)
          expect(toFiniteNumber(String(n))).toBe(n)
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('event time readers (property)', () => {
  it('toEpochMs and guessEpochMs give a finite time or undefined, for any value and unit', () => {
    fc.assert(
      fc.property(anyField, fc.constantFrom(...TIME_UNITS), (raw, unit) => {
        const t = toEpochMs(raw, unit)
        if (t !== undefined) {
          expect(Number.isFinite(t), `${unit}: ${t}`).toBe(true)
          // Numeric units land in the plausibility window (1970 to about year 5000).
          if (unit !== 'iso') expect(t > 0 && t < 1e14).toBe(true)
        }
        const g = guessEpochMs(raw)
        if (g !== undefined) expect(Number.isFinite(g)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('parseIsoMs reads any ISO-shaped text as a finite time or undefined', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`))
    const isoShaped = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        fc.stringMatching(/^\d{0,400}$/),
        fc.constantFrom('Z', '+00:00', '-23:59', '+99:99', '+0530', '-05', '')
      )
      .map(
        ([y, mo, d, h, mi, s, frac, zone]) =>
          `${y}-${mo}-${d}T${h}:${mi}:${s}${frac === '' ? '' : `.${frac}`}${zone}`
      )
    fc.assert(
      fc.property(fc.oneof(isoShaped, fc.string()), (text) => {
        const t = parseIsoMs(text)
        if (t !== undefined) expect(Number.isFinite(t), `${text} → ${t}`).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('reads an ISO time with sub-millisecond digits back to its epoch ms (round trip)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true
        }),
        fc.integer({ min: 0, max: 999 }),
        (date, micros) => {
          const iso = date.toISOString()
          expect(parseIsoMs(iso)).toBe(date.getTime())
          const withMicros = `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`
          expect(parseIsoMs(withMicros)).toBeCloseTo(date.getTime() + micros / 1000, 6)
        }
      ),
      { numRuns: 300 }
    )
  })
})
