import type { Disposable } from '@shared/disposable'
import type { Tick, TickerQuote } from '@shared/model'
import type { FaultHandler } from './faults'

/** Called on the hot path with each tick and its ticker's quote after it (mutated in place later: copy). */
export type TickObserver = (tick: Tick, quote: Readonly<TickerQuote>) => void

/**
 * The engine's one hook for features that follow every tick from outside it (republish): each
 * observer added returns its disposable, and an observer that throws is counted, never thrown
 * into the source.
 */
export class TickObservers {
  private readonly observers = new Set<TickObserver>()

  /** `fault`: the engine's fault log, also for the observers' own callbacks (timers, clients). */
  constructor(readonly fault: FaultHandler) {}

  add(observer: TickObserver): Disposable {
    this.observers.add(observer)
    return { dispose: () => this.observers.delete(observer) }
  }

  notify(tick: Tick, quote: Readonly<TickerQuote>): void {
    if (this.observers.size === 0) return
    for (const observer of this.observers) {
      try {
        observer(tick, quote)
      } catch (err) {
        this.fault('tick observer', err)
      }
    }
  }
}
