import { describe, expect, it } from 'vitest'
import { RingBuffer } from '@renderer/tickers/ringBuffer'

describe('RingBuffer', () => {
  it('keeps values in order until full, then drops the oldest', () => {
    const ring = new RingBuffer(3)
    expect(ring.length).toBe(0)
    expect(ring.extent()).toBeNull()
    ring.push(1)
    ring.push(2)
    expect([ring.at(0), ring.at(1)]).toEqual([1, 2])
    ring.push(3)
    ring.push(4)
    ring.push(5)
    expect(ring.length).toBe(3)
    expect([ring.at(0), ring.at(1), ring.at(2)]).toEqual([3, 4, 5])
    expect(ring.extent()).toEqual({ min: 3, max: 5 })
  })

  it('ignores non-finite values and out-of-range reads', () => {
    const ring = new RingBuffer(4)
    ring.push(NaN)
    ring.push(Infinity)
    ring.push(7)
    expect(ring.length).toBe(1)
    expect(ring.at(1)).toBeNaN()
    expect(ring.at(-1)).toBeNaN()
  })

  it('clears and rejects a useless capacity', () => {
    const ring = new RingBuffer(2)
    ring.push(1)
    ring.clear()
    expect(ring.length).toBe(0)
    expect(() => new RingBuffer(0)).toThrow(RangeError)
  })
})
