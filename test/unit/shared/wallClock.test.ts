import { describe, expect, it } from 'vitest'
import { createWallClock, STEP_MS } from '../../../src/shared/wallClock'

/** A process started at epoch 1,000,000 whose system clock is then set. */
function rig() {
  let mono = 0
  let date = 1_000_000
  const now = createWallClock({ origin: 1_000_000, monotonic: () => mono, date: () => date })
  return {
    now,
    advance(ms: number) {
      mono += ms
      date += ms
    },
    step(ms: number) {
      date += ms
    }
  }
}

describe('the wall clock', () => {
  it('is the time origin plus monotonic time while the system clock is left alone', () => {
    const c = rig()
    expect(c.now()).toBe(1_000_000)
    c.advance(1234.5)
    expect(c.now()).toBe(1_001_234.5)
  })

  it('takes up a step of the system clock within about a second, forwards or back', () => {
    const c = rig()
    c.now()
    c.step(7_000)
    c.advance(400)
    // Not checked yet: still the old reading.
    expect(c.now()).toBe(1_000_400)
    c.advance(700)
    expect(c.now()).toBe(1_001_100 + 7_000)
    c.step(-10_000)
    c.advance(1_000)
    expect(c.now()).toBe(1_002_100 - 3_000)
  })

  it('leaves differences within the step threshold alone (no jitter from Date.now’s ms)', () => {
    const c = rig()
    c.now()
    c.step(STEP_MS - 1)
    c.advance(2_000)
    expect(c.now()).toBe(1_002_000)
  })
})
