import { WebSocketServer, type WebSocket } from 'ws'

/**
 * A real `ws` market-data server on 127.0.0.1 for tests: records what clients send (the
 * subscribe messages), pushes text to every client, and can drop connections server-side.
 */
export class FeedServer {
  /** Every text message received from any client, in order. */
  readonly received: string[] = []
  connections = 0
  closes = 0
  private readonly server: WebSocketServer
  private readonly clients = new Set<WebSocket>()

  private constructor(server: WebSocketServer) {
    this.server = server
    server.on('connection', (socket) => {
      this.connections++
      this.clients.add(socket)
      socket.on('message', (data) => this.received.push(data.toString()))
      socket.on('close', () => {
        this.closes++
        this.clients.delete(socket)
      })
    })
  }

  /**
   * `autoPong: false` makes a server that stops answering pings (with `silence()`, a half-open
   * peer); `port` restarts a server on the port a previous one had.
   */
  static start(options: { autoPong?: boolean; port?: number } = {}): Promise<FeedServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({
        host: '127.0.0.1',
        port: options.port ?? 0,
        autoPong: options.autoPong ?? true
      })
      wss.once('error', reject)
      wss.once('listening', () => resolve(new FeedServer(wss)))
    })
  }

  get port(): number {
    const address = this.server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/feed`
  }

  get openClients(): number {
    return this.clients.size
  }

  /** Sends text (or JSON of a value) to every connected client. */
  send(message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message)
    for (const client of this.clients) client.send(text)
  }

  /** Closes every client connection from the server side (the server keeps listening). */
  dropClients(): void {
    for (const client of this.clients) client.close(1012, 'restarting')
  }

  close(): Promise<void> {
    for (const client of this.clients) client.terminate()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
