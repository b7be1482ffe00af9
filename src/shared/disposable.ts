/** Everything that subscribes, listens or opens hands back one of these. */
export interface Disposable {
  dispose(): void
}

/** Collects disposables so an owner can release everything it opened in one call (LIFO). */
export class DisposableStore implements Disposable {
  private items: Disposable[] = []
  private disposed = false

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose()
    } else {
      this.items.push(item)
    }
    return item
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    const items = this.items.reverse()
    this.items = []
    for (const item of items) item.dispose()
  }
}

export function toDisposable(fn: () => void): Disposable {
  let done = false
  return {
    dispose() {
      if (done) return
      done = true
      fn()
    }
  }
}
