import { describe, expect, it } from 'vitest'
import {
  arcPath,
  deriveRange,
  fractionToAngle,
  niceStep,
  polarPoint,
  thresholdBands,
  valueFraction
} from '@renderer/gauge/gauge-geometry'

const none = { min: null, max: null, warn: null, alarm: null }

describe('gauge geometry', () => {
  it('maps values onto a 270° scale, clamped and NaN-safe', () => {
    const range = { min: 0, max: 100 }
    expect(valueFraction(50, range)).toBe(0.5)
    expect(valueFraction(-5, range)).toBe(0)
    expect(valueFraction(500, range)).toBe(1)
    expect(valueFraction(NaN, range)).toBe(0)
    expect(valueFraction(5, { min: 1, max: 1 })).toBe(0)
    expect(fractionToAngle(0)).toBe(135)
    expect(fractionToAngle(1)).toBe(405)
  })

  it('draws arcs with the large-arc flag only beyond 180°', () => {
    expect(arcPath(100, 100, 50, 0.5, 0.5)).toBe('')
    const start = polarPoint(100, 100, 50, 135)
    expect(arcPath(100, 100, 50, 0, 0.5)).toBe(`M ${start.x} ${start.y} A 50 50 0 0 1 100 50`)
    expect(arcPath(100, 100, 50, 0, 1)).toContain(' 0 1 1 ')
    expect(arcPath(100, 100, 50, 0, 1)).not.toMatch(/NaN/)
  })

  it('uses configured min/max when both are set', () => {
    expect(deriveRange({ ...none, min: 0, max: 120 }, 500, 600)).toEqual({ min: 0, max: 120 })
  })

  it('derives a stable zero-based range for positive data without configuration', () => {
    expect(deriveRange(none, 265, 265)).toEqual({ min: 0, max: 300 })
    expect(deriveRange(none, 0.2, 0.8)).toEqual({ min: 0, max: 1 })
    expect(deriveRange(none, null, null)).toEqual({ min: 0, max: 100 })
    expect(deriveRange(none, 0, 0)).toEqual({ min: 0, max: 1.2 })
  })

  it('derives ranges for negative and mixed data, and includes thresholds', () => {
    expect(deriveRange(none, -40, -10)).toEqual({ min: -50, max: 0 })
    expect(deriveRange(none, -5, 20)).toEqual({ min: -10, max: 25 })
    const r = deriveRange({ ...none, min: 0, warn: 7, alarm: 11 }, 2, 3)
    expect(r.min).toBe(0)
    expect(r.max).toBeGreaterThanOrEqual(11)
  })

  it('picks nice steps', () => {
    expect(niceStep(0.7)).toBe(1)
    expect(niceStep(13)).toBe(20)
    expect(niceStep(3)).toBe(5)
    expect(niceStep(0)).toBe(1)
  })

  it('builds threshold bands for high and low alarms', () => {
    const range = { min: 0, max: 100 }
    expect(thresholdBands({ ...none, warn: 80, alarm: 95 }, range)).toEqual([
      { kind: 'warn', from: 0.8, to: 0.95 },
      { kind: 'alarm', from: 0.95, to: 1 }
    ])
    expect(thresholdBands({ ...none, warn: 20, alarm: 10 }, range)).toEqual([
      { kind: 'alarm', from: 0, to: 0.1 },
      { kind: 'warn', from: 0.1, to: 0.2 }
    ])
    expect(thresholdBands({ ...none, alarm: 50 }, range)).toEqual([{ kind: 'alarm', from: 0.5, to: 1 }])
    expect(thresholdBands(none, range)).toEqual([])
  })
})
