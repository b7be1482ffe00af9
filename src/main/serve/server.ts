import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { BRIDGE_PATH } from '@shared/protocol'
import { handleApi, type ApiEngine } from './apiRoutes'
import { refuseUpgrade, sendJson, sendText } from './httpResponses'
import { createStaticHandler } from './staticFiles'
import { isAllowedHost, isSameOrigin, requestRole, tokensInForce, type AccessTokens } from './tokenAuth'
import { createViewBridge, type BridgeEngine } from './viewBridge'

/** The engine as browser mode uses it (`Pick<Engine, 'attachView' | 'snapshot' | 'stats'>`). */
export type ServeEngine = ApiEngine & BridgeEngine

export interface ServeServerOptions {
  engine: ServeEngine
  host: string
  /** 0 lets the OS choose. */
  port: number
  /**
   * When any is set, `/api/*` and the bridge require one (`?token=` or `Authorization: Bearer`),
   * and a view acts with the role of the token it presented.
   */
  tokens: AccessTokens
  /** The built renderer (`out/renderer`). */
  staticDir: string
  /** `false` (`--no-view`): no page and no view bridge, `/api/*` only. Default true. */
  view?: boolean
}

export interface ServeServer {
  /** `http://HOST:PORT/` (without the token). */
  url: string
  port: number
  close(): Promise<void>
}

/** What a headless collector answers where a page or a view would be. */
export const NO_VIEW = 'this Tickwire serves no view (--no-view): only /api/* is available'

/**
 * Browser mode: the built renderer, `/api/snapshot` and `/api/stats`, and the WebSocket bridge at
 * `BRIDGE_PATH`, all on one HTTP server.
 */
export async function startServeServer(options: ServeServerOptions): Promise<ServeServer> {
  const { engine, host, tokens } = options
  const tokenInForce = tokensInForce(tokens)
  const serveStatic = createStaticHandler(options.staticDir)
  const bridge = createViewBridge(engine)

  const server = createServer((req, res) => {
    const url = requestUrl(req)
    if (!url) {
      sendText(res, 400, 'Bad request\n')
      return
    }
    const { pathname } = url
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      if (!isAllowedHost(req, host, tokenInForce)) {
        sendJson(res, 403, { error: 'forbidden host' })
      } else if (requestRole(req, url, tokens) === null) {
        sendJson(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' })
      } else {
        handleApi(engine, req, res, url)
      }
      return
    }
    if (options.view === false) {
      sendJson(res, 404, { error: NO_VIEW })
      return
    }
    serveStatic(req, res, pathname).catch(() => res.destroy())
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const url = requestUrl(req)
    if (!url || url.pathname !== BRIDGE_PATH) return refuseUpgrade(socket, 404, { error: 'not found' })
    if (options.view === false) return refuseUpgrade(socket, 404, { error: NO_VIEW })
    if (!isAllowedHost(req, host, tokenInForce) || !isSameOrigin(req)) {
      return refuseUpgrade(socket, 403, { error: 'forbidden origin' })
    }
    const role = requestRole(req, url, tokens)
    if (role === null) return refuseUpgrade(socket, 401, { error: 'unauthorized' })
    bridge.accept(req, socket, head, role)
  })
  // A malformed request from one client must not take the server down.
  server.on('clientError', (_err, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port

  let closing: Promise<void> | null = null
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await bridge.close()
        await serverClosed
      })()
      return closing
    }
  }
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://tickwire.invalid')
  } catch {
    return null
  }
}
