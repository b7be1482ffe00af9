import type { WebSocket, RawData } from 'ws'
import type { Disposable } from '@shared/disposable'
import type { EngineMessage, ViewLink } from '@shared/protocol'

export interface WsViewLinkOptions {
  /**
   * A view whose socket has this much unsent data is not keeping up at all (credit already bounds
   * frames, so this means a stalled peer): its connection is dropped and the page reconnects.
   */
  maxBufferedBytes?: number
}

export interface WsViewLinkCounters {
  received: number
  /** Text frames that were not JSON; handed to the engine as the raw string, which it refuses. */
  invalidJson: number
  /** Binary frames are not part of the protocol: dropped. */
  binaryDropped: number
  /** Connections dropped because the view stopped reading. */
  overflowed: number
}

export interface WsViewLink extends ViewLink {
  counters(): WsViewLinkCounters
}

const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024

/** The engine's end of one browser view: JSON text frames over a `ws` socket. */
export function createWsViewLink(socket: WebSocket, options: WsViewLinkOptions = {}): WsViewLink {
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
  const messageListeners = new Set<(message: unknown) => void>()
  const closeListeners = new Set<() => void>()
  const counters: WsViewLinkCounters = { received: 0, invalidJson: 0, binaryDropped: 0, overflowed: 0 }
  let closed = socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      counters.binaryDropped += 1
      return
    }
    counters.received += 1
    const text = rawText(data)
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      counters.invalidJson += 1
      message = text
    }
    for (const listener of messageListeners) listener(message)
  })
  // A reset peer reports an error and then closes; the close is what matters.
  socket.on('error', () => undefined)
  socket.on('close', () => {
    closed = true
    const listeners = [...closeListeners]
    closeListeners.clear()
    messageListeners.clear()
    for (const listener of listeners) listener()
  })

  return {
    send(message: EngineMessage) {
      if (closed || socket.readyState !== socket.OPEN) return
      if (socket.bufferedAmount > maxBuffered) {
        counters.overflowed += 1
        socket.terminate()
        return
      }
      // May throw (a message too large to stringify): the session closes the view with the reason.
      socket.send(JSON.stringify(message))
    },
    onMessage(listener) {
      messageListeners.add(listener)
      return listenerDisposable(() => messageListeners.delete(listener))
    },
    onClose(listener) {
      if (closed) {
        // Already gone: tell the caller anyway, but never synchronously inside its own call.
        let cancelled = false
        queueMicrotask(() => cancelled || listener())
        return listenerDisposable(() => (cancelled = true))
      }
      closeListeners.add(listener)
      return listenerDisposable(() => closeListeners.delete(listener))
    },
    close(reason?: string) {
      if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return
      // 1011: the server cannot serve this view; the page shows the reason (at most 123 bytes).
      if (reason === undefined) socket.close(1000)
      else
        socket.close(
          1011,
          Buffer.from(reason)
            .subarray(0, 123)
            .toString()
            .replace(/\uFFFD$/, '')
        )
    },
    counters: () => ({ ...counters })
  }
}

function listenerDisposable(remove: () => unknown): Disposable {
  return { dispose: () => void remove() }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}
