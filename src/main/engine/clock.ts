import { performance } from 'node:perf_hooks'

/**
 * Wall-clock epoch milliseconds with sub-millisecond resolution. `performance.timeOrigin +
 * performance.now()` is monotonic within the process and comparable across processes on one
 * machine (DESIGN.md, "Latency, measured honestly"), unlike `Date.now()` which only has ms.
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now()
}
