/**
 * Application-layer authentication of an in-house feed against a real `ws` server that checks
 * the handshake header, the token in the URL query and the login message, and refuses a wrong
 * one: the subscribe waits for the login's acknowledgement, and a refused login is said once
 * ("authentication refused"), never retried in a loop. The token shows up nowhere.
 */
import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { configSchema, marketSchema } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { probeMarketFeed } from '../../../src/main/engine/connections/marketProbe'
import { freePort } from '../../harness/freePort'
import { waitFor } from '../../harness/waitFor'

const GOOD = 'tok-7c1f'

interface AuthServer {
  url: string
  received: string[]
  /** The `token` query parameter of each handshake (`null`: none). */
  queries: (string | null)[]
  connections: number
  close(): Promise<void>
}

/** Accepts only `Authorization: Bearer GOOD` (and, when given, `?token=GOOD`); then wants `{op:"login",token:GOOD}` first. */
async function authServer(): Promise<AuthServer> {
  const port = await freePort()
  const http: Server = createServer()
  const wss = new WebSocketServer({ noServer: true })
  const state: AuthServer = {
    url: `ws://127.0.0.1:${port}/feed`,
    received: [],
    queries: [],
    connections: 0,
    close: async () => {
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    }
  }
  http.on('upgrade', (req, socket, head) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token')
    state.queries.push(query)
    if (req.headers.authorization !== `Bearer ${GOOD}` || (query !== null && query !== GOOD)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      state.connections++
      let loggedIn = false
      ws.send(JSON.stringify({ banner: 'welcome' }))
      ws.on('message', (data) => {
        const text = data.toString()
        state.received.push(text)
        const m = JSON.parse(text) as { op?: string; token?: string; symbols?: string[] }
        if (!loggedIn) {
          if (m.op !== 'login') return ws.close(4000, 'login first')
          if (m.token !== GOOD) return ws.send(JSON.stringify({ login: 'denied' }))
          loggedIn = true
          return ws.send(JSON.stringify({ login: 'ok' }))
        }
        if (m.op === 'subscribe') for (const s of m.symbols ?? []) ws.send(JSON.stringify({ s, p: 101.25 }))
      })
    })
  })
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve))
  return state
}

const feed = (url: string, loginToken: string, headerToken = GOOD, inQuery = true) =>
  marketSchema.parse({
    id: 'desk',
    adapter: 'json',
    url,
    symbols: ['AAPL'],
    mapping: { symbol: 's', price: 'p' },
    subscribe: { op: 'subscribe', symbols: '{{symbols}}' },
    headers: { Authorization: `Bearer ${headerToken}` },
    auth: {
      token: loginToken,
      ...(inQuery ? { queryParam: 'token' } : {}),
      login: {
        message: { op: 'login', token: '{{token}}' },
        ackPath: 'login',
        ackValue: 'ok',
        timeoutMs: 2_000
      }
    }
  })

let engine: Engine | null = null
let server: AuthServer | null = null
afterEach(async () => {
  await engine?.stop()
  await server?.close()
  engine = null
  server = null
})

describe('authenticated market feeds', () => {
  it('sends header, query token and login, and subscribes only after the acknowledgement', async () => {
    server = await authServer()
    engine = new Engine(configSchema.parse({ market: [feed(server.url, GOOD)] }))
    engine.start()
    await waitFor(
      () => engine!.snapshot().tickers.find((t) => t.symbol === 'AAPL' && t.last === 101.25),
      'a tick'
    )
    expect(server.received.map((t) => JSON.parse(t) as unknown)).toEqual([
      { op: 'login', token: GOOD },
      { op: 'subscribe', symbols: ['AAPL'] }
    ])
    expect(server.queries).toEqual([GOOD])
    const stats = JSON.stringify(engine.stats())
    expect(stats).not.toContain(GOOD)
    expect(engine.stats().sources[0]).toMatchObject({ state: 'open', url: server.url })
  })

  it('a refused login reads "authentication refused" and is not retried', async () => {
    server = await authServer()
    engine = new Engine(configSchema.parse({ market: [feed(server.url, 'tok-wrong', GOOD, false)] }))
    engine.start()
    await waitFor(() => (engine!.stats().sources[0].state === 'closed' ? true : undefined), 'closed')
    const source = engine.stats().sources[0]
    expect(source.lastError).toBe('authentication refused: the feed answered login = denied')
    expect(source.lastError).not.toContain('tok-wrong')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(server.connections).toBe(1)
    expect(engine.stats().sources[0].reconnects).toBe(0)
  })

  it('a connection test says which layer refused: the handshake or the login', async () => {
    server = await authServer()
    const handshake = await probeMarketFeed(feed(server.url, GOOD, 'nope'))
    expect(handshake).toMatchObject({
      result: 'auth',
      message: 'Authentication refused: handshake refused: HTTP 401 (authentication refused)'
    })
    const query = await probeMarketFeed(feed(server.url, 'tok-wrong'))
    expect(query.result).toBe('auth')
    const login = await probeMarketFeed(feed(server.url, 'tok-wrong', GOOD, false))
    expect(login.result).toBe('auth')
    expect(login.message).toBe(
      'Authentication refused: authentication refused: the feed answered login = denied'
    )
    const ok = await probeMarketFeed(feed(server.url, GOOD))
    expect(ok).toMatchObject({ result: 'ok', ticks: [{ symbol: 'AAPL', last: 101.25 }] })
  })
})
