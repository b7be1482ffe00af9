import type { Disposable } from '@shared/disposable'
import { toDisposable } from '@shared/disposable'
import type { EngineMessage, ViewLink } from '@shared/protocol'

/**
 * The part of Electron's `MessagePortMain` the link needs. Declared structurally so the link runs
 * under plain Node too (tests drive it with a `worker_threads` port behind the same shape).
 */
export interface MainPort {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown
  on(event: 'close', listener: () => void): unknown
  removeListener(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown
  removeListener(event: 'close', listener: () => void): unknown
  postMessage(message: unknown): void
  start(): void
  close(): void
}

/**
 * Wraps main's end of a MessageChannel as the engine's `ViewLink`. Messages are structured
 * clones; what arrives is `unknown` and the engine validates it. Closing from either side fires
 * `onClose` once; after that, `send` is a no-op rather than an error.
 */
export function portViewLink(port: MainPort): ViewLink {
  const messageListeners = new Set<(message: unknown) => void>()
  const closeListeners = new Set<() => void>()
  let closed = false

  const onPortMessage = (messageEvent: { data: unknown }): void => {
    for (const listener of [...messageListeners]) listener(messageEvent.data)
  }
  const finish = (): void => {
    if (closed) return
    closed = true
    port.removeListener('message', onPortMessage)
    port.removeListener('close', finish)
    messageListeners.clear()
    const listeners = [...closeListeners]
    closeListeners.clear()
    for (const listener of listeners) listener()
  }

  port.on('message', onPortMessage)
  port.on('close', finish)
  // A MessagePortMain queues incoming messages until started.
  port.start()

  return {
    send(message: EngineMessage): void {
      if (!closed) port.postMessage(message)
    },
    onMessage(listener: (message: unknown) => void): Disposable {
      if (closed) return toDisposable(() => {})
      messageListeners.add(listener)
      return toDisposable(() => messageListeners.delete(listener))
    },
    onClose(listener: () => void): Disposable {
      if (closed) {
        // Late subscribers still learn of the close, but never re-entrantly.
        let cancelled = false
        queueMicrotask(() => {
          if (!cancelled) listener()
        })
        return toDisposable(() => {
          cancelled = true
        })
      }
      closeListeners.add(listener)
      return toDisposable(() => closeListeners.delete(listener))
    },
    close(reason?: string): void {
      if (closed) return
      // A port has no close reason: the view learns it from a last error message.
      if (reason !== undefined) {
        try {
          port.postMessage({ type: 'error', message: reason } satisfies EngineMessage)
        } catch {
          // The port is already unusable; closing is all that is left.
        }
      }
      port.close()
      finish()
    }
  }
}
