import { describe, expect, it } from 'vitest'
import {
  sameBands,
  arcPath,
  deriveRange,
  fractionToAngle,
  niceStep,
  polarPoint,
  thresholdBands,
  valueFraction
} from '@renderer/gauges/gaugeGeometry'

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

  it('builds limit bands for high limits', () => {
    const range = { min: 0, max: 100 }
    expect(thresholdBands({ ...none, warn: 80, alarm: 95 }, range)).toEqual([
      { kind: 'warn', side: 'high', from: 0.8, to: 0.95 },
      { kind: 'alarm', side: 'high', from: 0.95, to: 1 }
    ])
    expect(thresholdBands({ ...none, alarm: 50 }, range)).toEqual([
      { kind: 'alarm', side: 'high', from: 0.5, to: 1 }
    ])
    expect(thresholdBands({ ...none, warn: 50 }, range)).toEqual([
      { kind: 'warn', side: 'high', from: 0.5, to: 1 }
    ])
    expect(thresholdBands(none, range)).toEqual([])
  })

  it('builds limit bands for low limits, alone and together with high ones', () => {
    const range = { min: 0, max: 100 }
    expect(thresholdBands({ ...none, lowAlarm: 10, lowWarn: 20 }, range)).toEqual([
      { kind: 'alarm', side: 'low', from: 0, to: 0.1 },
      { kind: 'warn', side: 'low', from: 0.1, to: 0.2 }
    ])
    expect(thresholdBands({ ...none, lowWarn: 25 }, range)).toEqual([
      { kind: 'warn', side: 'low', from: 0, to: 0.25 }
    ])
    expect(
      thresholdBands({ ...none, lowAlarm: 5, lowWarn: 15, warn: 85, alarm: 90 }, range).map(
        (b) => `${b.side}-${b.kind}`
      )
    ).toEqual(['low-alarm', 'low-warn', 'high-warn', 'high-alarm'])
  })

  it('leaves out bands beyond the scale and keeps low limits on a derived scale', () => {
    const range = { min: 0, max: 100 }
    expect(thresholdBands({ ...none, lowAlarm: -10, warn: 150 }, range)).toEqual([])
    const r = deriveRange({ ...none, lowAlarm: -20 }, 5, 10)
    expect(r.min).toBeLessThanOrEqual(-20)
  })
})

describe('sameBands', () => {
  const info = { min: 0, max: 100, lowAlarm: 5, lowWarn: 10, warn: 80, alarm: 95 }
  it('tells equal band lists apart from changed ones (a dial re-renders only on a change)', () => {
    const range = { min: 0, max: 100 }
    expect(sameBands(thresholdBands(info, range), thresholdBands({ ...info }, { ...range }))).toBe(true)
    expect(sameBands(thresholdBands(info, range), thresholdBands({ ...info, warn: 81 }, range))).toBe(false)
    expect(sameBands(thresholdBands(info, range), thresholdBands({ ...info, lowAlarm: null }, range))).toBe(
      false
    )
    expect(sameBands(thresholdBands(info, range), thresholdBands(info, { min: 0, max: 200 }))).toBe(false)
  })
})
