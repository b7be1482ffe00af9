import { BRIDGE_PATH, type ViewMessage } from '@shared/protocol'
import { isLoopbackUrl } from '@shared/loopback'
import { EngineClientBase } from './engineClient'
import { parseEngineMessage } from './engineMessage'

/** The bridge URL for a page served by `npm run serve`: same host, `ws(s)`, token copied over. */
export function bridgeUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const token = new URLSearchParams(location.search).get('token')
  const query = token ? `?token=${encodeURIComponent(token)}` : ''
  return `${scheme}//${location.host}${BRIDGE_PATH}${query}`
}

/** Delay before reconnect attempt `attempt` (0-based): doubling from `initialMs`, capped, ±20% jitter. */
export function reconnectDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random = Math.random
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(base * (0.8 + 0.4 * random()))
}

/** The reason of a close the engine chose (code 1011, or 4000-4999), or `null` for an ordinary one. */
export function closeReason(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return null
  const { code, reason } = event as { code?: unknown; reason?: unknown }
  if (typeof code !== 'number' || (code !== 1011 && (code < 4000 || code > 4999))) return null
  return typeof reason === 'string' && reason.length > 0 ? reason.slice(0, 200) : `closed with code ${code}`
}

/** `WebSocket.OPEN`, spelled out so another implementation can be injected. */
const OPEN = 1

/** The part of the browser's WebSocket this client uses (structural, so tests can pass `ws`'s). */
export interface BridgeSocket {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
}
export type BridgeSocketConstructor = new (url: string) => BridgeSocket

export interface WsClientOptions {
  url: string
  /** The WebSocket implementation; the page's own by default. */
  WebSocketImpl?: BridgeSocketConstructor
  initialDelayMs?: number
  maxDelayMs?: number
}

/** Browser mode: JSON text over a WebSocket to the bridge, reconnecting with backoff. */
export class WsEngineClient extends EngineClientBase {
  readonly kind = 'ws' as const
  readonly sharesEngineClock: boolean
  private socket: BridgeSocket | null = null
  private attempt = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(private readonly options: WsClientOptions) {
    super()
    this.sharesEngineClock = isLoopbackUrl(options.url)
    this.open()
  }

  send(message: ViewMessage): void {
    // Messages for a connection that is down are meaningless on the next one (it starts with ready).
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message))
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const socket = this.socket
    this.socket = null
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null
      // Closing a socket that is still connecting reports an error; an EventEmitter-based
      // implementation throws it when nobody listens.
      socket.onerror = () => undefined
      socket.close(1000, 'view closed')
    }
    this.finishClose()
  }

  private open(): void {
    let socket: BridgeSocket
    try {
      const Impl =
        this.options.WebSocketImpl ?? (globalThis as { WebSocket?: BridgeSocketConstructor }).WebSocket
      if (!Impl) throw new Error('WebSocket is not available')
      socket = new Impl(this.options.url)
    } catch (error) {
      console.error('tickwire: cannot open bridge socket', error)
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      this.attempt = 0
      this.setState('open')
      this.send({ type: 'ready' })
    }
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return
      let raw: unknown
      try {
        raw = JSON.parse(event.data)
      } catch {
        return
      }
      const message = parseEngineMessage(raw)
      if (message) this.deliver(message)
    }
    // 'error' is always followed by 'close': reconnect once, from there. The handler must exist
    // (an EventEmitter-based implementation throws an unhandled 'error' otherwise).
    socket.onerror = () => undefined
    socket.onclose = (event) => {
      if (this.socket !== socket) return
      this.socket = null
      // The engine closes a view it cannot serve with 1011 and the reason: say it, not just "reconnecting".
      const reason = closeReason(event)
      if (reason !== null) this.deliver({ type: 'error', message: `this view was closed: ${reason}` })
      this.scheduleReconnect()
    }
  }

  private scheduleReconnect(): void {
    if (this.closed) return
    this.setState('reconnecting')
    const delay = reconnectDelay(
      this.attempt++,
      this.options.initialDelayMs ?? 500,
      this.options.maxDelayMs ?? 10_000
    )
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      if (!this.closed) this.open()
    }, delay)
  }
}
