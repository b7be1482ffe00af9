import { WebSocketServer, type RawData, type WebSocket } from 'ws'

/**
 * A real `ws` server on 127.0.0.1 speaking Kraken's public WebSocket v2 (docs.kraken.com,
 * spot-websocket-v2): a `status` update on connect; `subscribe`/`unsubscribe` for channel
 * `ticker` answered once per symbol (success with `result.symbol`, or `success:false` with
 * `error` and a top-level `symbol`) followed by a `snapshot`; `update`s on `publish`; `ping`
 * answered with `pong`; `{"channel":"heartbeat"}` about once a second while a connection has
 * subscriptions and nothing else was sent. Faults: server close, abrupt destroy, silence
 * (half-open: nothing sent, WebSocket pings unanswered), raw text, restart on the same port.
 */

/** The full ticker Kraken keeps per pair; every snapshot and update carries all of it. */
export interface KrakenTickerState {
  symbol: string
  bid: number
  bid_qty: number
  ask: number
  ask_qty: number
  last: number
  volume: number
  vwap: number
  low: number
  high: number
  change: number
  change_pct: number
  timestamp?: string
}

/** One text message a client sent, with the number of the connection it came on (1-based). */
export interface ReceivedMessage {
  connection: number
  text: string
}

interface ClientState {
  id: number
  subscribed: Set<string>
  lastSentAt: number
  /** Half-open: nothing at all is sent (data, acks, pongs, heartbeats, WebSocket pongs). */
  silent: boolean
}

const DEFAULT_TICKER: Omit<KrakenTickerState, 'symbol'> = {
  bid: 100,
  bid_qty: 1,
  ask: 101,
  ask_qty: 1,
  last: 100.5,
  volume: 10,
  vwap: 100.2,
  low: 99,
  high: 102,
  change: 0.5,
  change_pct: 0.5
}

/** Kraken's stamp format: RFC 3339 with microseconds. */
function wireTime(): string {
  return new Date().toISOString().replace('Z', '000Z')
}

export class KrakenServer {
  /** Every text message received from any client, in order. */
  readonly received: ReceivedMessage[] = []
  connections = 0
  /** Pairs Kraken "does not support": subscribing to them is refused per symbol. */
  readonly unsupported = new Set<string>(['XBT/USD'])
  private readonly tickers = new Map<string, KrakenTickerState>()
  private readonly clients = new Map<WebSocket, ClientState>()
  private server: WebSocketServer | null = null
  private heartbeatTimer: NodeJS.Timeout | null = null
  private boundPort = 0

  private constructor(private readonly heartbeatMs: number) {}

  /** Starts on a free port (or `port`); heartbeats every `heartbeatMs` (Kraken: ~1 s). */
  static async start(options: { port?: number; heartbeatMs?: number } = {}): Promise<KrakenServer> {
    const server = new KrakenServer(options.heartbeatMs ?? 1000)
    await server.listen(options.port ?? 0)
    return server
  }

  get port(): number {
    return this.boundPort
  }

  get url(): string {
    return `ws://127.0.0.1:${this.boundPort}/v2`
  }

  get openClients(): number {
    return this.clients.size
  }

  /** Symbols subscribed on the open connections. */
  subscribedSymbols(): string[] {
    return [...this.clients.values()].flatMap((c) => [...c.subscribed])
  }

  /** The current ticker for `symbol` (created with defaults on first use). */
  ticker(symbol: string): KrakenTickerState {
    let state = this.tickers.get(symbol)
    if (state === undefined) {
      state = { symbol, ...DEFAULT_TICKER }
      this.tickers.set(symbol, state)
    }
    return state
  }

  /** Changes a ticker and sends an `update` (the full ticker) to every subscriber of it. */
  publish(symbol: string, fields: Partial<Omit<KrakenTickerState, 'symbol'>>): void {
    const state = Object.assign(this.ticker(symbol), fields)
    const text = JSON.stringify({ channel: 'ticker', type: 'update', data: [state] })
    for (const [socket, client] of this.clients) if (client.subscribed.has(symbol)) this.sendTo(socket, text)
  }

