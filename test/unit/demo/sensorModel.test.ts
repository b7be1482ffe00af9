import { describe, expect, it } from 'vitest'
import { PLANT_SENSORS, type SensorSpec } from '../../../src/main/demo/sensorCatalog'
import { SensorModel } from '../../../src/main/demo/sensorModel'
import { createRandom } from '../../../src/main/demo/prng'

type Level = 'normal' | 'warn' | 'alarm'
const level = (spec: SensorSpec, v: number): Level =>
  v >= spec.alarm ? 'alarm' : v >= spec.warn ? 'warn' : 'normal'

/** Samples a model at its own rate for `durationMs` of simulated time. */
function run(spec: SensorSpec, seed: number, durationMs: number): { t: number; v: number | null }[] {
  const model = new SensorModel(spec, createRandom(seed), 0)
  const out: { t: number; v: number | null }[] = []
  for (let t = 0; t <= durationMs; t += model.nextDelayMs()) out.push({ t, v: model.sample(t) })
  return out
}

describe('plant sensor catalog', () => {
  it('has at least 24 sensors with unique ids and plant/<area>/<asset>/<measure> topics', () => {
    expect(PLANT_SENSORS.length).toBeGreaterThanOrEqual(24)
    expect(new Set(PLANT_SENSORS.map((s) => s.id)).size).toBe(PLANT_SENSORS.length)
    for (const s of PLANT_SENSORS) {
      expect(s.topic).toMatch(/^plant\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/)
      expect(s.min).toBeLessThan(s.nominal)
      expect(s.nominal).toBeLessThan(s.warn)
      expect(s.warn).toBeLessThan(s.alarm)
      expect(s.alarm).toBeLessThan(s.max)
      expect(s.rateHz).toBeGreaterThanOrEqual(1)
      expect(s.rateHz).toBeLessThanOrEqual(5)
    }
    for (const unit of ['°C', 'bar', 'm³/h', '%', 'mm/s', 'kW'])
      expect(PLANT_SENSORS.map((s) => s.unit)).toContain(unit)
    expect(PLANT_SENSORS.filter((s) => s.dropoutsPerMin).length).toBeGreaterThanOrEqual(1)
  })
})

describe('SensorModel', () => {
  const boiler = PLANT_SENSORS.find((s) => s.id === 'b1-temp')!

  it('stays within range, finite, smooth, and normal without excursions', () => {
    const calm = { ...boiler, excursionsPerMin: 0 }
    const samples = run(calm, 11, 30 * 60_000)
    let previous: number | null = null
    for (const { v } of samples) {
      expect(v).not.toBeNull()
      expect(Number.isFinite(v)).toBe(true)
      expect(level(calm, v!)).toBe('normal')
      expect(v!).toBeGreaterThanOrEqual(calm.min)
      if (previous !== null) expect(Math.abs(v! - previous)).toBeLessThan(2)
      previous = v
    }
    const values = samples.map((s) => s.v!)
    // It drifts: not a flat line.
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(1)
  })

  it('makes excursions that cross warn and alarm and come back to normal', () => {
    const samples = run({ ...boiler, excursionsPerMin: 1 }, 21, 20 * 60_000)
    const levels = samples.map((s) => level(boiler, s.v!))
    expect(levels).toContain('warn')
    expect(levels).toContain('alarm')
    expect(levels.slice(levels.indexOf('alarm'))).toContain('normal')
    for (const s of samples) expect(s.v!).toBeLessThanOrEqual(boiler.max)
  })

  it('drops out for longer than staleAfterMs and then resumes', () => {
    const flaky = { ...PLANT_SENSORS.find((s) => s.dropoutsPerMin)!, dropoutsPerMin: 1 }
    const samples = run(flaky, 31, 20 * 60_000)
    let longestGap = 0
    let lastPublished = 0
    for (const { t, v } of samples) {
      if (v === null) continue
      longestGap = Math.max(longestGap, t - lastPublished)
      lastPublished = t
    }
    expect(longestGap).toBeGreaterThan(flaky.staleAfterMs)
    expect(samples.at(-1)!.t - lastPublished).toBeLessThan(flaky.staleAfterMs * 3)
  })

  it('a sensor without dropouts never goes silent', () => {
    expect(run(boiler, 41, 10 * 60_000).every((s) => s.v !== null)).toBe(true)
  })
})
