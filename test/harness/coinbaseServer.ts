import { WebSocketServer, type WebSocket } from 'ws'

/**
 * A real `ws` server on 127.0.0.1 speaking the Coinbase Exchange feed protocol
 * (wss://ws-feed.exchange.coinbase.com) as documented:
 * - the client must send `{"type":"subscribe","product_ids":[…],"channels":[…]}` within 5 s or
 *   is disconnected; every subscribe/unsubscribe is answered with a `subscriptions` message
 *   listing all active subscriptions, or an `error` (`Failed to subscribe`, reason
 *   `<product> is not a valid product`) that refuses the whole request;
 * - `ticker` messages per product: `sequence` advances on every order-book event (so tickers
 *   skip sequence numbers), `trade_id` is contiguous per product;
 * - `heartbeat` messages once a second per product with `sequence` and `last_trade_id`.
 * Faults for tests: server-initiated close, abrupt destroy, going silent (no data, no heartbeats,
 * no pongs: a half-open peer), lost tickers (a gap), garbage, restart on the same port. Every
 * client message is recorded for exact assertions.
 */
export class CoinbaseServer {
  /** Every text message received from any client, in order. */
  readonly received: string[] = []
  connections = 0
  /** Products the exchange refuses as `<product> is not a valid product`. */
  readonly invalidProducts = new Set<string>(['NOPE-USD'])
  /** How many of the next connections get no reply to any subscribe/unsubscribe (a stuck exchange). */
  unansweredConnections = 0
  private readonly server: WebSocketServer
  private readonly clients = new Map<WebSocket, Client>()
  private readonly products = new Map<string, ProductBook>()
  private heartbeatTimer: NodeJS.Timeout

  private constructor(
    server: WebSocketServer,
    private readonly subscribeDeadlineMs: number
  ) {
    this.server = server
    server.on('connection', (socket) => this.onConnection(socket))
    this.heartbeatTimer = setInterval(() => this.heartbeat(), 1_000)
  }

