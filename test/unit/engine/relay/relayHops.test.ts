import { describe, expect, it } from 'vitest'
import type { Tick } from '@shared/model'
import { SourceChannel, type ChannelHost } from '../../../../src/main/engine/sourceChannel'

/**
 * A relayed feed's hop latencies in a source's stats: taken once per wire message, the three
 * together or not at all (so they add up), none for old copies, negative hops counted as a clock
 * ahead and recorded as 0, hours-off stamps counted and left out of all three.
 */
const host: ChannelHost = {
  applyTick: () => false,
  applyReading: () => undefined,
  sensorDescribed: () => undefined,
  sensorsOffline: () => undefined,
  sourceStateChanged: () => undefined,
  sourceFault: () => undefined
}
const NOW = 1_800_000_000_000
const channel = () => new SourceChannel('desk', 'market', 'mqtt://b/', false, 30_000, null, host, NOW)
const relayed = (time: number | null, at: number, receivedAt: number, retained = false): Tick => ({
  source: 'desk',
  symbol: 'BTC',
  last: 1,
  time,
  receivedAt,
  relay: { at, retained }
})
function take(c: SourceChannel, tick: Tick): void {
  c.message()
  c.tick(tick)
}

describe('hop latencies', () => {
  it('split the whole way at the collector, one sample of each per message', () => {
    const c = channel()
    take(c, relayed(NOW - 30, NOW - 10, NOW))
    take(c, relayed(NOW - 50, NOW - 20, NOW))
    // A second tick in the same wire message takes no second sample.
    c.tick(relayed(NOW - 500, NOW - 400, NOW))
    const l = c.stats(NOW).latencyMs
    expect(l.feed).toMatchObject({ count: 2, max: 50 })
    expect(l.upstream).toMatchObject({ count: 2, max: 30 })
    expect(l.relay).toMatchObject({ count: 2, max: 20 })
  })

  it('take nothing from an old copy, and only the collector hop when the exchange sent no time', () => {
    const c = channel()
    take(c, relayed(NOW - 60_000, NOW - 59_000, NOW, true))
    take(c, relayed(null, NOW - 7, NOW))
    const l = c.stats(NOW).latencyMs
    expect(l.feed.count).toBe(0)
    expect(l.upstream?.count).toBe(0)
    expect(l.relay).toMatchObject({ count: 1, max: 7 })
  })

  it('count a clock ahead of ours, and leave hours-off stamps out of all three', () => {
    const c = channel()
    // The collector's clock is 5 ms ahead of the desk's: the relay hop is −3 ms.
    take(c, relayed(NOW - 10, NOW + 3, NOW))
    // The collector's receive time two hours after the event: a broken clock, not latency.
    take(c, relayed(NOW - 600_000, NOW + 7_200_000 - 600_000, NOW))
    const stats = c.stats(NOW)
    expect(stats.clockAhead).toBe(1)
    expect(stats.implausibleTimes).toBe(1)
    expect(stats.latencyMs.relay).toMatchObject({ count: 1, max: 0 })
    expect(stats.latencyMs.upstream).toMatchObject({ count: 1, max: 13 })
    expect(stats.latencyMs.feed).toMatchObject({ count: 1, max: 10 })
  })
})
