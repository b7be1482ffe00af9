import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DAILY_MS,
  FIRST_CHECK_DELAY_MS,
  scheduleUpdateChecks
} from '../../../../src/main/update/updateSchedule'

const WEEK_MS = 7 * DAILY_MS

describe('scheduleUpdateChecks', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('never: sets no timer and never checks', async () => {
    const check = vi.fn()
    const schedule = scheduleUpdateChecks('never', { check, onError: vi.fn() })
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(WEEK_MS)
    expect(check).not.toHaveBeenCalled()
    schedule.dispose()
  })

  it('on-start: checks exactly once, shortly after start', async () => {
    const check = vi.fn()
    const schedule = scheduleUpdateChecks('on-start', { check, onError: vi.fn() })
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS - 1)
    expect(check).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(check).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(WEEK_MS)
    expect(check).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
    schedule.dispose()
  })

  it('daily: checks shortly after start, then every 24 h', async () => {
    const check = vi.fn()
    const schedule = scheduleUpdateChecks('daily', { check, onError: vi.fn() })
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS)
    expect(check).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(DAILY_MS - 1)
    expect(check).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(check).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(5 * DAILY_MS)
    expect(check).toHaveBeenCalledTimes(7)
    schedule.dispose()
  })

  it('dispose stops every pending check, before the first and between daily ones', async () => {
    const early = vi.fn()
    scheduleUpdateChecks('on-start', { check: early, onError: vi.fn() }).dispose()
    const daily = vi.fn()
    const schedule = scheduleUpdateChecks('daily', { check: daily, onError: vi.fn() })
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS + DAILY_MS)
    expect(daily).toHaveBeenCalledTimes(2)
    schedule.dispose()
    schedule.dispose()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(WEEK_MS)
    expect(early).not.toHaveBeenCalled()
    expect(daily).toHaveBeenCalledTimes(2)
  })

  it('a check that throws or rejects is reported and does not end the daily schedule', async () => {
    const onError = vi.fn()
    const failures = [new Error('offline'), new Error('feed returned 500')]
    let calls = 0
    const check = (): void | Promise<void> => {
      calls += 1
      if (calls === 1) throw failures[0]
      if (calls === 2) return Promise.reject(failures[1])
    }
    const schedule = scheduleUpdateChecks('daily', { check, onError })
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS + 2 * DAILY_MS)
    expect(calls).toBe(3)
    expect(onError.mock.calls).toEqual([[failures[0]], [failures[1]]])
    schedule.dispose()
  })

  it('takes its delays from the options', async () => {
    const check = vi.fn()
    const schedule = scheduleUpdateChecks('daily', {
      check,
      onError: vi.fn(),
      firstDelayMs: 5,
      intervalMs: 100
    })
    await vi.advanceTimersByTimeAsync(305)
    expect(check).toHaveBeenCalledTimes(4)
    schedule.dispose()
  })
})
