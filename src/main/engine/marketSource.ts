import WebSocket from 'ws'
import type { WsMarketConfig } from '@shared/config'
import { Backoff } from './backoff'
import { wallNow } from './clock'
import { deliverMarketText } from './market/marketIntake'
import { NO_TAP, type WireTap } from './recording/wireTap'
import { guard } from './faults'
import { createMarketAdapter } from './market/createMarketAdapter'
import type { AdapterLink, MarketAdapter } from './market/marketAdapter'
import { proxyAgentFor } from './market/proxyAgent'
import type { Source, SourceSink } from './sourceSink'
import { loadTls } from './tlsFiles'
import { loginVerdict, renderLogin, urlWithToken } from './market/loginHandshake'

/** How long `stop()` waits for a polite close before tearing the socket down. */
const CLOSE_GRACE_MS = 500
/** Watchdog resolution; also the adapters' `everySecond` beat. */
const CHECK_INTERVAL_MS = 1_000
/** After a machine sleep, the connection must show life within this long or it is replaced. */
const HEALTH_CHECK_MS = 5_000

/**
 * One WebSocket market-data connection, whatever the exchange: (re)connects with backoff and full
 * jitter, watches for silence (half-open TCP, stalled server), refuses oversized messages, goes
 * through the environment's proxy, reconnects ahead of server lifetime limits, and changes symbols
 * live. The adapter (`config.adapter`) speaks the protocol. Usable on its own (the benchmark).
 */
export class MarketSource implements Source {
  readonly id: string
  private readonly adapter: MarketAdapter
  private readonly tap: WireTap
  private readonly backoff: Backoff
  private readonly watchdogMs: number
  private symbols: string[]
  private socket: WebSocket | null = null
  private link: AdapterLink | null = null
  private openedAt = 0
  private lastActivity = 0
  /** Set by `checkHealth`: the time by which the connection must have shown life. */
  private healthDeadline: number | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private checkTimer: NodeJS.Timeout | null = null
  private started = false
  private stopped = false
  /** The feed refused the login: retrying with the same token would only be refused again. */
  private refused = false
  /** Set while a login waits for its acknowledgement (messages go to it, not the adapter). */
  private pendingLogin: { socket: WebSocket; timer: NodeJS.Timeout } | null = null
  private stopping: Promise<void> | null = null

  constructor(
    private readonly config: WsMarketConfig,
    private readonly sink: SourceSink,
    /** `onText`: every text message as received (a connection test shows the first ones); `tap`: a recording. */
    private readonly options: { onText?: (text: string) => void; tap?: WireTap } = {}
  ) {
    this.tap = options.tap ?? NO_TAP
    this.id = config.id
    this.adapter = createMarketAdapter(config, sink)
    this.backoff = new Backoff(config.reconnect)
    this.watchdogMs = config.watchdogMs ?? this.adapter.defaultWatchdogMs
    this.symbols = [...config.symbols]
  }

