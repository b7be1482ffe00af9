import { createServer, connect, type Server, type Socket } from 'node:net'

interface RelayedPair {
  client: Socket
  upstream: Socket
  /** Bytes from the client are swallowed (its PUBACKs and PINGREQs never reach the broker). */
  upstreamStalled: boolean
  /** Bytes from the broker are swallowed too. */
  downstreamStalled: boolean
}

/**
 * A TCP relay on 127.0.0.1 between a client under test and a real broker, so a test can pull the
 * cable (`cut`), keep the client away (`block`), or leave a link half-dead (`stall*`) without
 * touching the client's internals. It forwards bytes only; it never parses MQTT.
 */
export class TcpRelay {
  /** Connections accepted and relayed (blocked ones not counted). */
  relayed = 0
  private readonly pairs = new Set<RelayedPair>()
  private blocked = false

  private constructor(
    private readonly server: Server,
    readonly port: number
  ) {}

  static start(targetPort: number): Promise<TcpRelay> {
    return new Promise((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        const port = typeof address === 'object' && address !== null ? address.port : 0
        const relay = new TcpRelay(server, port)
        server.on('connection', (client) => relay.accept(client, targetPort))
        resolve(relay)
      })
    })
  }

  url(scheme = 'mqtt'): string {
    return `${scheme}://127.0.0.1:${this.port}`
  }

  /** Destroys every relayed connection at once, with no goodbye either way (a pulled cable). */
  cut(): void {
    for (const pair of this.pairs) {
      pair.client.destroy()
      pair.upstream.destroy()
    }
    this.pairs.clear()
  }

  /** New connections are closed as soon as they arrive, until `unblock()`. */
  block(): void {
    this.blocked = true
  }

  unblock(): void {
    this.blocked = false
  }

  /** Current connections stay open, but nothing the client sends reaches the broker. */
  stallUpstream(): void {
    for (const pair of this.pairs) pair.upstreamStalled = true
  }

  /** Current connections stay open, but no byte passes either way (a half-open link). */
  stallBoth(): void {
    for (const pair of this.pairs) {
      pair.upstreamStalled = true
      pair.downstreamStalled = true
    }
  }

  stop(): Promise<void> {
    this.cut()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: Socket, targetPort: number): void {
    if (this.blocked) {
      client.destroy()
      return
    }
    this.relayed++
    const upstream = connect(targetPort, '127.0.0.1')
    const pair: RelayedPair = { client, upstream, upstreamStalled: false, downstreamStalled: false }
    this.pairs.add(pair)
    client.on('data', (chunk) => {
      if (!pair.upstreamStalled) upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (!pair.downstreamStalled) client.write(chunk)
    })
    const close = (): void => {
      this.pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    for (const socket of [client, upstream]) {
      socket.on('error', close)
      socket.on('close', close)
    }
  }
}
