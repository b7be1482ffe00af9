import type { Random } from './prng'

export interface FeedPacerOptions {
  /** Average messages per second outside bursts. */
  ratePerSec: number
  /** Chance per second that a burst starts. */
  burstChancePerSec?: number
  /** Rate multiplier range during a burst. */
  burstFactor?: readonly [min: number, max: number]
  /** Burst length range in ms. */
  burstMs?: readonly [min: number, max: number]
}

/** After a stall (debugger, suspended laptop) send at most this much backlog, not a flood. */
const MAX_CATCH_UP_MS = 1_000

/**
 * Decides how many messages the simulated exchange sends at each timer tick: the configured
 * average rate, with fractional carry so low rates stay exact, and now and then a burst.
 */
export class FeedPacer {
  private readonly burstChancePerSec: number
  private readonly burstFactor: readonly [number, number]
  private readonly burstMs: readonly [number, number]
  private lastTime: number
  private carry = 0
  private burstUntil = 0
  private factor = 1

  constructor(
    private readonly options: FeedPacerOptions,
    private readonly random: Random,
    startTime: number
  ) {
    this.burstChancePerSec = options.burstChancePerSec ?? 1 / 20
    this.burstFactor = options.burstFactor ?? [3, 8]
    this.burstMs = options.burstMs ?? [400, 2_000]
    this.lastTime = startTime
  }

  /** Whether a burst is in progress at `now`. */
  inBurst(now: number): boolean {
    return now < this.burstUntil
  }

  /** Messages due between the previous call and `now` (epoch ms). */
  take(now: number): number {
    const elapsedMs = Math.min(Math.max(now - this.lastTime, 0), MAX_CATCH_UP_MS)
    this.lastTime = Math.max(now, this.lastTime)
    if (!this.inBurst(now)) {
      this.factor = 1
      if (this.random.chance(this.burstChancePerSec * (elapsedMs / 1_000))) {
        this.factor = this.random.between(this.burstFactor[0], this.burstFactor[1])
        this.burstUntil = now + this.random.between(this.burstMs[0], this.burstMs[1])
      }
    }
    const due = (this.options.ratePerSec * this.factor * elapsedMs) / 1_000 + this.carry
    // The epsilon absorbs floating-point error in the carried fraction.
    const whole = Math.floor(due + 1e-9)
    this.carry = due - whole
    return whole
  }
}
