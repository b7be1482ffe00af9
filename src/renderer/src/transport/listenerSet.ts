import { toDisposable, type Disposable } from '@shared/disposable'

/** A typed set of listeners; `add` hands back the way to remove the listener again. */
export class ListenerSet<T> {
  private listeners = new Set<(value: T) => void>()

  add(listener: (value: T) => void): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value)
      } catch (error) {
        // One broken listener must not starve the others (or kill the transport).
        console.error('tickwire: listener failed', error)
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}
