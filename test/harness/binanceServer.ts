import type { IncomingMessage } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'

/**
 * A Binance Spot market-stream server on 127.0.0.1, as documented in Binance's "WebSocket Streams"
 * page: `/stream` (combined: events wrapped as {"stream","data"}) and `/ws` (raw), optional
 * `?streams=a/b` at connect, live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS answered by id,
 * ping frames the client must answer with the same payload, the limit of 5 incoming messages per
 * second (pings, pongs and JSON messages; a connection over it is dropped), the `serverShutdown`
 * notice, and the faults tests need (server close, abrupt destroy, silence, garbage, gaps).
 */

const STREAM = /^[\p{Ll}\p{Lo}\p{Nd}_]+@(?:trade|bookTicker|miniTicker|aggTrade|ticker|depth)$/u
const MAX_STREAMS = 1024
const MAX_INCOMING_PER_SECOND = 5

export interface BinanceServerOptions {
  port?: number
  /** `false` makes the server ignore the client's pings (with `goSilent()`, a half-open peer). */
  autoPong?: boolean
  /** Binance pings every 20 s; tests make it short to see pongs. `0` sends none. */
  pingIntervalMs?: number
  /** Error answers as {"error":{"code","msg"},"id"} (default) or flat {"code","msg","id"}. */
  errorShape?: 'nested' | 'flat'
}

class Client {
  readonly streams = new Set<string>()
  /** Arrival times of incoming frames in the last second, for the rate limit. */
  readonly recent: number[] = []
  pingTimer: NodeJS.Timeout | null = null
  constructor(
    readonly socket: WebSocket,
    readonly combined: boolean
  ) {}
}

export class BinanceServer {
  /** Every text message any client sent, in order. */
  readonly received: string[] = []
  connections = 0
  closes = 0
  /** Connections dropped for sending more than 5 messages in a second. */
  rateLimitViolations = 0
  pongs = 0
  /** Pongs whose payload was not a copy of the ping's. */
  pongMismatches = 0
  /** Streams the server answers with an error, as Binance does for a stream name it refuses. */
  readonly refusedStreams = new Set<string>()
  private silent = false
  private readonly clients = new Set<Client>()
  private readonly tradeIds = new Map<string, number>()
  private pingSeq = 0

  private constructor(
    private readonly server: WebSocketServer,
    private readonly options: BinanceServerOptions
  ) {
    server.on('connection', (socket: WebSocket, request: IncomingMessage) => this.accept(socket, request))
  }

