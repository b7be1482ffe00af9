import { describe, expect, it } from 'vitest'
import {
  decimalsForSpan,
  formatSensorValue,
  formatTextState,
  MAX_TEXT_STATE
} from '@renderer/format/sensorValue'

describe('formatSensorValue', () => {
  it('shows on/off, text and numbers with the sensor decimals', () => {
    expect(formatSensorValue(true)).toBe('ON')
    expect(formatSensorValue(false)).toBe('OFF')
    expect(formatSensorValue('RUNNING')).toBe('RUNNING')
    expect(formatSensorValue(71.456, 1)).toBe('71.5')
    expect(formatSensorValue(71.456, 0)).toBe('71')
    expect(formatSensorValue(71.456, null)).toBe('71.5')
  })

  it('never shows NaN, undefined or control characters', () => {
    for (const v of [NaN, Infinity, null, undefined]) expect(formatSensorValue(v)).toBe('—')
    expect(formatTextState('  a\u0000b\nc  ')).toBe('a b c')
    expect(formatTextState('   ')).toBe('(empty)')
    const long = formatTextState('x'.repeat(100))
    expect(long).toHaveLength(MAX_TEXT_STATE)
    expect(long.endsWith('…')).toBe(true)
  })

  it('chooses decimals from the scale span', () => {
    expect(decimalsForSpan(1500)).toBe(0)
    expect(decimalsForSpan(120)).toBe(1)
    expect(decimalsForSpan(10)).toBe(2)
    expect(decimalsForSpan(0.5)).toBe(3)
    expect(decimalsForSpan(NaN)).toBe(2)
  })
})

describe('bidi and invisible characters on screen (issue 7)', () => {
  it('are written out, never applied', () => {
    expect(formatTextState('AB\u202eCD')).toBe('AB<U+202E>CD')
    expect(formatTextState('RUN\u200bNING')).toBe('RUN<U+200B>NING')
  })
})
