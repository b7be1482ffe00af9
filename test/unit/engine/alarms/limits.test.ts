import { describe, expect, it } from 'vitest'
import {
  evaluateLimits,
  HIGH_ALARM,
  HIGH_WARN,
  LOW_ALARM,
  LOW_WARN,
  NO_LIMITS,
  sensorConditions
} from '../../../../src/main/engine/alarms/limits'
import { sensorState } from '../../../../src/main/engine/sensorTable'

const limits = { lowAlarm: 5, lowWarn: 10, warn: 80, alarm: 95, deadband: 2 }

/** Feeds values through the pure function, returning the flags after each. */
function run(values: number[], info = limits): number[] {
  let flags = NO_LIMITS
  return values.map((v) => (flags = evaluateLimits(flags, v, info)))
}

describe('limits with deadband', () => {
  it('enters a high limit at the limit and leaves only once back past limit - deadband', () => {
    expect(run([79.9, 80, 79, 78.5, 78, 77.9, 80])).toEqual([
      0,
      HIGH_WARN,
      HIGH_WARN,
      HIGH_WARN,
      HIGH_WARN,
      0,
      HIGH_WARN
    ])
  })

  it('does not flap while a value hovers at a limit', () => {
    const hovering = [80, 79.5, 80.2, 79.1, 80, 78.9, 80.1]
    const flags = run(hovering)
    expect(flags.every((f) => f === HIGH_WARN)).toBe(true)
    // Without a deadband the same values would flap on every sample.
    const noDeadband = run(hovering, { ...limits, deadband: 0 })
    expect(noDeadband).toEqual([HIGH_WARN, 0, HIGH_WARN, 0, HIGH_WARN, 0, HIGH_WARN])
  })

  it('keeps high-warn active under high-alarm, and each leaves at its own limit - deadband', () => {
    expect(run([96, 94, 92.9, 79, 77])).toEqual([
      HIGH_WARN | HIGH_ALARM,
      HIGH_WARN | HIGH_ALARM,
      HIGH_WARN,
      HIGH_WARN,
      0
    ])
  })

  it('mirrors the deadband for low limits', () => {
    expect(run([10, 11, 12.1, 5, 6.9, 7.1])).toEqual([
      LOW_WARN,
      LOW_WARN,
      0,
      LOW_WARN | LOW_ALARM,
      LOW_WARN | LOW_ALARM,
      LOW_WARN
    ])
  })

  it('ignores on/off and text values and absent limits', () => {
    expect(evaluateLimits(HIGH_WARN, true, limits)).toBe(NO_LIMITS)
    expect(evaluateLimits(HIGH_WARN, 'RUNNING', limits)).toBe(NO_LIMITS)
    expect(
      evaluateLimits(0, 1e6, { lowAlarm: null, lowWarn: null, warn: null, alarm: null, deadband: 0 })
    ).toBe(0)
  })

  it('names the crossed limits as alarm conditions with their thresholds, and stale', () => {
    expect(sensorConditions(HIGH_WARN | HIGH_ALARM, true, limits)).toEqual([
      { condition: 'high-warn', severity: 'warn', threshold: 80 },
      { condition: 'high-alarm', severity: 'alarm', threshold: 95 },
      { condition: 'stale', severity: 'stale', threshold: null }
    ])
    expect(sensorConditions(LOW_ALARM | LOW_WARN, false, limits).map((c) => c.condition)).toEqual([
      'low-warn',
      'low-alarm'
    ])
  })

  it('sensorState gives the worst crossed limit as the gauge state', () => {
    const info = {
      ...limits,
      label: 'x',
      unit: '',
      decimals: null,
      min: null,
      max: null,
      staleAfterMs: 1000,
      gauge: 'radial' as const,
      group: null,
      edited: false,
      discovered: false
    }
    expect(sensorState(NO_LIMITS, 50, info).state).toBe('normal')
    expect(sensorState(NO_LIMITS, 3, info)).toEqual({ flags: LOW_WARN | LOW_ALARM, state: 'alarm' })
    expect(sensorState(HIGH_WARN, 79, info).state).toBe('warn')
    expect(sensorState(NO_LIMITS, 'OFF', info).state).toBe('normal')
  })
})
