import WebSocket from 'ws'
import type { MarketConfig } from '@shared/config'
import { Backoff } from './backoff'
import { wallNow } from './clock'
import { MarketMessageDecoder } from './marketMessage'
import type { Source, SourceSink } from './sourceSink'
import { renderSubscribe } from './subscribeTemplate'
import { loadTls } from './tlsFiles'

/** A peer that does not answer a WebSocket ping within this interval is considered dead. */
const HEARTBEAT_MS = 15_000
/** How long `stop()` waits for a polite close before tearing the socket down. */
const CLOSE_GRACE_MS = 500

/**
 * One WebSocket market-data connection with the `json` adapter: (re)connects with backoff, sends
 * the subscribe message on every open, and pushes ticks into its sink. Usable on its own (the
 * benchmark drives one against a real server).
 */
export class MarketSource implements Source {
  readonly id: string
  private readonly decoder: MarketMessageDecoder
  private readonly backoff: Backoff
  private socket: WebSocket | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private heartbeatTimer: NodeJS.Timeout | null = null
  private awaitingPong = false
  private started = false
  private stopped = false
  private stopping: Promise<void> | null = null

  constructor(
    private readonly config: MarketConfig,
    private readonly sink: SourceSink
  ) {
    this.id = config.id
    this.decoder = new MarketMessageDecoder(config.id, config.mapping, config.symbols, sink)
    this.backoff = new Backoff(config.reconnect)
  }

  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.sink.state('connecting')
    this.connect()
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    this.stopped = true
    this.clearTimers()
    const socket = this.socket
    this.socket = null
    this.stopping = new Promise<void>((resolve) => {
      if (socket === null || socket.readyState === WebSocket.CLOSED) {
        resolve()
        return
      }
      const force = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS)
      socket.once('close', () => {
        clearTimeout(force)
        resolve()
      })
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate()
      else socket.close(1000, 'tickwire stopping')
    }).then(() => {
      if (this.started) this.sink.state('closed')
    })
    return this.stopping
  }

  private connect(): void {
    this.reconnectTimer = null
    if (this.stopped) return
    let socket: WebSocket
    try {
      const tls = loadTls(this.config.tls)
      socket = new WebSocket(this.config.url, { ...tls, handshakeTimeout: 10_000 })
    } catch (err) {
      this.scheduleReconnect((err as Error).message)
      return
    }
    this.socket = socket
    let lastError: string | undefined
    socket.on('open', () => this.onOpen(socket))
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const receivedAt = wallNow()
      this.sink.message()
      if (isBinary) {
        this.sink.malformed('binary frame')
        return
      }
      this.decoder.decode(typeof data === 'string' ? data : data.toString(), receivedAt)
    })
    socket.on('pong', () => {
      this.awaitingPong = false
    })
    socket.on('error', (err: Error) => {
      lastError = err.message
    })
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.socket !== socket) return
      this.socket = null
      this.stopHeartbeat()
      this.backoff.closed(Date.now())
      const why = lastError ?? `connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`
      this.scheduleReconnect(why)
    })
  }

  private onOpen(socket: WebSocket): void {
    if (this.socket !== socket) return
    this.backoff.opened(Date.now())
    this.sink.state('open')
    if (this.config.subscribe !== undefined) {
      socket.send(JSON.stringify(renderSubscribe(this.config.subscribe, this.config.symbols)))
    }
    this.awaitingPong = false
    this.heartbeatTimer = setInterval(() => {
      if (this.awaitingPong) {
        socket.terminate()
        return
      }
      this.awaitingPong = true
      socket.ping()
    }, HEARTBEAT_MS)
  }

  private scheduleReconnect(error: string): void {
    if (this.stopped) return
    this.sink.state('reconnecting', error)
    this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.nextDelayMs())
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    this.heartbeatTimer = null
  }

  private clearTimers(): void {
    this.stopHeartbeat()
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
  }
}
