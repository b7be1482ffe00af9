import { describe, expect, it } from 'vitest'
import { limitProblem, sensorSettingsEditSchema } from '@shared/sensorSettings'

describe('limitProblem', () => {
  it('accepts ordered limits and refuses disorder, naming the field', () => {
    expect(limitProblem({ min: 0, max: 120, lowAlarm: 5, lowWarn: 10, warn: 80, alarm: 95 })).toBeNull()
    expect(limitProblem({ min: 10, max: 5 })).toEqual(['max', 'min must be below max'])
    expect(limitProblem({ warn: 90, alarm: 80 })?.[0]).toBe('alarm')
    expect(limitProblem({ lowWarn: 50, warn: 50 })?.[0]).toBe('warn')
  })

  it('bounds the deadband by the scale, else by the spread of the limits', () => {
    expect(limitProblem({ min: 0, max: 120, warn: 80, deadband: 2 })).toBeNull()
    expect(limitProblem({ min: 0, max: 120, warn: 80, deadband: 120 })).toEqual([
      'deadband',
      'deadband must be smaller than 120 (the scale)'
    ])
    expect(limitProblem({ warn: 80, alarm: 95, deadband: 10 })).toBeNull()
    expect(limitProblem({ warn: 80, alarm: 95, deadband: 1e308 })?.[0]).toBe('deadband')
    expect(limitProblem({ warn: 80, deadband: 1 })?.[1]).toMatch(/needs min and max/)
    expect(limitProblem({ warn: 80, deadband: 0 })).toBeNull()
  })
})

describe('sensor settings bounds (issue 7: absurd values and spoofable labels refused)', () => {
  const edit = (settings: Record<string, unknown>) => sensorSettingsEditSchema.safeParse(settings)
  const problem = (settings: Record<string, unknown>): string | undefined => {
    const result = edit(settings)
    return result.success
      ? undefined
      : `${result.error.issues[0].path.join('.')}: ${result.error.issues[0].message}`
  }

  it('refuses limits beyond ±1e12 (the scale of -1.7e308..1.7e308 was infinite)', () => {
    expect(problem({ min: -1.7e308 })).toBe('min: must be at least -1000000000000')
    expect(problem({ max: 1.7e308 })).toBe('max: must be at most 1000000000000')
    expect(problem({ deadband: 1e308 })).toMatch(/^deadband:/)
    expect(problem({ warn: Number.POSITIVE_INFINITY })).toMatch(/^warn:/)
    expect(problem({ min: -1e12, max: 1e12, warn: 5e11, deadband: 1e9 })).toBeUndefined()
  })

  it('applies the operator-name text rule to labels and groups, and keeps units free of invisible characters', () => {
    for (const bad of ['Boiler\u202e1', 'Boiler\n1', 'Boiler\u00001', 'Boil\u200ber', '   '])
      expect(problem({ label: bad }), JSON.stringify(bad)).toMatch(/^label: must not/)
    expect(problem({ label: 'x'.repeat(81) })).toBe('label: must be at most 80 characters')
    expect(problem({ group: 'Hall\u2066A' })).toMatch(/^group: must not contain/)
    expect(problem({ unit: '°C\u202e' })).toMatch(/^unit: must not contain/)
    expect(problem({ label: 'Boiler 1 — Kessel', unit: '°C', group: 'Halle A' })).toBeUndefined()
    expect(problem({ unit: '' })).toBeUndefined()
  })

  it('refuses stale times under a second', () => {
    expect(problem({ staleAfterMs: 1 })).toBe('staleAfterMs: must be at least 1000 ms')
    expect(problem({ staleAfterMs: 999 })).toBe('staleAfterMs: must be at least 1000 ms')
    expect(problem({ staleAfterMs: 1000 })).toBeUndefined()
  })
})