  /** Sends text (or JSON of a value) as is to every client. */
  sendRaw(message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message)
    for (const socket of this.clients.keys()) this.sendTo(socket, text)
  }

  /** A polite server-initiated close of every connection (Kraken restarts with 1012/1001). */
  closeClients(code = 1012, reason = 'service restart'): void {
    for (const socket of this.clients.keys()) socket.close(code, reason)
  }

  /**
   * Half-open: the open connections stay open but receive nothing more, not even WebSocket pongs
   * (as when the path to the exchange dies without a FIN). Connections made later behave normally.
   */
  goSilent(): void {
    for (const client of this.clients.values()) client.silent = true
  }

  /** Tears every connection down at the TCP level, without a close frame. */
  destroyClients(): void {
    for (const socket of this.clients.keys()) socket.terminate()
  }

  /** Stops the listener and drops every connection; `restart` listens on the same port again. */
  async stop(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    this.heartbeatTimer = null
    const server = this.server
    this.server = null
    if (server === null) return
    for (const socket of this.clients.keys()) socket.terminate()
    this.clients.clear()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** A restart of the exchange: every connection dropped, then listening again on the same port. */
  async restart(downMs = 0): Promise<void> {
    const port = this.boundPort
    await this.stop()
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs))
    await this.listen(port)
  }

  close(): Promise<void> {
    return this.stop()
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      // autoPong off: a silent (half-open) server must not answer WebSocket pings either.
      const wss = new WebSocketServer({ host: '127.0.0.1', port, autoPong: false })
      wss.once('error', reject)
      wss.once('listening', () => {
        const address = wss.address()
        this.boundPort = typeof address === 'object' && address !== null ? address.port : 0
        this.server = wss
        wss.on('connection', (socket) => this.accept(socket))
        this.heartbeatTimer = setInterval(() => this.heartbeats(), this.heartbeatMs)
        resolve()
      })
    })
  }

  private accept(socket: WebSocket): void {
    const client: ClientState = {
      id: ++this.connections,
      subscribed: new Set(),
      lastSentAt: 0,
      silent: false
    }
    this.clients.set(socket, client)
    socket.on('message', (data: RawData) => this.onMessage(socket, client, data.toString()))
    socket.on('ping', (data: Buffer) => {
      if (!client.silent) socket.pong(data)
    })
    socket.on('close', () => this.clients.delete(socket))
    socket.on('error', () => {})
    this.sendTo(
      socket,
      JSON.stringify({
        channel: 'status',
        type: 'update',
        data: [{ version: '2.0.10', system: 'online', api_version: 'v2', connection_id: client.id }]
      })
    )
  }

  private onMessage(socket: WebSocket, client: ClientState, text: string): void {
    this.received.push({ connection: client.id, text })
    let msg: { method?: unknown; params?: { channel?: unknown; symbol?: unknown }; req_id?: unknown }
    try {
      msg = JSON.parse(text) as typeof msg
    } catch {
      this.reply(socket, { error: 'Malformed request', success: false })
      return
    }
    const reqId = typeof msg.req_id === 'number' ? { req_id: msg.req_id } : {}
    const stamps = { time_in: wireTime(), time_out: wireTime() }
    if (msg.method === 'ping') {
      this.reply(socket, { method: 'pong', ...reqId, ...stamps })
      return
    }
    if (msg.method !== 'subscribe' && msg.method !== 'unsubscribe') {
      this.reply(socket, {
        error: 'Method not found',
        method: msg.method,
        success: false,
        ...reqId,
        ...stamps
      })
      return
    }
    const method = msg.method
    const symbols = msg.params?.symbol
    if (msg.params?.channel !== 'ticker' || !Array.isArray(symbols)) {
      this.reply(socket, { error: 'Invalid params', method, success: false, ...reqId, ...stamps })
      return
    }
    for (const symbol of symbols) {
      if (typeof symbol !== 'string') continue
      if (method === 'subscribe') this.subscribe(socket, client, symbol, reqId, stamps)
      else this.unsubscribe(socket, client, symbol, reqId, stamps)
    }
  }

  private subscribe(
    socket: WebSocket,
    client: ClientState,
    symbol: string,
    reqId: object,
    stamps: object
  ): void {
    if (this.unsupported.has(symbol) || !/^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)) {
      const error = `Currency pair not supported ${symbol}`
      this.reply(socket, { error, method: 'subscribe', success: false, symbol, ...reqId, ...stamps })
      return
    }
    if (client.subscribed.has(symbol)) {
      const error = 'Already subscribed'
      this.reply(socket, { error, method: 'subscribe', success: false, symbol, ...reqId, ...stamps })
      return
    }
    client.subscribed.add(symbol)
    const result = { channel: 'ticker', event_trigger: 'trades', snapshot: true, symbol }
    this.reply(socket, { method: 'subscribe', result, success: true, ...reqId, ...stamps })
    this.reply(socket, { channel: 'ticker', type: 'snapshot', data: [this.ticker(symbol)] })
  }

  private unsubscribe(
    socket: WebSocket,
    client: ClientState,
    symbol: string,
    reqId: object,
    stamps: object
  ): void {
    if (!client.subscribed.delete(symbol)) {
      const error = 'Subscription Not Found'
      this.reply(socket, { error, method: 'unsubscribe', success: false, symbol, ...reqId, ...stamps })
      return
    }
    const result = { channel: 'ticker', symbol }
    this.reply(socket, { method: 'unsubscribe', result, success: true, ...reqId, ...stamps })
  }

  /** Heartbeats go only to connections with a subscription that had nothing else for a beat. */
  private heartbeats(): void {
    const now = Date.now()
    for (const [socket, client] of this.clients) {
      if (client.subscribed.size > 0 && now - client.lastSentAt >= this.heartbeatMs * 0.9) {
        this.sendTo(socket, '{"channel":"heartbeat"}')
      }
    }
  }

  private reply(socket: WebSocket, message: object): void {
    this.sendTo(socket, JSON.stringify(message))
  }

  private sendTo(socket: WebSocket, text: string): void {
    const client = this.clients.get(socket)
    if (client === undefined || client.silent || socket.readyState !== socket.OPEN) return
    client.lastSentAt = Date.now()
    socket.send(text)
  }
}
