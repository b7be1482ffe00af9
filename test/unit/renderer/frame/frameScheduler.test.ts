import { describe, expect, it } from 'vitest'
import { FrameScheduler } from '@renderer/frame/frameScheduler'
import type { FrameBatch, ViewFrame } from '@renderer/frame/frameBuffer'
import { tickerQuote } from './fixtures'

/** A page stand-in where the test decides when animation frames and paints happen. */
function fakePage() {
  const frames = new Map<number, () => void>()
  const paints: (() => void)[] = []
  const applied: FrameBatch[] = []
  const acks: { seq: number; paintedAt: number }[] = []
  const log: string[] = []
  let nextHandle = 1
  let clock = 5000
  const scheduler = new FrameScheduler({
    requestFrame: (cb) => {
      const handle = nextHandle++
      frames.set(handle, cb)
      return handle
    },
    cancelFrame: (handle) => frames.delete(handle),
    afterPaint: (cb) => paints.push(cb),
    now: () => clock,
    apply: (batch) => {
      log.push(`apply ${batch.seqs.join(',')}`)
      applied.push(batch)
    },
    ack: (seqs, paintedAt) => {
      log.push(`ack ${seqs.join(',')}`)
      for (const seq of seqs) acks.push({ seq, paintedAt })
    }
  })
  return {
    scheduler,
    applied,
    acks,
    log,
    setClock: (t: number) => (clock = t),
    pendingFrames: () => frames.size,
    runAnimationFrame() {
      const callbacks = [...frames.values()]
      frames.clear()
      for (const cb of callbacks) cb()
    },
    paint() {
      const callbacks = paints.splice(0)
      for (const cb of callbacks) cb()
    }
  }
}

const frame = (seq: number, last: number): ViewFrame => ({
  seq,
  tickers: [tickerQuote('d/A', last)],
  readings: []
})

describe('FrameScheduler', () => {
  it('applies on the animation frame and acks only after the paint, with the paint time', () => {
    const page = fakePage()
    page.scheduler.push(frame(1, 10))
    expect(page.applied).toHaveLength(0)
    expect(page.pendingFrames()).toBe(1)
    page.runAnimationFrame()
    expect(page.applied).toHaveLength(1)
    expect(page.acks).toHaveLength(0)
    page.setClock(5016.5)
    page.paint()
    expect(page.acks).toEqual([{ seq: 1, paintedAt: 5016.5 }])
    expect(page.log).toEqual(['apply 1', 'ack 1'])
  })

  it('merges frames arriving before one animation frame and acks them all, once, in one ack', () => {
    const page = fakePage()
    page.scheduler.push(frame(1, 10))
    page.scheduler.push(frame(2, 11))
    page.scheduler.push(frame(3, 12))
    expect(page.pendingFrames()).toBe(1)
    page.runAnimationFrame()
    expect(page.applied).toHaveLength(1)
    expect(page.applied[0].tickers[0].last).toBe(12)
    page.paint()
    page.paint()
    page.runAnimationFrame()
    page.paint()
    expect(page.acks.map((a) => a.seq)).toEqual([1, 2, 3])
    // One ack for the one paint, naming all three frames oldest first.
    expect(page.log).toEqual(['apply 1,2,3', 'ack 1,2,3'])
  })

  it('keeps going across frames', () => {
    const page = fakePage()
    for (let seq = 1; seq <= 5; seq++) {
      page.scheduler.push(frame(seq, seq))
      page.runAnimationFrame()
      page.paint()
    }
    expect(page.acks.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5])
    expect(page.applied).toHaveLength(5)
  })

  it('drops pending frames and unsent acks on reset (they belong to the old connection)', () => {
    const page = fakePage()
    page.scheduler.push(frame(1, 10))
    page.runAnimationFrame()
    page.scheduler.push(frame(2, 11))
    page.scheduler.reset()
    expect(page.pendingFrames()).toBe(0)
    page.paint()
    expect(page.acks).toHaveLength(0)
    page.scheduler.push(frame(1, 20))
    page.runAnimationFrame()
    page.paint()
    expect(page.acks.map((a) => a.seq)).toEqual([1])
    expect(page.applied[1].tickers[0].last).toBe(20)
  })

  it('does nothing after dispose', () => {
    const page = fakePage()
    page.scheduler.dispose()
    page.scheduler.push(frame(1, 10))
    page.runAnimationFrame()
    page.paint()
    expect(page.applied).toHaveLength(0)
    expect(page.acks).toHaveLength(0)
  })
})
