import type { Disposable } from '@shared/disposable'
import type { FaultHandler } from '../faults'
import { guard } from '../faults'

/** Where the queue sends: `ready()` false while the broker pushes back or is away. */
export interface ConflationOutlet<T> {
  ready(): boolean
  /** Sends one value; returns false when it could not be sent (counted as dropped). */
  send(key: string, value: T): boolean
}

export interface ConflationCounts {
  /** Values handed to the outlet. */
  sent: number
  /** Values superseded by a later one of the same key before they could be sent. */
  conflated: number
  /** Values never sent and not superseded: past the key bound, refused by the outlet, left at stop. */
  dropped: number
}

/**
 * Send-now, else keep-the-latest. While the outlet is ready and the key has nothing waiting, a
 * value goes at once. Otherwise it waits, replacing any value of its key still waiting (that one
 * counted as conflated), and every `intervalMs` the waiting values are sent in arrival order for
 * as long as the outlet stays ready. What waits is at most one value per key and at most
 * `maxKeys` keys: a value for a further key is dropped and counted. Never throws to its caller.
 */
export class ConflatingQueue<T> implements Disposable {
  private readonly waiting = new Map<string, T>()
  private timer: NodeJS.Timeout | null = null
  private disposed = false
  readonly counts: ConflationCounts = { sent: 0, conflated: 0, dropped: 0 }

  constructor(
    private readonly outlet: ConflationOutlet<T>,
    private readonly intervalMs: number,
    private readonly maxKeys: number,
    private readonly fault: FaultHandler
  ) {}

  /** Values waiting now (at most `maxKeys`). */
  get size(): number {
    return this.waiting.size
  }

  offer(key: string, value: T): void {
    if (this.disposed) {
      this.counts.dropped++
      return
    }
    try {
      const superseded = this.waiting.has(key)
      if (this.outlet.ready()) {
        if (superseded) {
          // The older value is no longer worth sending: the latest goes now.
          this.waiting.delete(key)
          this.counts.conflated++
        }
        this.deliver(key, value)
        return
      }
      if (superseded) {
        this.waiting.delete(key) // re-inserted last: arrival order of the latest values
        this.counts.conflated++
      } else if (this.waiting.size >= this.maxKeys) {
        this.counts.dropped++
        return
      }
      this.waiting.set(key, value)
      this.arm()
    } catch (err) {
      this.counts.dropped++
      this.fault('republish', err)
    }
  }

  /** Sends what waits while the outlet is ready; the rest waits for the next interval. */
  flush(): void {
    for (const [key, value] of this.waiting) {
      if (!this.outlet.ready()) break
      this.waiting.delete(key)
      this.deliver(key, value)
    }
    if (this.waiting.size === 0) this.disarm()
  }

  /** Stops the timer; what still waits is counted as dropped. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.disarm()
    this.counts.dropped += this.waiting.size
    this.waiting.clear()
  }

  private deliver(key: string, value: T): void {
    let ok = false
    try {
      ok = this.outlet.send(key, value)
    } catch (err) {
      this.fault('republish send', err)
    }
    if (ok) this.counts.sent++
    else this.counts.dropped++
  }

  private arm(): void {
    if (this.timer !== null) return
    this.timer = setInterval(
      guard('republish flush', this.fault, () => this.flush()),
      this.intervalMs
    )
    this.timer.unref?.()
  }

  private disarm(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }
}
