import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConflatingQueue, type ConflationOutlet } from '../../../../src/main/engine/republish/conflatingQueue'

class Outlet implements ConflationOutlet<number> {
  open = true
  /** Sends allowed before the outlet pushes back (Infinity: never). */
  budget = Infinity
  refuse = false
  readonly sent: [string, number][] = []
  ready(): boolean {
    return this.open && this.budget > 0
  }
  send(key: string, value: number): boolean {
    if (this.refuse) return false
    this.budget--
    this.sent.push([key, value])
    return true
  }
}

const faults: unknown[] = []
const fault = (_context: string, err: unknown): void => {
  faults.push(err)
}

beforeEach(() => {
  vi.useFakeTimers()
  faults.length = 0
})
afterEach(() => {
  vi.useRealTimers()
})

describe('ConflatingQueue', () => {
  it('sends at once while the outlet is ready, keeping nothing', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 10, fault)
    for (let i = 0; i < 5; i++) queue.offer('A', i)
    expect(outlet.sent).toEqual([0, 1, 2, 3, 4].map((v) => ['A', v]))
    expect(queue.counts).toEqual({ sent: 5, conflated: 0, dropped: 0 })
    expect(queue.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('under backpressure keeps the latest value per key and sends it at the next interval', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 10, fault)
    outlet.open = false
    for (let i = 0; i < 50; i++) queue.offer(i % 2 === 0 ? 'A' : 'B', i)
    expect(outlet.sent).toEqual([])
    expect(queue.size).toBe(2)
    expect(queue.counts.conflated).toBe(48)
    vi.advanceTimersByTime(99)
    expect(outlet.sent).toEqual([])
    outlet.open = true
    vi.advanceTimersByTime(1)
    expect(outlet.sent).toEqual([
      ['A', 48],
      ['B', 49]
    ])
    expect(queue.counts).toEqual({ sent: 2, conflated: 48, dropped: 0 })
    // Nothing waits: the timer is gone.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('sends at most one value per key per interval while the outlet stays slow', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 10, fault)
    outlet.budget = 0
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i++) queue.offer(`K${i % 4}`, round * 100 + i)
      outlet.budget = 2 // the broker takes two per interval
      vi.advanceTimersByTime(100)
    }
    // Per interval: at most 2 sent, never two of one key.
    expect(outlet.sent.length).toBe(10)
    expect(queue.size).toBeLessThanOrEqual(4)
    expect(queue.counts.sent + queue.counts.conflated + queue.size).toBe(100)
  })

  it('a key sent while an older value of it waits supersedes that one', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 10, fault)
    outlet.open = false
    queue.offer('A', 1)
    queue.offer('B', 2)
    outlet.open = true
    queue.offer('A', 3)
    expect(outlet.sent).toEqual([['A', 3]])
    expect(queue.counts.conflated).toBe(1)
    vi.advanceTimersByTime(100)
    expect(outlet.sent).toEqual([
      ['A', 3],
      ['B', 2]
    ])
  })

  it('holds at most maxKeys keys; values of further keys are dropped and counted', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 3, fault)
    outlet.open = false
    for (let i = 0; i < 1_000; i++) queue.offer(`K${i}`, i)
    expect(queue.size).toBe(3)
    expect(queue.counts.dropped).toBe(997)
    // A key already waiting still takes its latest value.
    queue.offer('K0', 5_000)
    expect(queue.counts.conflated).toBe(1)
    outlet.open = true
    vi.advanceTimersByTime(100)
    expect(outlet.sent).toEqual([
      ['K1', 1],
      ['K2', 2],
      ['K0', 5_000]
    ])
  })

  it('counts what the outlet refuses as dropped, and what throws as a fault, never throwing', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 3, fault)
    outlet.refuse = true
    queue.offer('A', 1)
    expect(queue.counts).toEqual({ sent: 0, conflated: 0, dropped: 1 })
    outlet.send = () => {
      throw new Error('boom')
    }
    expect(() => queue.offer('A', 2)).not.toThrow()
    expect(queue.counts.dropped).toBe(2)
    expect(faults).toHaveLength(1)
    outlet.ready = () => {
      throw new Error('ready boom')
    }
    expect(() => queue.offer('A', 3)).not.toThrow()
    expect(queue.counts.dropped).toBe(3)
    expect(faults).toHaveLength(2)
  })

  it('dispose stops the timer and counts what still waits as dropped', () => {
    const outlet = new Outlet()
    const queue = new ConflatingQueue(outlet, 100, 10, fault)
    outlet.open = false
    queue.offer('A', 1)
    queue.offer('B', 1)
    expect(vi.getTimerCount()).toBe(1)
    queue.dispose()
    expect(vi.getTimerCount()).toBe(0)
    expect(queue.counts.dropped).toBe(2)
    queue.offer('C', 1)
    expect(queue.counts.dropped).toBe(3)
    expect(queue.size).toBe(0)
  })
})
