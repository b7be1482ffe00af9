import { wallClockNow } from '@shared/wallClock'
/**
 * Estimates the engine clock minus the local clock from ping/pong round trips (NTP style):
 * offset = engineTime − (t0 + t1) / 2. Of the recent samples the one with the smallest round trip
 * wins, because a short round trip bounds the error of its midpoint assumption.
 */
export interface ClockSample {
  offset: number
  rtt: number
}

export class ClockOffsetEstimator {
  private samples: ClockSample[] = []

  constructor(private readonly keep = 5) {}

  /** Records one round trip: t0 sent (local), engineTime from the pong, t1 received (local). */
  addSample(t0: number, engineTime: number, t1: number): ClockSample | null {
    if (!Number.isFinite(t0) || !Number.isFinite(engineTime) || !Number.isFinite(t1) || t1 < t0) return null
    const sample = { offset: engineTime - (t0 + t1) / 2, rtt: t1 - t0 }
    this.samples.push(sample)
    if (this.samples.length > this.keep) this.samples.shift()
    return sample
  }

  /** The best current estimate, or null before the first sample. */
  best(): ClockSample | null {
    let best: ClockSample | null = null
    for (const s of this.samples) if (best === null || s.rtt < best.rtt) best = s
    return best
  }

  /** Offset in ms to add to a local time to get engine time (0 until measured). */
  get offset(): number {
    return this.best()?.offset ?? 0
  }

  reset(): void {
    this.samples = []
  }
}

/** The local wall clock in epoch ms, with sub-millisecond resolution, as DESIGN.md prescribes. */
export function localNow(): number {
  return wallClockNow()
}