  /**
   * `port` restarts a server on the port a previous one had; `subscribeDeadlineMs` is how long a
   * connection may go without subscribing (Coinbase: 5 s).
   */
  static start(options: { port?: number; subscribeDeadlineMs?: number } = {}): Promise<CoinbaseServer> {
    return new Promise((resolve, reject) => {
      // Pongs are sent by hand so a silent connection can stop answering pings.
      const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, autoPong: false })
      wss.once('error', reject)
      wss.once('listening', () => resolve(new CoinbaseServer(wss, options.subscribeDeadlineMs ?? 5_000)))
    })
  }

  get port(): number {
    const address = this.server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`
  }

  get openClients(): number {
    return this.clients.size
  }

  /** The client messages parsed, for assertions on their content. */
  get requests(): unknown[] {
    return this.received.map((text) => JSON.parse(text) as unknown)
  }

  /** Products subscribed to `channel` on the newest connection. */
  subscribedTo(channel: string): string[] {
    const newest = [...this.clients.values()].at(-1)
    return [...(newest?.channels.get(channel) ?? [])]
  }

  /**
   * One trade on `product`: the trade id advances by one, the sequence by a few (other order
   * events happened in between), and every client subscribed to its ticker gets the message.
   */
  trade(
    product: string,
    fields: { price: string; best_bid?: string; best_ask?: string; time?: string }
  ): void {
    const book = this.book(product)
    book.tradeId += 1
    book.sequence += 3
    const message = {
      type: 'ticker',
      sequence: book.sequence,
      product_id: product,
      price: fields.price,
      open_24h: book.open24h,
      volume_24h: book.volume24h,
      low_24h: fields.price,
      high_24h: fields.price,
      volume_30d: book.volume24h,
      best_bid: fields.best_bid ?? fields.price,
      best_bid_size: '0.5',
      best_ask: fields.best_ask ?? fields.price,
      best_ask_size: '0.25',
      side: 'buy',
      time: fields.time ?? new Date().toISOString().replace('Z', '123Z'),
      trade_id: book.tradeId,
      last_size: '0.01'
    }
    this.publish('ticker', product, message)
  }

  /** `count` trades happen whose tickers are lost on the way (a real gap for the client). */
  loseTrades(product: string, count: number): void {
    const book = this.book(product)
    book.tradeId += count
    book.sequence += 3 * count
  }

  /** Sets the 24 h statistics sent with the next tickers. */
  setStats(product: string, stats: { open24h: string; volume24h: string }): void {
    const book = this.book(product)
    book.open24h = stats.open24h
    book.volume24h = stats.volume24h
  }

  /** One heartbeat per product to every (non-silent) client subscribed to `heartbeat`. */
  heartbeat(): void {
    for (const [socket, client] of this.clients) {
      if (client.silent) continue
      for (const product of client.channels.get('heartbeat') ?? []) {
        const book = this.book(product)
        socket.send(
          JSON.stringify({
            type: 'heartbeat',
            sequence: book.sequence,
            last_trade_id: book.tradeId,
            product_id: product,
            time: new Date().toISOString().replace('Z', '456Z')
          })
        )
      }
    }
  }

  /** Sends text (or JSON of a value) to every non-silent client as it is: garbage, oversize. */
  sendRaw(message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message)
    for (const [socket, client] of this.clients) if (!client.silent) socket.send(text)
  }

  /** Closes every client connection from the server side (the server keeps listening). */
  closeClients(code = 1001, reason = 'going away'): void {
    for (const socket of this.clients.keys()) socket.close(code, reason)
  }

  /** Destroys every client's TCP socket without a close handshake. */
  destroyClients(): void {
    for (const socket of this.clients.keys()) socket.terminate()
  }

  /**
   * The current connections stay open but send nothing more, not even pongs: a half-open or
   * stalled peer. Connections made afterwards behave normally.
   */
  silenceClients(): void {
    for (const client of this.clients.values()) client.silent = true
  }

  close(): Promise<void> {
    clearInterval(this.heartbeatTimer)
    for (const [socket, client] of this.clients) {
      clearTimeout(client.deadline)
      socket.terminate()
    }
    this.clients.clear()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private onConnection(socket: WebSocket): void {
    this.connections++
    const client: Client = {
      channels: new Map(),
      silent: false,
      subscribed: false,
      unanswered: this.unansweredConnections > 0,
      deadline: setTimeout(() => {
        if (!client.subscribed) socket.close(1008, 'no subscribe received within 5 s')
      }, this.subscribeDeadlineMs)
    }
    if (client.unanswered) this.unansweredConnections--
    this.clients.set(socket, client)
    socket.on('ping', (data) => {
      if (!client.silent) socket.pong(data)
    })
    socket.on('message', (data) => {
      const text = data.toString()
      this.received.push(text)
      if (!client.silent) this.onRequest(socket, client, text)
    })
    socket.on('close', () => {
      clearTimeout(client.deadline)
      this.clients.delete(socket)
    })
  }

  private onRequest(socket: WebSocket, client: Client, text: string): void {
    const reply = (message: unknown): void => socket.send(JSON.stringify(message))
    let request: { type?: unknown; product_ids?: unknown; channels?: unknown }
    try {
      request = JSON.parse(text) as typeof request
    } catch {
      reply({ type: 'error', message: 'Malformed JSON', reason: 'invalid character' })
      return
    }
    if (request.type !== 'subscribe' && request.type !== 'unsubscribe') {
      reply({
        type: 'error',
        message: 'Failed to subscribe',
        reason: `${String(request.type)} is not a valid type`
      })
      return
    }
    if (client.unanswered) {
      // Received (so no 5 s disconnect), just never answered.
      client.subscribed = true
      return
    }
    const products = Array.isArray(request.product_ids) ? request.product_ids.map(String) : []
    const channels = Array.isArray(request.channels) ? request.channels.map(String) : []
    const invalid = products.find((p) => this.invalidProducts.has(p))
    if (invalid !== undefined) {
      reply({ type: 'error', message: 'Failed to subscribe', reason: `${invalid} is not a valid product` })
      return
    }
    if (request.type === 'subscribe') {
      if (products.length === 0) {
        reply({
          type: 'error',
          message: 'Failed to subscribe',
          reason: `You need to specify at least one product ID for channel ${channels[0] ?? 'ticker'}`
        })
        return
      }
      client.subscribed = true
      for (const channel of channels) {
        const set = client.channels.get(channel) ?? new Set<string>()
        for (const product of products) set.add(product)
        client.channels.set(channel, set)
      }
    } else {
      for (const channel of channels)
        for (const product of products) client.channels.get(channel)?.delete(product)
    }
    reply({
      type: 'subscriptions',
      channels: [...client.channels]
        .filter(([, set]) => set.size > 0)
        .map(([name, set]) => ({ name, product_ids: [...set] }))
    })
  }

  private publish(channel: string, product: string, message: unknown): void {
    const text = JSON.stringify(message)
    for (const [socket, client] of this.clients) {
      if (!client.silent && client.channels.get(channel)?.has(product)) socket.send(text)
    }
  }

  private book(product: string): ProductBook {
    let book = this.products.get(product)
    if (book === undefined) {
      book = { sequence: 1_000, tradeId: 500, open24h: '100.00', volume24h: '1000.00' }
      this.products.set(product, book)
    }
    return book
  }
}

interface Client {
  channels: Map<string, Set<string>>
  silent: boolean
  subscribed: boolean
  unanswered: boolean
  deadline: NodeJS.Timeout
}

interface ProductBook {
  sequence: number
  tradeId: number
  open24h: string
  volume24h: string
}
