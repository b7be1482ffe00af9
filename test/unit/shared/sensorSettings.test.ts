import { describe, expect, it } from 'vitest'
import { limitProblem } from '@shared/sensorSettings'

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
