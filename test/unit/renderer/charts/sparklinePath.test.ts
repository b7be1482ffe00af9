import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sparklinePath } from '@renderer/charts/sparklinePath'
import { RingBuffer } from '@renderer/tickers/ringBuffer'

const series = (values: number[], capacity = Math.max(1, values.length)): RingBuffer => {
  const ring = new RingBuffer(capacity)
  for (const v of values) ring.push(v)
  return ring
}
const numbers = (d: string): number[] => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number)

describe('sparkline path', () => {
  it('spans the box: oldest at the left, newest at the right, the range top to bottom', () => {
    const p = sparklinePath(series([10, 20, 15]), 100, 20)!
    expect(p.line).toBe('M2.0 18.0L50.0 2.0L98.0 10.0')
    expect(p.area).toBe('M2.0 18.0L50.0 2.0L98.0 10.0L98.0 20L2.0 20Z')
    expect(p.rising).toBe(true)
    expect(sparklinePath(series([3, 1]), 100, 20)!.rising).toBe(false)
  })

  it('draws a flat series across the middle, and nothing under two points or in no room', () => {
    expect(sparklinePath(series([5, 5, 5]), 50, 20)!.line).toBe('M2.0 10.0L25.0 10.0L48.0 10.0')
    expect(sparklinePath(series([5]), 50, 20)).toBeNull()
    expect(sparklinePath(series([]), 50, 20)).toBeNull()
    expect(sparklinePath(series([1, 2]), 4, 20)).toBeNull()
    expect(sparklinePath(series([1, 2]), Number.NaN, 20)).toBeNull()
  })

  it('follows the ring as it wraps', () => {
    const ring = series([1, 2, 3, 4, 5], 3) // holds 3, 4, 5
    expect(sparklinePath(ring, 100, 20)!.line).toBe('M2.0 18.0L50.0 10.0L98.0 2.0')
  })

  it('never yields a coordinate that is not finite or outside the box, whatever the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: false }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 200 }),
        (values, width, height) => {
          const p = sparklinePath(series(values, 120), width, height)
          if (p === null) return
          for (const d of [p.line, p.area]) {
            expect(d).not.toMatch(/NaN|Infinity/)
            for (const c of numbers(d)) {
              expect(c).toBeGreaterThanOrEqual(0)
              expect(c).toBeLessThanOrEqual(Math.max(width, height))
            }
          }
          // Bounded: one point per held value, each at most a dozen characters.
          expect(p.line.length).toBeLessThanOrEqual(120 * 16)
        }
      )
    )
  })
})
