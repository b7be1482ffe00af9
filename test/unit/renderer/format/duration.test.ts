import { describe, expect, it } from 'vitest'
import { formatAge, formatLatencyMs, formatUptime, formatWindow } from '@renderer/format/duration'
import { DASH } from '@renderer/format/dash'

describe('duration formatters', () => {
  it('show a dash for null and non-finite values', () => {
    for (const v of [null, undefined, NaN, Infinity, -Infinity]) {
      expect(formatLatencyMs(v)).toBe(DASH)
      expect(formatAge(v)).toBe(DASH)
      expect(formatWindow(v)).toBe(DASH)
      expect(formatUptime(v)).toBe(DASH)
    }
  })

  it('formats latency with sensible precision', () => {
    expect(formatLatencyMs(0.042)).toBe('0.042 ms')
    expect(formatLatencyMs(0.42)).toBe('0.42 ms')
    expect(formatLatencyMs(0)).toBe('0.00 ms')
    expect(formatLatencyMs(12.34)).toBe('12.3 ms')
    expect(formatLatencyMs(245.4)).toBe('245 ms')
    expect(formatLatencyMs(1250)).toBe('1.25 s')
    expect(formatLatencyMs(12_500)).toBe('12.5 s')
    expect(formatLatencyMs(90_000)).toBe('1.5 min')
  })

  it('formats ages like 0.3s, 12s, 3m', () => {
    expect(formatAge(300)).toBe('0.3s')
    expect(formatAge(349)).toBe('0.3s')
    expect(formatAge(9_990)).toBe('9.9s')
    expect(formatAge(12_400)).toBe('12s')
    expect(formatAge(3 * 60_000 + 5000)).toBe('3m')
    expect(formatAge(2 * 3_600_000)).toBe('2h')
    expect(formatAge(3 * 86_400_000)).toBe('3d')
    // Clock skew must not show a negative age.
    expect(formatAge(-50)).toBe('0.0s')
  })

  it('formats windows and uptime', () => {
    expect(formatWindow(60_000)).toBe('last 60 s')
    expect(formatWindow(300_000)).toBe('last 5 min')
    expect(formatWindow(0)).toBe(DASH)
    expect(formatUptime(42_000)).toBe('42s')
    expect(formatUptime(12 * 60_000 + 5000)).toBe('12m 05s')
    expect(formatUptime(3 * 3_600_000 + 7 * 60_000)).toBe('3h 07m')
  })
})
