import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Disposable } from '@shared/disposable'
import type { Role } from '@shared/commands/roles'
import type { ViewLink } from '@shared/protocol'
import { createWsViewLink } from './wsViewLink'

/** What the bridge needs from the engine. */
export interface BridgeEngine {
  attachView(link: ViewLink, options: { role: Role }): Disposable
}

export interface ViewBridge {
  /** Completes an upgrade the server has already routed and authorized as `role`. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, role: Role): void
  /** Number of connected views. */
  readonly size: number
  /** Terminates every view and stops the heartbeat. */
  close(): Promise<void>
}

/**
 * View messages are a few dozen bytes, except a full watchlist (500 symbols of up to 64
 * characters, up to 4 UTF-8 bytes each, JSON-escaped); anything larger is not a view.
 */
const MAX_VIEW_MESSAGE_BYTES = 256 * 1024
/** Pings find views whose machine vanished (sleep, cable) so their engine credit is released. */
const HEARTBEAT_MS = 15_000

/** The browser-mode WebSocket bridge: each connection becomes a `ViewLink` attached to the engine. */
export function createViewBridge(engine: BridgeEngine): ViewBridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_VIEW_MESSAGE_BYTES })
  const alive = new WeakMap<WebSocket, boolean>()

  const roles = new WeakMap<WebSocket, Role>()

  wss.on('connection', (socket: WebSocket) => {
    alive.set(socket, true)
    socket.on('pong', () => alive.set(socket, true))
    const link = createWsViewLink(socket)
    let attachment: Disposable
    try {
      attachment = engine.attachView(link, { role: roles.get(socket) ?? 'viewer' })
    } catch {
      socket.close(1011, 'engine refused the view')
      return
    }
    link.onClose(() => attachment.dispose())
  })

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate()
        continue
      }
      alive.set(socket, false)
      socket.ping()
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()

  return {
    accept(req, socket, head, role) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        roles.set(ws, role)
        wss.emit('connection', ws, req)
      })
    },
    get size() {
      return wss.clients.size
    },
    close() {
      clearInterval(heartbeat)
      for (const socket of wss.clients) socket.terminate()
      return new Promise((resolve) => wss.close(() => resolve()))
    }
  }
}
