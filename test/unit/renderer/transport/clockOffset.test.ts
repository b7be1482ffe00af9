import { describe, expect, it } from 'vitest'
import { ClockOffsetEstimator } from '@renderer/transport/clockOffset'

describe('ClockOffsetEstimator', () => {
  it('is zero and unknown before any sample', () => {
    const est = new ClockOffsetEstimator()
    expect(est.best()).toBeNull()
    expect(est.offset).toBe(0)
  })

  it('computes offset = engineTime − (t0 + t1) / 2', () => {
    const est = new ClockOffsetEstimator()
    // Engine is 1000 ms ahead; symmetric 10 ms round trip.
    expect(est.addSample(5000, 6005, 5010)).toEqual({ offset: 1000, rtt: 10 })
    expect(est.offset).toBe(1000)
  })

  it('keeps the sample with the smallest round trip among the recent ones', () => {
    const est = new ClockOffsetEstimator(3)
    est.addSample(0, 1040, 60) // rtt 60, offset 1010 (asymmetric delay)
    est.addSample(100, 1102, 104) // rtt 4, offset 1000
    est.addSample(200, 1230, 240) // rtt 40, offset 1010
    expect(est.offset).toBe(1000)
    // The good sample ages out after `keep` newer ones.
    est.addSample(300, 1330, 320)
    est.addSample(400, 1430, 420)
    est.addSample(500, 1530, 520)
    expect(est.best()!.rtt).toBe(20)
  })

  it('refuses impossible samples and resets', () => {
    const est = new ClockOffsetEstimator()
    expect(est.addSample(10, 100, 5)).toBeNull()
    expect(est.addSample(NaN, 100, 5)).toBeNull()
    expect(est.best()).toBeNull()
    est.addSample(0, 10, 2)
    est.reset()
    expect(est.best()).toBeNull()
  })
})
