/**
 * Wall-clock epoch milliseconds with sub-millisecond resolution: `performance.timeOrigin +
 * performance.now()`, monotonic between steps of the system clock. When the system clock is set
 * (an NTP step, a VM resumed, an operator), a process's time origin stays where it was while
 * every process started since, and `Date.now()` in this one, moved on: stamps compared across
 * processes or with event times from `Date.now()` would be off by the step for as long as the
 * process runs. So about once a second the clock is compared with `Date.now()`, and a difference
 * beyond `STEP_MS` is taken up at once (slow slewing stays within it until then).
 */
export const STEP_MS = 50
const CHECK_EVERY_MS = 1_000

export interface WallClockSources {
  origin: number
  monotonic(): number
  date(): number
}

export function createWallClock(sources: WallClockSources): () => number {
  let correction = 0
  let checkedAt = -Infinity
  return () => {
    const mono = sources.monotonic()
    if (mono - checkedAt >= CHECK_EVERY_MS || mono < checkedAt) {
      checkedAt = mono
      const drift = sources.date() - (sources.origin + mono + correction)
      if (Math.abs(drift) > STEP_MS) correction += drift
    }
    return sources.origin + mono + correction
  }
}

/** This process's wall clock (Node and the page alike). */
export const wallClockNow: () => number = createWallClock({
  origin: performance.timeOrigin,
  monotonic: () => performance.now(),
  date: () => Date.now()
})
