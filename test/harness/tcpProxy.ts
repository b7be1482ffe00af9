import { createConnection, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP proxy on a free 127.0.0.1 port in front of one server, whose link can be cut: `cut()`
 * drops every connection and refuses new ones (as a pulled cable or a firewall would) until
 * `restore()`. The server behind it keeps running for everyone else.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>()
  private isCut = false

  private constructor(
    private readonly server: Server,
    readonly port: number
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null
    const server = createServer((client) => {
      if (proxy === null || proxy.isCut) {
        client.destroy()
        return
      }
      const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
      for (const s of [client, upstream]) {
        proxy.sockets.add(s)
        s.on('close', () => proxy?.sockets.delete(s))
        s.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    proxy = new TcpProxy(server, address.port)
    return proxy
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`
  }

  cut(): void {
    this.isCut = true
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
  }

  restore(): void {
    this.isCut = false
  }

  async stop(): Promise<void> {
    this.cut()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
