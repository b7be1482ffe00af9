import type { Disposable } from '@shared/disposable'
import type { EngineLink } from '@shared/protocol'
import { ClockOffsetEstimator, type ClockSample } from './clockOffset'

const BURST = 3
const BURST_SPACING_MS = 150
const REPEAT_MS = 10_000

/**
 * Keeps the clock offset fresh: a short burst of pings on every (re)connect and every ~10 s; the
 * estimator keeps the sample with the smallest round trip of the recent ones.
 */
export class ClockSync implements Disposable {
  private readonly estimator = new ClockOffsetEstimator(BURST * 2)
  private timers: ReturnType<typeof setTimeout>[] = []
  private repeat: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly link: Pick<EngineLink, 'send'>,
    private readonly now: () => number,
    private readonly onEstimate: (best: ClockSample) => void
  ) {}

  /** Starts over (a new connection may be a different engine with a different clock). */
  restart(): void {
    this.stop()
    this.estimator.reset()
    this.burst()
    this.repeat = setInterval(() => this.burst(), REPEAT_MS)
  }

  /** Feeds a `pong`; returns the current best estimate. */
  pong(t0: number, engineTime: number): ClockSample | null {
    if (this.estimator.addSample(t0, engineTime, this.now()) === null) return null
    const best = this.estimator.best()
    if (best) this.onEstimate(best)
    return best
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
    if (this.repeat !== null) clearInterval(this.repeat)
    this.repeat = null
  }

  dispose(): void {
    this.stop()
  }

  private burst(): void {
    for (let i = 0; i < BURST; i++) {
      const timer = setTimeout(() => {
        this.timers = this.timers.filter((t) => t !== timer)
        this.link.send({ type: 'ping', t0: this.now() })
      }, i * BURST_SPACING_MS)
      this.timers.push(timer)
    }
  }
}
