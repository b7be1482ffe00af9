import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LABEL_LENGTH, MAX_SENSOR_MAGNITUDE, MIN_STALE_AFTER_MS } from '@shared/limits'
import {
  limitProblem,
  sensorSettingsEditSchema,
  sensorSettingsOverrideSchema,
  sensorSettingsShape,
  type SensorLimits
} from '@shared/sensorSettings'
import { hasInvisible } from '@shared/visibleText'
import { finiteDouble, hostileValue } from '../support/hostile'

/**
 * The sensor edit and saved-override schemas and `limitProblem`: for any edit they never throw,
 * an accepted edit holds only finite numbers inside the documented bounds, and `limitProblem`
 * never throws and, when it finds nothing, the limits really are ordered and can clear.
 */

const FIELDS = Object.keys(sensorSettingsShape)
const LIMIT_FIELDS = ['min', 'max', 'lowAlarm', 'lowWarn', 'warn', 'alarm', 'deadband'] as const

/** Numbers a limit might be given: ordinary, huge, tiny, non-finite, negative zero. */
const anyNumber = fc.oneof(
  finiteDouble,
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    1e12,
    -1e12,
    1e12 + 1,
    5e-324
  )
)

/** An edit as a view might send it: each field a good value, a hostile one, null or absent. */
const edit = fc.dictionary(
  fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: fc.string() }),
  fc.oneof(anyNumber, hostileValue, fc.constant(null), fc.string({ maxLength: 100 })),
  { maxKeys: 8 }
)

function expectAcceptedWithinBounds(settings: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(settings)) {
    expect(FIELDS).toContain(field)
    if (value === null || value === undefined) continue
    if (typeof value === 'number') {
      expect(Number.isFinite(value), `${field} = ${value}`).toBe(true)
      if ((LIMIT_FIELDS as readonly string[]).includes(field))
        expect(Math.abs(value), `${field} = ${value}`).toBeLessThanOrEqual(MAX_SENSOR_MAGNITUDE)
    }
    if (field === 'staleAfterMs') expect(value as number).toBeGreaterThanOrEqual(MIN_STALE_AFTER_MS)
    if (field === 'label') {
      expect((value as string).length).toBeLessThanOrEqual(MAX_LABEL_LENGTH)
      expect(hasInvisible(value as string), JSON.stringify(value)).toBe(false)
      expect((value as string).trim()).not.toBe('')
    }
  }
}

/** When `limitProblem` says nothing, what it promises holds. */
function expectConsistentLimits(s: SensorLimits): void {
  const has = (v: number | null | undefined): v is number => typeof v === 'number'
  if (has(s.min) && has(s.max)) expect(s.min).toBeLessThan(s.max)
  const levels = [s.lowAlarm, s.lowWarn, s.warn, s.alarm]
  const names = ['lowAlarm', 'lowWarn', 'warn', 'alarm']
  const present = levels.map((v, i) => [names[i], v] as const).filter((e): e is [string, number] => has(e[1]))
  for (let i = 1; i < present.length; i++) {
    const strict = present[i - 1][0] === 'lowWarn' && present[i][0] === 'warn'
    if (strict) expect(present[i - 1][1]).toBeLessThan(present[i][1])
    else expect(present[i - 1][1]).toBeLessThanOrEqual(present[i][1])
  }
  if (has(s.deadband) && s.deadband > 0) {
    const span = has(s.min) && has(s.max) ? s.max - s.min : present.at(-1)![1] - present[0][1]
    expect(s.deadband).toBeLessThan(span)
  }
}

describe('sensor settings schemas (property)', () => {
  it('never throw on any edit, and an accepted edit holds finite numbers within the bounds', () => {
    fc.assert(
      fc.property(fc.oneof(edit, fc.anything()), (raw) => {
        const result = sensorSettingsEditSchema.safeParse(raw)
        if (result.success) expectAcceptedWithinBounds(result.data as Record<string, unknown>)
        const saved = sensorSettingsOverrideSchema.safeParse(raw)
        if (saved.success) {
          expectAcceptedWithinBounds(saved.data as Record<string, unknown>)
          for (const v of Object.values(saved.data)) expect(v).not.toBeNull()
        }
      }),
      { numRuns: 500 }
    )
  })

  it('accepts valid edits unchanged after a JSON round trip', () => {
    const valid = fc.record(
      {
        label: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,78}[A-Za-z0-9]$/), { nil: null }),
        unit: fc.option(fc.constantFrom('', '°C', 'bar', 'm³/h'), { nil: null }),
        decimals: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
        min: fc.option(fc.integer({ min: -1_000_000, max: 0 }), { nil: null }),
        max: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
        deadband: fc.option(fc.constantFrom(0, 0.5, 1), { nil: null }),
        staleAfterMs: fc.option(fc.integer({ min: MIN_STALE_AFTER_MS, max: 86_400_000 }), { nil: null }),
        gauge: fc.option(fc.constantFrom('radial', 'bar', 'number'), { nil: null }),
        group: fc.option(fc.constantFrom('Boilers', 'Line 3'), { nil: null })
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(valid, (e) => {
        const result = sensorSettingsEditSchema.safeParse(JSON.parse(JSON.stringify(e)))
        expect(result.success, JSON.stringify(result.error?.issues)).toBe(true)
        expect(result.data).toEqual(e)
      }),
      { numRuns: 300 }
    )
  })
})

describe('limitProblem (property)', () => {
  const limits = fc.record(
    Object.fromEntries(LIMIT_FIELDS.map((f) => [f, fc.option(anyNumber, { nil: null })])) as Record<
      (typeof LIMIT_FIELDS)[number],
      fc.Arbitrary<number | null>
    >,
    { requiredKeys: [] }
  )

  it('never throws, names a limit field, and when silent the limits are ordered and can clear', () => {
    fc.assert(
      fc.property(limits, (s) => {
        const problem = limitProblem(s)
        if (problem === null) {
          const finite = Object.values(s).every((v) => v === null || v === undefined || Number.isFinite(v))
          if (finite) expectConsistentLimits(s)
        } else {
          expect(LIMIT_FIELDS as readonly string[]).toContain(problem[0])
          expect(typeof problem[1]).toBe('string')
          expect(problem[1]).not.toMatch(/[\n\r]/)
        }
      }),
      { numRuns: 500 }
    )
  })

  it('finds no problem in generated ordered limits with a deadband inside the span', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 6, maxLength: 6 }),
        fc.subarray(['min', 'max', 'lowAlarm', 'lowWarn', 'warn', 'alarm']),
        (levels, keep) => {
          const [min, lowAlarm, lowWarn, warn, alarm, max] = [...levels].sort((a, b) => a - b)
          const all: Record<string, number> = { min, lowAlarm, lowWarn, warn, alarm, max }
          const s: SensorLimits = Object.fromEntries(keep.map((k) => [k, all[k]]))
          expect(limitProblem(s)).toBeNull()
          expect(limitProblem({ ...s, deadband: 0 })).toBeNull()
        }
      ),
      { numRuns: 300 }
    )
  })
})
