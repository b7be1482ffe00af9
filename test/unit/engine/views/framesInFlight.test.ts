import { describe, expect, it } from 'vitest'
import { FramesInFlight, shownReceivedAts } from '../../../../src/main/engine/views/framesInFlight'

const frame = (keys: string[], receivedAts: number[]) => ({ sentAt: 0, keys, receivedAts })

describe('FramesInFlight', () => {
  it('is full at its limit and gives credits back per acked frame', () => {
    const frames = new FramesInFlight(2)
    frames.add(1, frame(['a'], [10]))
    expect(frames.full).toBe(false)
    frames.add(2, frame(['b'], [20]))
    expect(frames.full).toBe(true)
    expect(frames.take([1])).toEqual({ painted: [frame(['a'], [10])], invalid: 0 })
    expect(frames.full).toBe(false)
    // Acked twice, or never sent: invalid.
    expect(frames.take([1, 9])).toEqual({ painted: [], invalid: 2 })
  })

  it('expects the late acks of frames a resync superseded, once, and keeps only a few', () => {
    const frames = new FramesInFlight(2)
    for (let seq = 1; seq <= 2; seq++) {
      frames.add(seq, frame(['a'], [seq]))
      frames.supersede()
    }
    expect(frames.full).toBe(false)
    expect(frames.take([1, 2])).toEqual({ painted: [], invalid: 0 })
    expect(frames.take([1])).toEqual({ painted: [], invalid: 1 })
    for (let seq = 10; seq < 20; seq++) {
      frames.add(seq, frame(['a'], [seq]))
      frames.supersede()
    }
    // Bounded at twice the limit: the oldest are forgotten, so their acks are invalid again.
    expect(frames.take([10, 15, 16, 17, 18, 19]).invalid).toBe(2)
    frames.add(30, frame(['a'], [30]))
    frames.reset()
    expect(frames.take([30]).invalid).toBe(1)
  })
})

describe('shownReceivedAts', () => {
  it("counts only each key's newest value across the frames one paint merged", () => {
    const painted = [frame(['a', 'b'], [1, 2]), frame(['a', 'c'], [3, 4])]
    expect([...shownReceivedAts(painted)].sort((x, y) => x - y)).toEqual([2, 3, 4])
    expect(shownReceivedAts([frame(['a'], [7])])).toEqual([7])
  })
})
