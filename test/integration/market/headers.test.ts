import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { parseConfig, type TickwireConfig } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { waitFor } from '../../harness/waitFor'

/**
 * Issue 8: an in-house feed that wants a token in the handshake. A real `ws` server checks the
 * Authorization header and refuses a wrong one with 401; the token comes from `${env:…}`.
 */
let server: WebSocketServer | null = null
let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
  if (server) {
    for (const c of server.clients) c.terminate()
    await new Promise<void>((done) => server!.close(() => done()))
    server = null
  }
})

async function feedRequiring(token: string): Promise<{ url: string; seen: (string | undefined)[] }> {
  const seen: (string | undefined)[] = []
  server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, done) => {
      seen.push(info.req.headers.authorization)
      if (info.req.headers.authorization === `Bearer ${token}`) done(true)
      else done(false, 401, 'Unauthorized')
    }
  })
  await new Promise<void>((done) => server!.once('listening', () => done()))
  server.on('connection', (socket) => socket.send(JSON.stringify({ s: 'AAPL', p: 101.5 })))
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen }
}

function start(url: string, env: Record<string, string>): Engine {
  const text = JSON.stringify({
    market: [
      {
        id: 'desk',
        adapter: 'json',
        url,
        mapping: { symbol: 's', price: 'p' },
        headers: { Authorization: 'Bearer ${env:DESK_FEED_TOKEN}', 'X-Desk': 'three' },
        reconnect: { initialDelayMs: 50, maxDelayMs: 100 }
      }
    ]
  })
  const config: TickwireConfig = parseConfig(text, 'desk.json', env)
  engine = new Engine(config)
  engine.start()
  return engine
}

describe('handshake headers', () => {
  it('are sent on connect, with the token taken from the environment', async () => {
    const { url, seen } = await feedRequiring('s3cret')
    const e = start(url, { DESK_FEED_TOKEN: 's3cret' })
    await waitFor(() => e.snapshot().tickers.some((t) => t.key === 'desk/AAPL' && t.last === 101.5), 'a tick')
    expect(seen).toEqual(['Bearer s3cret'])
  })

  it('a refused handshake shows the status in words, never the token', async () => {
    const { url } = await feedRequiring('s3cret')
    const e = start(url, { DESK_FEED_TOKEN: 'wrong-token' })
    await waitFor(() => e.stats().sources[0].reconnects >= 1, 'refused')
    const desk = e.stats().sources[0]
    expect(desk.lastError).toBe('handshake refused: HTTP 401 (authentication refused)')
    expect(JSON.stringify(e.stats())).not.toContain('wrong-token')
  })

  it('are refused in the configuration when they could break the handshake or a header line', () => {
    const feed = (headers: Record<string, string>) =>
      JSON.stringify({
        market: [
          {
            id: 'd',
            adapter: 'json',
            url: 'ws://127.0.0.1:1/',
            mapping: { symbol: 's', price: 'p' },
            headers
          }
        ]
      })
    expect(() => parseConfig(feed({ 'Sec-WebSocket-Key': 'x' }), 'd.json')).toThrow(
      /headers\["Sec-WebSocket-Key"\]: is set by/
    )
    expect(() => parseConfig(feed({ 'X-Token': 'a\r\nInjected: 1' }), 'd.json')).toThrow(
      /headers\["X-Token"\]: must be one line/
    )
    expect(() => parseConfig(feed({ 'Bad Name': 'x' }), 'd.json')).toThrow(/is not an HTTP header name/)
  })
})