  /** The symbols currently watched. */
  get watchedSymbols(): readonly string[] {
    return this.symbols
  }

  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.sink.state('connecting')
    this.connect()
  }

  /** Replaces the watchlist; an open connection is changed live, without reconnecting. */
  setSymbols(symbols: readonly string[]): void {
    const next = [...new Set(symbols)]
    const added = next.filter((s) => !this.symbols.includes(s))
    const removed = this.symbols.filter((s) => !next.includes(s))
    this.symbols = next
    if (added.length + removed.length === 0) return
    if (this.tap.active) this.tap.symbols(wallNow(), next)
    if (this.link !== null) this.adapter.symbolsChanged(this.link, added, removed, next)
  }

  checkHealth(): void {
    if (this.stopped || !this.started || this.refused) return
    if (this.socket === null) {
      // Waiting out a backoff that may have been set before the sleep: try now.
      if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer)
      this.connect()
      return
    }
    if (this.socket.readyState === WebSocket.OPEN) {
      this.healthDeadline = Date.now() + HEALTH_CHECK_MS
      this.socket.ping()
    }
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    this.stopped = true
    this.clearTimers()
    const socket = this.socket
    this.socket = null
    this.detach()
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
      const url = urlWithToken(this.adapter.connectUrl(this.config.url, this.symbols), this.config.auth)
      socket = new WebSocket(url, {
        ...loadTls(this.config.tls),
        agent: proxyAgentFor(url),
        ...(this.config.headers === undefined ? {} : { headers: this.config.headers }),
        handshakeTimeout: 10_000,
        // Enforced by ws while it reads: a frame announced larger is refused before its body is
        // buffered, and the connection closed (1009). Checking after the fact held it in memory.
        maxPayload: this.config.maxMessageBytes,
        perMessageDeflate: false
      })
    } catch (err) {
      this.scheduleReconnect((err as Error).message)
      return
    }
    this.socket = socket
    let lastError: string | undefined
    // Every callback is guarded: an exception in this source (or in the engine behind its sink)
    // is reported and the source replaced, never thrown into ws's emitter (which would end the process).
    const fault = (context: string, err: unknown): void => this.sink.fault(context, err)
    socket.on(
      'open',
      guard('open', fault, () => this.onOpen(socket))
    )
    socket.on(
      'message',
      guard('message', fault, (data: WebSocket.RawData, isBinary: boolean) => {
        const receivedAt = wallNow()
        this.lastActivity = Date.now()
        this.healthDeadline = null
        this.sink.message()
        if (isBinary) {
          if (this.tap.active) this.tap.binary(receivedAt, byteLength(data))
          this.sink.malformed('binary frame')
          return
        }
        const text = data.toString()
        this.options.onText?.(text)
        const login = this.pendingLogin?.socket === socket
        if (this.tap.active) this.tap.text(receivedAt, text, !login && this.link !== null)
        if (login) {
          this.onLoginAnswer(socket, text)
          return
        }
        if (this.link === null) return
        deliverMarketText(this.adapter, this.link, this.sink, text, receivedAt)
      })
    )
    // Pings and pongs prove the TCP path is alive, not that data flows: they satisfy a health
    // check, but only messages feed the silence watchdog.
    const alive = (): void => {
      this.healthDeadline = null
    }
    socket.on('ping', alive)
    socket.on('pong', alive)
    socket.on(
      'error',
      guard('error', fault, (err: Error & { code?: string }) => {
        if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
          const max = this.config.maxMessageBytes
          const reason = `message over maxMessageBytes (${max} bytes): connection dropped`
          if (this.tap.active) this.tap.refused(wallNow(), reason)
          this.sink.malformed(reason)
          lastError = `dropped the connection: the feed sent a message over maxMessageBytes (${max} bytes)`
          return
        }
        lastError = handshakeRefusal(err.message) ?? err.message
      })
    )
    socket.on(
      'close',
      guard('close', fault, (code: number, reason: Buffer) => {
        if (this.socket !== socket) return
        this.socket = null
        this.detach()
        this.backoff.closed(Date.now())
        const why = lastError ?? `connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`
        this.scheduleReconnect(why)
      })
    )
  }

  private onOpen(socket: WebSocket): void {
    if (this.socket !== socket) return
    const login = this.config.auth?.login
    if (login !== undefined && this.config.auth !== undefined) {
      // Logged in first, on every connect; the subscribe waits for the feed's acknowledgement.
      this.lastActivity = Date.now()
      socket.send(JSON.stringify(renderLogin(login.message, this.config.auth.token)))
      const timer = setTimeout(
        guard(
          'login',
          (context, err) => this.sink.fault(context, err),
          () => {
            if (this.pendingLogin?.socket !== socket) return
            this.pendingLogin = null
            this.replace(socket, `no login acknowledgement within ${login.timeoutMs / 1000} s`, false)
          }
        ),
        login.timeoutMs
      )
      this.pendingLogin = { socket, timer }
      return
    }
    this.onReady(socket)
  }

  private onLoginAnswer(socket: WebSocket, text: string): void {
    const login = this.config.auth?.login
    if (login === undefined) return
    const verdict = loginVerdict(text, login)
    if (verdict.kind === 'pending') return
    if (this.pendingLogin !== null) clearTimeout(this.pendingLogin.timer)
    this.pendingLogin = null
    if (verdict.kind === 'ack') {
      this.onReady(socket)
      return
    }
    // A refused login is the user's to fix (the token): said once, not retried in a loop.
    this.refused = true
    this.socket = null
    socket.removeAllListeners('message')
    socket.on('error', () => {})
    socket.terminate()
    this.sink.state('closed', `authentication refused: ${verdict.reason}`)
  }

  private onReady(socket: WebSocket): void {
    if (this.socket !== socket) return
    const now = Date.now()
    this.backoff.opened(now)
    this.openedAt = this.lastActivity = now
    this.healthDeadline = null
    const link: AdapterLink = {
      sink: this.sink,
      send: (message) => {
        if (this.link === link && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
      },
      reconnect: (reason) => {
        if (this.link === link) this.replace(socket, reason, true)
      },
      symbolStatus: (symbol, status, detail) => this.sink.symbolStatus(symbol, status, detail)
    }
    this.link = link
    this.sink.state('open')
    this.adapter.opened(link, this.symbols)
    this.checkTimer = setInterval(
      guard(
        'watchdog',
        (context, err) => this.sink.fault(context, err),
        () => this.check(socket, link)
      ),
      CHECK_INTERVAL_MS
    )
  }

  /** Watchdog, health deadline, lifetime limit and the adapter's beat, once a second. */
  private check(socket: WebSocket, link: AdapterLink): void {
    if (this.link !== link) return
    const now = Date.now()
    // The planned reconnect first: it is immediate, and a long-lived connection is not a silent one.
    const maxAge = this.adapter.maxConnectionAgeMs
    if (maxAge !== null && now - this.openedAt > maxAge) {
      this.replace(socket, 'planned reconnect ahead of the server’s connection lifetime limit', true)
      return
    }
    const quietMs = now - this.lastActivity
    if (quietMs > this.watchdogMs) {
      this.replace(
        socket,
        `no data for ${Math.round(quietMs / 1000)} s (watchdog ${this.watchdogMs / 1000} s)`,
        false
      )
      return
    }
    if (this.healthDeadline !== null && now > this.healthDeadline) {
      this.replace(socket, 'no answer after the machine woke up', true)
      return
    }
    // Half-way to the watchdog, nudge: a ping makes a dead TCP path fail fast.
    if (quietMs > this.watchdogMs / 2 && socket.readyState === WebSocket.OPEN) socket.ping()
    this.adapter.everySecond?.(link, now)
  }

  /** Drops `socket` now and reconnects: at once when `immediate`, else after backoff. */
  private replace(socket: WebSocket, reason: string, immediate: boolean): void {
    if (this.socket !== socket) return
    this.socket = null
    this.detach()
    socket.removeAllListeners('message')
    socket.on('error', () => {})
    socket.terminate()
    this.backoff.closed(Date.now())
    this.scheduleReconnect(reason, immediate ? 0 : undefined)
  }

  private detach(): void {
    if (this.pendingLogin !== null) clearTimeout(this.pendingLogin.timer)
    this.pendingLogin = null
    if (this.checkTimer) clearInterval(this.checkTimer)
    this.checkTimer = null
    if (this.link !== null) {
      this.link = null
      this.adapter.closed()
    }
  }

  private scheduleReconnect(error: string, delayMs = this.backoff.nextDelayMs()): void {
    if (this.stopped || this.refused) return
    this.sink.state('reconnecting', error)
    this.reconnectTimer = setTimeout(
      guard(
        'connect',
        (context, err) => this.sink.fault(context, err),
        () => this.connect()
      ),
      delayMs
    )
  }

  private clearTimers(): void {
    if (this.pendingLogin !== null) clearTimeout(this.pendingLogin.timer)
    this.pendingLogin = null
    if (this.checkTimer) clearInterval(this.checkTimer)
    this.checkTimer = null
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
  }
}

/**
 * ws reports a refused handshake as "Unexpected server response: 401": said in words, with the
 * status and never the headers sent (they may hold a token).
 */
function handshakeRefusal(message: string): string | null {
  const status = /^Unexpected server response: (\d{3})$/.exec(message)?.[1]
  if (status === undefined) return null
  const auth = status === '401' || status === '403' ? ' (authentication refused)' : ''
  return `handshake refused: HTTP ${status}${auth}`
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0)
  return data instanceof ArrayBuffer ? data.byteLength : data.length
}
