import type { Server as HttpServer } from 'node:http'
import type { AddressInfo, Server as NetServer } from 'node:net'
import type { WebSocketServer } from 'ws'

/** Listens and resolves with the bound port (useful with port 0). */
export function listen(server: NetServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/** IPv6 literals need brackets in a URL. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export function closeWebSocketServer(wss: WebSocketServer): Promise<void> {
  return new Promise((resolve) => wss.close(() => resolve()))
}

/** Closes the listener and every open connection, including idle keep-alive ones. */
export function closeHttpServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Closes a plain TCP listener; the caller has already ended its connections. */
export function closeNetServer(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}
