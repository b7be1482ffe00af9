import { wallClockNow } from '@shared/wallClock'

/**
 * Wall-clock epoch milliseconds with sub-millisecond resolution, comparable across processes on
 * one machine (DESIGN.md, "Latency, measured honestly") and following steps of the system clock
 * (src/shared/wallClock.ts), unlike `Date.now()` which only has ms.
 */
export function wallNow(): number {
  return wallClockNow()
}
