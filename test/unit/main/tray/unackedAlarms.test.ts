import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { toDisposable } from '../../../../src/shared/disposable'
import type { AckState } from '../../../../src/main/tray/alarmStatus'
import { UNACKED_MIN_INTERVAL_MS, watchUnackedAlarms } from '../../../../src/main/tray/unackedAlarms'

/** A stand-in for the engine's AlarmEngine: open alarms and the change signal. */
function alarmSource() {
  const listeners = new Set<() => void>()
  let alarms: AckState[] = []
  let reads = 0
  return {
    onChange(listener: () => void) {
      listeners.add(listener)
      return toDisposable(() => listeners.delete(listener))
    },
    openAlarms() {
      reads++
      return alarms
    },
    set(next: AckState[]) {
      alarms = next
      for (const listener of [...listeners]) listener()
    },
    get reads() {
      return reads
    },
    get listeners() {
      return listeners.size
    }
  }
}

describe('watchUnackedAlarms', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('tells the count at once, then each change, at most four times a second', () => {
    const source = alarmSource()
    const counts: number[] = []
    const watch = watchUnackedAlarms(source, (n) => counts.push(n))
    expect(counts).toEqual([0])

    // A storm of 100 alarm events within 100 ms.
    for (let i = 1; i <= 100; i++) {
      source.set(Array.from({ length: i }, () => ({ ackedAt: null })))
      vi.advanceTimersByTime(1)
    }
    vi.advanceTimersByTime(UNACKED_MIN_INTERVAL_MS)
    expect(counts.at(-1)).toBe(100)
    expect(counts.length).toBeLessThanOrEqual(3)
    // Counted when an update is due, not on every event.
    expect(source.reads).toBeLessThanOrEqual(3)
    watch.dispose()
  })

  it('counts acknowledged alarms out, and stays quiet when the count did not change', () => {
    const source = alarmSource()
    const counts: number[] = []
    const watch = watchUnackedAlarms(source, (n) => counts.push(n))
    source.set([{ ackedAt: null }, { ackedAt: null }])
    vi.advanceTimersByTime(UNACKED_MIN_INTERVAL_MS)
    source.set([{ ackedAt: 1 }, { ackedAt: null }])
    vi.advanceTimersByTime(UNACKED_MIN_INTERVAL_MS)
    // A limit moved: an event, but still one unacknowledged.
    source.set([{ ackedAt: 1 }, { ackedAt: null }])
    vi.advanceTimersByTime(UNACKED_MIN_INTERVAL_MS)
    expect(counts).toEqual([0, 2, 1])
    watch.dispose()
  })

  it('stops listening and drops a pending update when disposed', () => {
    const source = alarmSource()
    const counts: number[] = []
    const watch = watchUnackedAlarms(source, (n) => counts.push(n))
    source.set([{ ackedAt: null }])
    watch.dispose()
    vi.advanceTimersByTime(UNACKED_MIN_INTERVAL_MS)
    expect(counts).toEqual([0])
    expect(source.listeners).toBe(0)
  })
})

describe('watchUnackedAlarms on the engine’s AlarmEngine', () => {
  it('follows raises, acks and clears', async () => {
    const { AlarmEngine } = await import('../../../../src/main/engine/alarms/alarmEngine')
    const engine = new AlarmEngine({ operator: 'test' })
    const boiler = { key: 'plant/boiler', source: 'plant', label: 'Boiler', unit: '°C' }
    const counts: number[] = []
    const watch = watchUnackedAlarms(engine, (n) => counts.push(n), 0)
    engine.observe(
      boiler,
      [
        { condition: 'high-warn', severity: 'warn', threshold: 80 },
        { condition: 'high-alarm', severity: 'alarm', threshold: 95 }
      ],
      97
    )
    await expect.poll(() => counts.at(-1)).toBe(2)
    engine.ackAll()
    await expect.poll(() => counts.at(-1)).toBe(0)
    watch.dispose()
    engine.dispose()
  })
})