  static start(options: BinanceServerOptions = {}): Promise<BinanceServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({
        host: '127.0.0.1',
        port: options.port ?? 0,
        autoPong: options.autoPong ?? true
      })
      wss.once('error', reject)
      wss.once('listening', () => resolve(new BinanceServer(wss, options)))
    })
  }

  get port(): number {
    const address = this.server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  /** The combined-stream endpoint, like wss://stream.binance.com:9443/stream. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}/stream`
  }

  get openClients(): number {
    return this.clients.size
  }

  /** The received messages parsed, without the LIST_SUBSCRIPTIONS liveness probes. */
  get requests(): unknown[] {
    return this.received
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .filter((m) => m.method !== 'LIST_SUBSCRIPTIONS')
  }

  /** Whether some open connection is subscribed to `stream`. */
  subscribed(stream: string): boolean {
    for (const client of this.clients) if (client.streams.has(stream)) return true
    return false
  }

  /** Publishes a trade; ids follow on per symbol unless `skip` leaves some out (a gap). */
  trade(symbol: string, price: string, options: { E?: number; T?: number; skip?: number } = {}): number {
    const id = (this.tradeIds.get(symbol) ?? 0) + 1 + (options.skip ?? 0)
    this.tradeIds.set(symbol, id)
    const E = options.E ?? Date.now()
    this.publish(`${symbol.toLowerCase()}@trade`, {
      e: 'trade',
      E,
      s: symbol,
      t: id,
      p: price,
      q: '0.01000000',
      T: options.T ?? E,
      m: false,
      M: true
    })
    return id
  }

  bookTicker(symbol: string, bid: string, ask: string, updateId = 1): void {
    this.publish(`${symbol.toLowerCase()}@bookTicker`, {
      u: updateId,
      s: symbol,
      b: bid,
      B: '1.00000000',
      a: ask,
      A: '2.00000000'
    })
  }

  miniTicker(symbol: string, fields: { o: string; c: string; v: string; E?: number }): void {
    this.publish(`${symbol.toLowerCase()}@miniTicker`, {
      e: '24hrMiniTicker',
      E: fields.E ?? Date.now(),
      s: symbol,
      c: fields.c,
      o: fields.o,
      h: fields.c,
      l: fields.o,
      v: fields.v,
      q: '0'
    })
  }

  /** Sends `payload` on `stream` to every subscriber, wrapped on combined connections. */
  publish(stream: string, payload: unknown): void {
    for (const client of this.clients) {
      if (!client.streams.has(stream)) continue
      this.sendTo(client, client.combined ? { stream, data: payload } : payload)
    }
  }

  /** Sends text (or JSON of a value) to every client, whatever it subscribed: garbage, oversize. */
  sendRaw(message: unknown): void {
    for (const client of this.clients) this.sendTo(client, message)
  }

  /** "A serverShutdown event will be sent when the server is about to shutdown". */
  announceShutdown(): void {
    this.sendRaw({ e: 'serverShutdown', E: Date.now() })
  }

  /** Closes every connection with a close frame (the server keeps listening). */
  dropClients(code = 1001, reason = 'going away'): void {
    for (const client of this.clients) client.socket.close(code, reason)
  }

  /** Destroys every connection's TCP socket without a close frame. */
  destroyClients(): void {
    for (const client of this.clients) client.socket.terminate()
  }

  /**
   * Stops sending anything (data, answers, pings) while keeping connections open; started with
   * `autoPong: false` it also ignores pings, like a half-open TCP peer. New connections are
   * served normally again after `speak()`.
   */
  goSilent(): void {
    this.silent = true
  }

  speak(): void {
    this.silent = false
  }

  close(): Promise<void> {
    for (const client of this.clients) {
      this.forget(client)
      client.socket.terminate()
    }
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1')
    if (url.pathname !== '/stream' && !url.pathname.startsWith('/ws')) {
      socket.close(1008, 'unknown path')
      return
    }
    this.connections++
    const client = new Client(socket, url.pathname === '/stream')
    for (const stream of (url.searchParams.get('streams') ?? '').split('/')) {
      if (STREAM.test(stream)) client.streams.add(stream)
    }
    this.clients.add(client)
    // A silent server at connect time is a stalled one: it accepts but says nothing.
    socket.on('message', (data, isBinary) => {
      if (this.overLimit(client)) return
      const text = isBinary ? '' : data.toString()
      this.received.push(text)
      if (!this.silent) this.answer(client, text)
    })
    socket.on('ping', () => this.overLimit(client))
    socket.on('pong', (payload: Buffer) => {
      if (this.overLimit(client)) return
      this.pongs++
      if (payload.toString() !== `ping-${this.pingSeq}`) this.pongMismatches++
    })
    socket.on('close', () => {
      this.closes++
      this.forget(client)
    })
    socket.on('error', () => {})
    const every = this.options.pingIntervalMs ?? 20_000
    if (every > 0) {
      client.pingTimer = setInterval(() => {
        if (!this.silent && socket.readyState === socket.OPEN) socket.ping(`ping-${++this.pingSeq}`)
      }, every)
    }
  }

  private forget(client: Client): void {
    if (client.pingTimer !== null) clearInterval(client.pingTimer)
    client.pingTimer = null
    this.clients.delete(client)
  }

  /** Counts an incoming frame; past 5 in a second the connection is dropped, as Binance does. */
  private overLimit(client: Client): boolean {
    const now = Date.now()
    client.recent.push(now)
    while (client.recent.length > 0 && client.recent[0] <= now - 1000) client.recent.shift()
    if (client.recent.length <= MAX_INCOMING_PER_SECOND) return false
    this.rateLimitViolations++
    this.forget(client)
    client.socket.terminate()
    return true
  }

  private answer(client: Client, text: string): void {
    let request: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object')
      request = parsed as Record<string, unknown>
    } catch {
      this.error(client, null, 3, 'Invalid JSON: expected value at line 1 column 1')
      return
    }
    const id = request.id
    if (
      !(typeof id === 'number' && Number.isSafeInteger(id)) &&
      !(typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id)) &&
      id !== null
    ) {
      this.error(client, null, 2, 'Invalid request: request ID must be an unsigned integer')
      return
    }
    const params = request.params
    switch (request.method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        if (!Array.isArray(params) || params.some((p) => typeof p !== 'string' || !STREAM.test(p))) {
          this.error(client, id, 2, 'Invalid request: invalid stream')
          return
        }
        const streams = params as string[]
        const refused = streams.find((s) => this.refusedStreams.has(s))
        if (refused !== undefined) {
          this.error(client, id, 2, `Invalid request: invalid stream ${refused}`)
          return
        }
        if (request.method === 'SUBSCRIBE') {
          if (new Set([...client.streams, ...streams]).size > MAX_STREAMS) {
            this.error(client, id, 2, 'Invalid request: too many streams')
            return
          }
          for (const s of streams) client.streams.add(s)
        } else {
          for (const s of streams) client.streams.delete(s)
        }
        this.sendTo(client, { result: null, id })
        return
      }
      case 'LIST_SUBSCRIPTIONS':
        this.sendTo(client, { result: [...client.streams], id })
        return
      default:
        this.error(
          client,
          id,
          2,
          `Invalid request: unknown variant ${JSON.stringify(request.method)}, expected one of ` +
            '`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`'
        )
    }
  }

  private error(client: Client, id: unknown, code: number, msg: string): void {
    this.sendTo(client, this.options.errorShape === 'flat' ? { code, msg, id } : { error: { code, msg }, id })
  }

  private sendTo(client: Client, message: unknown): void {
    if (this.silent || client.socket.readyState !== client.socket.OPEN) return
    client.socket.send(typeof message === 'string' ? message : JSON.stringify(message))
  }
}
