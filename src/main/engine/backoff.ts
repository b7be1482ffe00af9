import type { ReconnectConfig } from '@shared/config'

/** A connection that stayed up this long is considered healthy again: backoff starts over. */
export const STABLE_CONNECTION_MS = 10_000

/**
 * Exponential backoff with full jitter, bounded below by `initialDelayMs` so a flapping peer is
 * never hammered and above by `maxDelayMs`. Attempt n waits uniformly in
 * [initial, min(max, initial * 2^n)].
 */
export class Backoff {
  private attempt = 0
  private openedAt: number | null = null

  constructor(
    private readonly config: ReconnectConfig,
    private readonly random: () => number = Math.random
  ) {}

  nextDelayMs(): number {
    const { initialDelayMs, maxDelayMs } = this.config
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempt, 30))
    this.attempt++
    return Math.round(initialDelayMs + this.random() * (ceiling - initialDelayMs))
  }

  /** Call when a connection opens. */
  opened(now: number): void {
    this.openedAt = now
  }

  /** Call when a connection is lost; resets the attempt count if it had been stable. */
  closed(now: number): void {
    if (this.openedAt !== null && now - this.openedAt >= STABLE_CONNECTION_MS) this.attempt = 0
    this.openedAt = null
  }
}
