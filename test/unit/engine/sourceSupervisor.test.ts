import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Source } from '../../../src/main/engine/sourceSink'
import { SourceSupervisor } from '../../../src/main/engine/sourceSupervisor'

afterEach(() => vi.useRealTimers())

/** A source whose start throws the first `failures` times. */
function flaky(failures: number, log: string[]): () => Source {
  let starts = 0
  return () => ({
    id: 's',
    start() {
      starts++
      log.push(`start ${starts}`)
      if (starts <= failures) throw new Error(`fail ${starts}`)
    },
    stop: async () => void log.push('stop')
  })
}

describe('SourceSupervisor', () => {
  it('restarts a failing source at once, then backs off while it keeps failing', async () => {
    vi.useFakeTimers({ now: 100_000 })
    const log: string[] = []
    const reports: string[] = []
    const restarts: string[] = []
    const supervisor = new SourceSupervisor(
      (line) => reports.push(line),
      (_id, reason) => restarts.push(reason)
    )
    supervisor.add('s', flaky(4, log))
    supervisor.start()
    const advance = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms)
    }
    // A half-started source is stopped before the next one starts.
    const starts = () => log.filter((l) => l.startsWith('start'))
    await advance(0)
    expect(starts()).toEqual(['start 1', 'start 2'])
    expect(log.slice(0, 2)).toEqual(['start 1', 'stop'])
    await advance(999)
    expect(starts()).toEqual(['start 1', 'start 2'])
    await advance(1)
    expect(starts()).toEqual(['start 1', 'start 2', 'start 3'])
    await advance(2_000)
    expect(starts()).toEqual(['start 1', 'start 2', 'start 3', 'start 4'])
    await advance(4_000)
    expect(log.at(-1)).toBe('start 5')
    expect(reports).toHaveLength(4)
    expect(reports[0]).toMatch(/^internal error, restarting the source: source s: start: Error: fail 1/)
    expect(restarts[0]).toBe('restarted after an internal error in start: fail 1')
    // Started cleanly: nothing more happens.
    await advance(120_000)
    expect(log.at(-1)).toBe('start 5')
    await supervisor.stop()
    expect(log.at(-1)).toBe('stop')
  })

  it('a fault after a stable spell restarts at once again; nothing restarts after stop', async () => {
    vi.useFakeTimers({ now: 100_000 })
    const log: string[] = []
    const supervisor = new SourceSupervisor(
      () => undefined,
      () => undefined
    )
    supervisor.add('s', flaky(0, log))
    supervisor.start()
    supervisor.fault('s', 'message', new Error('x'))
    await vi.advanceTimersByTimeAsync(0)
    expect(log).toEqual(['start 1', 'stop', 'start 2'])
    await vi.advanceTimersByTimeAsync(60_000)
    supervisor.fault('s', 'message', new Error('y'))
    await vi.advanceTimersByTimeAsync(0)
    expect(log.at(-1)).toBe('start 3')
    await supervisor.stop()
    supervisor.fault('s', 'message', new Error('z'))
    await vi.advanceTimersByTimeAsync(120_000)
    expect(log.filter((l) => l.startsWith('start'))).toHaveLength(3)
  })

  it('stop() during a restart waits for the source being replaced to finish closing', async () => {
    vi.useFakeTimers({ now: 100_000 })
    const log: string[] = []
    const supervisor = new SourceSupervisor(
      () => undefined,
      () => undefined
    )
    supervisor.add('s', () => ({
      id: 's',
      start: () => void log.push('start'),
      stop: () => new Promise<void>((done) => setTimeout(() => (log.push('closed'), done()), 100))
    }))
    supervisor.start()
    supervisor.fault('s', 'message', new Error('x'))
    const stopped = supervisor.stop().then(() => log.push('stop resolved'))
    await vi.advanceTimersByTimeAsync(50)
    expect(log).toEqual(['start'])
    await vi.advanceTimersByTimeAsync(100)
    await stopped
    expect(log).toEqual(['start', 'closed', 'stop resolved'])
  })

  it('logs one line per restart, counting the faults of the same burst', async () => {
    vi.useFakeTimers({ now: 100_000 })
    const reports: string[] = []
    const supervisor = new SourceSupervisor(
      (line) => reports.push(line),
      () => undefined
    )
    supervisor.add('s', flaky(0, []))
    supervisor.start()
    for (let i = 0; i < 1000; i++) supervisor.fault('s', 'applying a tick', new Error(`bug ${i}`))
    await vi.advanceTimersByTimeAsync(0)
    expect(reports).toHaveLength(1)
    supervisor.fault('s', 'applying a tick', new Error('again'))
    expect(reports).toHaveLength(2)
    expect(reports[1]).toMatch(/again .*\(and 999 more faults before the last restart\)$/)
    await supervisor.stop()
  })
})

describe('SourceSupervisor backoff, measured from each start', () => {
  it('a source that faults soon after every start backs off to a minute and stays there', async () => {
    vi.useFakeTimers({ now: 100_000 })
    const starts: number[] = []
    let supervisor: SourceSupervisor | null = null
    supervisor = new SourceSupervisor(
      () => undefined,
      () => undefined
    )
    supervisor.add('s', () => ({
      id: 's',
      start() {
        starts.push(Date.now())
        // Fails 1 ms after every start, as a source with a deterministic bug would.
        setTimeout(() => supervisor!.fault('s', 'message', new Error('bug')), 1)
      },
      stop: async () => undefined
    }))
    supervisor.start()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    const gaps = starts.slice(1).map((t, i) => t - starts[i])
    // The first restart is immediate (a few ms for the old source to stop), then it doubles.
    expect(gaps[0]).toBeLessThan(10)
    const waits = gaps.slice(1).map((g) => Math.round(g / 1_000))
    expect(waits.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 60])
    expect(waits.slice(7).every((w) => w === 60)).toBe(true)
    expect(starts.length).toBeLessThan(20)
    await supervisor.stop()
  })

  it('a removal during a fault restart waits for the old instance: never two connections of one source', async () => {
    const log: string[] = []
    let release: () => void = () => {}
    const supervisor = new SourceSupervisor(
      () => {},
      () => {}
    )
    supervisor.add('s', () => ({
      id: 's',
      start: () => void log.push('start'),
      stop: () =>
        new Promise<void>((resolve) => {
          log.push('stopping')
          release = () => {
            log.push('stopped')
            resolve()
          }
        })
    }))
    supervisor.start()
    supervisor.fault('s', 'message', new Error('bug'))
    let removed = false
    const removing = supervisor.remove('s').then(() => {
      removed = true
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(removed).toBe(false)
    release()
    await removing
    expect(log).toEqual(['start', 'stopping', 'stopped'])
    expect(supervisor.has('s')).toBe(false)
    await supervisor.stop()
  })
})
