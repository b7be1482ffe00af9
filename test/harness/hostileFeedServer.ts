import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { WebSocketServer, type WebSocket } from 'ws'

/** One accepted feed connection: the `ws` socket for normal traffic, the TCP socket for raw frames. */
export interface FeedConnection {
  ws: WebSocket
  tcp: Socket
  /** 1-based, in order of arrival. */
  index: number
  closed: boolean
}

/**
 * A market-data feed server on 127.0.0.1 that misbehaves on purpose. The handshake is a real
 * `ws` server's (so the client sees a genuine WebSocket); after it, the test sends well-formed
 * text messages through `ws`, or writes a raw frame header on the TCP socket that announces a
 * huge payload and streams filler in chunks on timers (honouring backpressure) until the peer
 * hangs up — a 250 MB frame without ever holding 250 MB here.
 */
export class HostileFeedServer {
  readonly connections: FeedConnection[] = []
  /** Text messages clients sent (subscribe requests). */
  readonly received: string[] = []
  // No automatic pongs: nothing but the test may write on a socket that carries a raw frame.
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: false })
  private readonly waiters = new Set<() => void>()

  private constructor(private readonly http: Server) {
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {})
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket as Socket))
    })
  }

  static async start(): Promise<HostileFeedServer> {
    const http = createServer((_req, res) => res.writeHead(426).end())
    http.listen(0, '127.0.0.1')
    await once(http, 'listening')
    return new HostileFeedServer(http)
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/feed`
  }

  /** Waits for the `index`-th connection (1-based) and returns it while it is open. */
  connection(index: number, timeoutMs = 10_000): Promise<FeedConnection> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake)
        reject(new Error(`hostile feed: timed out waiting for connection #${index}`))
      }, timeoutMs)
      const wake = (): void => {
        const c = this.connections[index - 1]
        if (c === undefined || c.closed) return
        clearTimeout(timer)
        this.waiters.delete(wake)
        resolve(c)
      }
      this.waiters.add(wake)
      wake()
    })
  }

  /** The newest open connection. */
  get current(): FeedConnection | undefined {
    return this.connections.findLast((c) => !c.closed)
  }

  /**
   * Sends text frames one after another, each once the previous one was handed to the kernel
   * (`ws` calls back from the socket write), so a big burst never piles up here.
   */
  async sendAll(connection: FeedConnection, messages: Iterable<string>): Promise<void> {
    for (const text of messages) {
      if (connection.closed) throw new Error(`connection #${connection.index} closed while sending`)
      await new Promise<void>((resolve, reject) =>
        connection.ws.send(text, (err) => (err ? reject(err) : resolve()))
      )
    }
  }

  /**
   * Writes one unmasked text frame header announcing `payloadBytes` (64-bit length form), then
   * `fill` bytes in `chunkBytes` chunks, one per timer tick or drain, until all are written or
   * the peer closes. Resolves with what was written and whether the peer hung up first.
   */
  async streamOversizedFrame(
    connection: FeedConnection,
    payloadBytes: number,
    options: { chunkBytes?: number; intervalMs?: number; fill?: number } = {}
  ): Promise<{ written: number; closedByPeer: boolean; ms: number }> {
    const started = Date.now()
    const header = Buffer.alloc(10)
    header[0] = 0x81 // FIN, text
    header[1] = 127 // 64-bit extended payload length, no mask (server to client)
    header.writeBigUInt64BE(BigInt(payloadBytes), 2)
    const chunk = Buffer.alloc(options.chunkBytes ?? 256 * 1024, options.fill ?? 0x20)
    const tcp = connection.tcp
    const write = async (bytes: Buffer): Promise<boolean> => {
      if (connection.closed || tcp.destroyed) return false
      if (tcp.write(bytes)) return true
      return new Promise((resolve) => {
        const done = (ok: boolean) => () => {
          tcp.off('drain', onDrain)
          tcp.off('close', onClose)
          resolve(ok)
        }
        const onDrain = done(true)
        const onClose = done(false)
        tcp.once('drain', onDrain)
        tcp.once('close', onClose)
      })
    }
    let written = 0
    let left = payloadBytes
    if (await write(header)) {
      while (left > 0) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
        if (!(await write(part))) break
        written += part.length
        left -= part.length
        await sleep(options.intervalMs ?? 1)
      }
    }
    return { written, closedByPeer: connection.closed || tcp.destroyed, ms: Date.now() - started }
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.tcp.destroy()
    this.wss.close()
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private accept(ws: WebSocket, tcp: Socket): void {
    const connection: FeedConnection = { ws, tcp, index: this.connections.length + 1, closed: false }
    this.connections.push(connection)
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.received.push(data.toString())
    })
    ws.on('error', () => {})
    const closed = (): void => {
      if (connection.closed) return
      connection.closed = true
      this.changed()
    }
    ws.on('close', closed)
    tcp.on('close', closed)
    this.changed()
  }

  private changed(): void {
    for (const wake of [...this.waiters]) wake()
  }
}
