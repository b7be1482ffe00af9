import type { ShelvedKey } from '@shared/alarms'
import type { Disposable } from '@shared/disposable'
import type { AlarmClock } from './alarmEngineOptions'

/**
 * The keys shelved now, each with the timer that ends its shelve (`expire` is called with the
 * key). Only the bookkeeping: what a shelve does to alarms is the alarm engine's.
 */
export class ShelfBook {
  private readonly shelves = new Map<string, { shelf: ShelvedKey; timer: Disposable }>()

  constructor(
    private readonly clock: AlarmClock,
    private readonly expire: (key: string) => void
  ) {}

  /** Puts `shelf` in force (replacing an earlier shelve of its key) until `shelf.until`. */
  set(shelf: ShelvedKey, now: number): void {
    this.shelves.get(shelf.key)?.timer.dispose()
    const timer = this.clock.setTimer(() => this.expire(shelf.key), shelf.until - now)
    this.shelves.set(shelf.key, { shelf, timer })
  }

  get(key: string): ShelvedKey | undefined {
    return this.shelves.get(key)?.shelf
  }

  /** Ends the shelve of `key` and returns it, or `undefined` when it was not shelved. */
  take(key: string): ShelvedKey | undefined {
    const entry = this.shelves.get(key)
    if (entry === undefined) return undefined
    entry.timer.dispose()
    this.shelves.delete(key)
    return entry.shelf
  }

  /** Ends every shelve whose key `gone` names, and returns them. */
  takeWhere(gone: (key: string) => boolean): ShelvedKey[] {
    return [...this.shelves.keys()].filter(gone).flatMap((key) => this.take(key) ?? [])
  }

  all(): ShelvedKey[] {
    return [...this.shelves.values()].map((s) => ({ ...s.shelf }))
  }

  /** Stops every timer; what is shelved stays readable. */
  dispose(): void {
    for (const entry of this.shelves.values()) entry.timer.dispose()
  }
}
