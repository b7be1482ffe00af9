import { describe, expect, it } from 'vitest'
import { FeedPacer } from '../../../src/main/demo/feedPacer'
import { createRandom } from '../../../src/main/demo/prng'

describe('FeedPacer', () => {
  it('sends exactly the average rate when bursts are off, carrying fractions', () => {
    const pacer = new FeedPacer({ ratePerSec: 30, burstChancePerSec: 0 }, createRandom(1), 0)
    let sent = 0
    for (let t = 20; t <= 10_000; t += 20) sent += pacer.take(t)
    expect(sent).toBe(300)
  })

  it('bursts above the average rate now and then', () => {
    const pacer = new FeedPacer({ ratePerSec: 100, burstChancePerSec: 0.2 }, createRandom(5), 0)
    let sent = 0
    let burstTicks = 0
    for (let t = 20; t <= 120_000; t += 20) {
      sent += pacer.take(t)
      if (pacer.inBurst(t)) burstTicks += 1
    }
    expect(burstTicks).toBeGreaterThan(0)
    expect(sent).toBeGreaterThan(100 * 120)
  })

  it('does not flood after a stall', () => {
    const pacer = new FeedPacer({ ratePerSec: 100, burstChancePerSec: 0 }, createRandom(1), 0)
    expect(pacer.take(60_000)).toBe(100)
    expect(pacer.take(59_000)).toBe(0)
  })
})
