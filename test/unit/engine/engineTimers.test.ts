import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineTimers } from '../../../src/main/engine/engineTimers'

function timers() {
  const counts = { stats: 0, staleCheck: 0, statePush: 0 }
  const faults: string[] = []
  let throwOnStats = false
  const t = new EngineTimers(
    (context) => faults.push(context),
    {
      stats: () => {
        counts.stats++
        if (throwOnStats) throw new Error('boom')
      },
      staleCheck: () => counts.staleCheck++,
      statePush: () => counts.statePush++
    },
    { statsMs: 1000, staleCheckMs: 250 }
  )
  return { t, counts, faults, throwOnStats: () => (throwOnStats = true) }
}

describe('EngineTimers', () => {
  afterEach(() => vi.useRealTimers())

  it('runs stats and stale checks on their intervals once started, and nothing after dispose', () => {
    vi.useFakeTimers()
    const { t, counts } = timers()
    vi.advanceTimersByTime(5000)
    expect(counts).toEqual({ stats: 0, staleCheck: 0, statePush: 0 })
    t.start()
    t.start()
    vi.advanceTimersByTime(1000)
    expect(counts.stats).toBe(1)
    expect(counts.staleCheck).toBe(4)
    t.requestStatePush()
    t.dispose()
    vi.advanceTimersByTime(5000)
    expect(counts).toEqual({ stats: 1, staleCheck: 4, statePush: 0 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('coalesces a burst of state push requests into one push, and pushes again after it', () => {
    vi.useFakeTimers()
    const { t, counts } = timers()
    t.requestStatePush()
    vi.advanceTimersByTime(200)
    expect(counts.statePush).toBe(0) // not before start
    t.start()
    for (let i = 0; i < 100; i++) t.requestStatePush()
    vi.advanceTimersByTime(60)
    expect(counts.statePush).toBe(1)
    t.requestStatePush()
    vi.advanceTimersByTime(60)
    expect(counts.statePush).toBe(2)
    t.dispose()
  })

  it('a throwing stats push is a counted fault and the timer keeps running', () => {
    vi.useFakeTimers()
    const { t, counts, faults, throwOnStats } = timers()
    throwOnStats()
    t.start()
    vi.advanceTimersByTime(3000)
    expect(counts.stats).toBe(3)
    expect(faults).toEqual(['engine: stats', 'engine: stats', 'engine: stats'])
    t.dispose()
  })
})
