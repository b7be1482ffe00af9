import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RedrawClock } from '@renderer/frame/redrawClock'

type FrameCallback = (now: number) => void
let frames: FrameCallback[] = []
const g = globalThis as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown }

beforeEach(() => {
  frames = []
  g.requestAnimationFrame = (cb: FrameCallback) => frames.push(cb)
  g.cancelAnimationFrame = (handle: number) => {
    frames[handle - 1] = () => {}
  }
})
afterEach(() => {
  delete g.requestAnimationFrame
  delete g.cancelAnimationFrame
})

/** Runs the animation frames due now, at `now`. */
function runFrame(now: number): void {
  const due = frames
  frames = []
  for (const cb of due) cb(now)
}

describe('RedrawClock', () => {
  it('spreads redraws over frames, oldest request first, each at most hz times a second', () => {
    const HZ = 10
    const PER_FRAME = 6
    const clock = new RedrawClock(HZ, PER_FRAME)
    const request = (draw: () => void): void => clock.request(draw)
    const cancel = (draw: () => void): void => clock.cancel(draw)
    const drawn: number[] = []
    const draws = Array.from({ length: PER_FRAME + 3 }, (_, i) => () => drawn.push(i))
    for (const draw of draws) request(draw)
    request(draws[0]) // asked again: keeps its place, drawn once
    runFrame(1000)
    expect(drawn).toEqual(Array.from({ length: PER_FRAME }, (_, i) => i))
    runFrame(1016)
    expect(drawn.slice(PER_FRAME)).toEqual([0, 1, 2].map((i) => PER_FRAME + i))

    // Drawn at 1000: not again before 1000 + 1000 / HZ.
    request(draws[0])
    runFrame(1033)
    expect(drawn).toHaveLength(PER_FRAME + 3)
    runFrame(1000 + 1000 / HZ)
    expect(drawn.at(-1)).toBe(0)
    expect(frames).toHaveLength(0) // nothing waiting: no frame asked for

    // A cancelled draw (its canvas unmounted) never runs.
    request(draws[1])
    cancel(draws[1])
    runFrame(5000)
    expect(drawn.at(-1)).toBe(0)
  })
})
