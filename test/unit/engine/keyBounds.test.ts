import { describe, expect, it } from 'vitest'
import { sensorIdProblem, symbolProblem } from '../../../src/main/engine/sourceChannel'

describe('key bounds', () => {
  it('symbols: 1-64 characters, no control, bidi or invisible characters', () => {
    expect(symbolProblem('BTC/USD')).toBeNull()
    expect(symbolProblem('BRK B')).toBeNull()
    expect(symbolProblem('x'.repeat(64))).toBeNull()
    expect(symbolProblem('x'.repeat(65))).toBe('symbol longer than 64 characters (65)')
    expect(symbolProblem('')).toBe('symbol is empty')
    for (const bad of ['AB\u202eCD', 'A\u0000B', 'A\nB', 'A\u200bB', 'A\u2066B', '\ufeffA'])
      expect(symbolProblem(bad), JSON.stringify(bad)).toBe(
        'symbol has control, bidirectional or invisible characters'
      )
  })

  it('sensor ids: topic ≤ 512, discovered key path ≤ 256', () => {
    expect(sensorIdProblem('plant/boiler')).toBeNull()
    expect(sensorIdProblem(`${'t'.repeat(512)}#${'k'.repeat(256)}`)).toBeNull()
    expect(sensorIdProblem('t'.repeat(513))).toBe('topic longer than 512 characters (513)')
    expect(sensorIdProblem(`plant/x#${'k'.repeat(257)}`)).toBe('key path longer than 256 characters (257)')
    expect(sensorIdProblem('plant/x#a\u202eb')).toBe('has control, bidirectional or invisible characters')
  })
})
