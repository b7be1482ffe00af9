/**
 * Browser mode's HTTP server around a real Engine fed by the real embedded demo, exercised with
 * plain `http` requests and a plain `ws` client on 127.0.0.1.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { BRIDGE_PATH } from '@shared/protocol'
import { startDemo, type RunningDemo } from '../../../src/main/demo/startDemo'
import { Engine } from '../../../src/main/engine/engine'
import { startServeServer, type ServeServer } from '../../../src/main/serve/server'
import { NO_TOKENS } from '../../../src/main/serve/tokenAuth'
import { acceptsTcp } from '../../harness/tcpProbe'
import { BridgeClient } from '../../harness/bridgeClient'
import { FRAMES_IN_FLIGHT } from '../../../src/main/engine/viewSession'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Raw request: the path is sent exactly as given (no client-side `..` normalization). */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET'
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Resolves with the HTTP status the bridge upgrade was refused with, or 101 when accepted. */
function upgradeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      ws.terminate()
    })
    ws.once('open', () => {
      ws.close()
      resolve(101)
    })
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err)
    })
  })
}

/** A bridge client that queues what arrives, so a test can wait for the next message of a type. */
let staticRoot: string
let secretFile: string
let demo: RunningDemo
let engine: Engine

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'tickwire-serve-'))
  staticRoot = join(base, 'renderer')
  mkdirSync(join(staticRoot, 'assets'), { recursive: true })
  writeFileSync(
    join(staticRoot, 'index.html'),
    '<!doctype html><title>Tickwire</title><script type="module" src="./assets/app-abc123.js"></script>'
  )
  writeFileSync(join(staticRoot, 'assets', 'app-abc123.js'), 'console.log("tickwire")\n')
  writeFileSync(join(staticRoot, 'assets', 'app-abc123.css'), 'body{margin:0}\n')
  secretFile = join(base, 'secret.txt')
  writeFileSync(secretFile, 'TOP-SECRET\n')
  demo = await startDemo()
  engine = new Engine(demo.config, { demo: true, statsIntervalMs: 200 })
  engine.start()
})

afterAll(async () => {
  await engine?.stop()
  await demo?.stop()
  rmSync(join(staticRoot, '..'), { recursive: true, force: true })
})

async function withServer(token: string | null, body: (server: ServeServer) => Promise<void>): Promise<void> {
  const tokens = { ...NO_TOKENS, operator: token }
  const server = await startServeServer({ engine, host: '127.0.0.1', port: 0, tokens, staticDir: staticRoot })
  try {
    await body(server)
  } finally {
    await server.close()
  }
}

describe('--no-view (a headless collector)', () => {
  it('serves /api/* and no page, no assets and no view bridge', async () => {
    const server = await startServeServer({
      engine,
      host: '127.0.0.1',
      port: 0,
      tokens: NO_TOKENS,
      staticDir: staticRoot,
      view: false
    })
    try {
      const page = await get(server.port, '/')
      expect(page.status).toBe(404)
      expect(JSON.parse(page.body).error).toMatch(/--no-view.*only \/api\/\*/)
      expect((await get(server.port, '/assets/app-abc123.js')).status).toBe(404)
      const stats = await get(server.port, '/api/stats')
      expect(stats.status).toBe(200)
      expect((JSON.parse(stats.body) as StatsPayload).sources.length).toBeGreaterThan(0)
      expect((await get(server.port, '/api/snapshot')).status).toBe(200)
      const origin = `http://127.0.0.1:${server.port}`
      expect(await upgradeStatus(`ws://127.0.0.1:${server.port}${BRIDGE_PATH}`, { origin })).toBe(404)
    } finally {
      await server.close()
    }
    // The same engine with a view: the page and the bridge are there (the test can fail).
    await withServer(null, async (withView) => {
      expect((await get(withView.port, '/')).status).toBe(200)
      const origin = `http://127.0.0.1:${withView.port}`
      expect(await upgradeStatus(`ws://127.0.0.1:${withView.port}${BRIDGE_PATH}`, { origin })).toBe(101)
    })
  })
})

describe('static files', () => {
  it('serves index.html at / with a strict CSP, nosniff and no-cache', () =>
    withServer(null, async (server) => {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
      const reply = await get(server.port, '/')
      expect(reply.status).toBe(200)
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(reply.body).toContain('<title>Tickwire</title>')
      const csp = String(reply.headers['content-security-policy'])
      expect(csp).toContain("default-src 'none'")
      expect(csp).toMatch(/script-src 'self'(;|$)/)
      // Same-origin only: 'self' covers the bridge's ws: in CSP Level 3, and nothing else is open.
      expect(csp).toContain("connect-src 'self';")
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
      expect(reply.headers['cache-control']).toBe('no-cache')
    }))

  it('serves hashed assets with their content type and a long cache life', () =>
    withServer(null, async (server) => {
      const js = await get(server.port, '/assets/app-abc123.js')
      expect(js.status).toBe(200)
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(js.headers['cache-control']).toContain('immutable')
      expect(js.headers['content-security-policy']).toBeUndefined()
      const css = await get(server.port, '/assets/app-abc123.css')
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
      const head = await get(server.port, '/assets/app-abc123.js', {}, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body).toBe('')
      expect(head.headers['content-length']).toBe(String('console.log("tickwire")\n'.length))
    }))

  it('answers 404 for missing files and 405 for other methods', () =>
    withServer(null, async (server) => {
      expect((await get(server.port, '/nope.js')).status).toBe(404)
      expect((await get(server.port, '/assets/')).status).toBe(404)
      const post = await get(server.port, '/', {}, 'POST')
      expect(post.status).toBe(405)
      expect(post.headers.allow).toBe('GET, HEAD')
    }))

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00index.html'
  ])('refuses traversal: %s', (path) =>
    withServer(null, async (server) => {
      const reply = await get(server.port, path)
      expect(reply.status).toBeGreaterThanOrEqual(400)
      expect(reply.body).not.toContain('TOP-SECRET')
    })
  )

  it('serves static files without a token even when one is in force', () =>
    withServer('s3cret', async (server) => {
      expect((await get(server.port, '/')).status).toBe(200)
    }))
})

describe('/api', () => {
  it('GET /api/snapshot returns the engine snapshot with live demo data', () =>
    withServer(null, async (server) => {
      let snapshot: SnapshotPayload = { tickers: [], readings: [], alarms: [] }
      await expect
        .poll(
          async () => {
            const reply = await get(server.port, '/api/snapshot')
            expect(reply.status).toBe(200)
            expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
            expect(reply.headers['cache-control']).toBe('no-store')
            snapshot = JSON.parse(reply.body) as SnapshotPayload
            return snapshot.tickers.length > 0 && snapshot.readings.length > 0
          },
          { timeout: 10_000 }
        )
        .toBe(true)
      const ticker = snapshot.tickers[0]
      expect(ticker).toMatchObject({ key: `demo/${ticker.symbol}`, source: 'demo' })
      for (const field of ['last', 'bid', 'ask', 'changePct', 'time', 'receivedAt'] as const) {
        expect(ticker).toHaveProperty(field)
      }
      const reading = snapshot.readings[0]
      expect(reading.key.startsWith('plant/')).toBe(true)
      expect(['normal', 'warn', 'alarm', 'stale']).toContain(reading.state)
      for (const field of ['topic', 'value', 'unit', 'time', 'receivedAt'] as const)
        expect(reading).toHaveProperty(field)
    }))

  it('GET /api/stats returns uptime, sources and display figures', () =>
    withServer(null, async (server) => {
      const reply = await get(server.port, '/api/stats')
      expect(reply.status).toBe(200)
      const stats = JSON.parse(reply.body) as StatsPayload
      expect(stats.uptimeMs).toBeGreaterThanOrEqual(0)
      expect(stats.sources.map((s) => [s.id, s.kind])).toEqual([
        ['demo', 'market'],
        ['plant', 'telemetry']
      ])
      for (const source of stats.sources) {
        expect(['connecting', 'open', 'reconnecting', 'closed']).toContain(source.state)
        expect(source.latencyMs.feed).toHaveProperty('p99')
      }
      expect(stats.display).toMatchObject({ frames: expect.any(Number), superseded: expect.any(Number) })
    }))

  it('answers JSON 404 for unknown /api paths and 405 for other methods', () =>
    withServer(null, async (server) => {
      const unknown = await get(server.port, '/api/nothing')
      expect(unknown.status).toBe(404)
      expect(JSON.parse(unknown.body)).toMatchObject({ error: 'not found' })
      const post = await get(server.port, '/api/stats', {}, 'POST')
      expect(post.status).toBe(405)
      expect(post.headers.allow).toBe('GET, HEAD')
      expect(JSON.parse(post.body)).toMatchObject({ error: 'method not allowed' })
    }))

  it('refuses a foreign Host name when no token is in force (DNS rebinding)', () =>
    withServer(null, async (server) => {
      expect((await get(server.port, '/api/stats', { Host: 'evil.example:80' })).status).toBe(403)
      expect((await get(server.port, '/api/stats', { Host: `localhost:${server.port}` })).status).toBe(200)
    }))
})

describe('token', () => {
  const token = 'tok-3f9a/+=='

  it('is required on /api/* and accepted as ?token= or Authorization: Bearer', () =>
    withServer(token, async (server) => {
      const missing = await get(server.port, '/api/stats')
      expect(missing.status).toBe(401)
      expect(JSON.parse(missing.body)).toEqual({ error: 'unauthorized' })
      expect((await get(server.port, '/api/nothing')).status).toBe(401)
      expect((await get(server.port, '/api/stats?token=wrong')).status).toBe(401)
      expect((await get(server.port, '/api/stats', { Authorization: 'Bearer wrong' })).status).toBe(401)
      expect((await get(server.port, `/api/stats?token=${encodeURIComponent(token)}`)).status).toBe(200)
      expect((await get(server.port, '/api/snapshot', { Authorization: `Bearer ${token}` })).status).toBe(200)
    }))

  it('is required on the bridge upgrade, both ways', () =>
    withServer(token, async (server) => {
      const base = `ws://127.0.0.1:${server.port}${BRIDGE_PATH}`
      expect(await upgradeStatus(base)).toBe(401)
      expect(await upgradeStatus(`${base}?token=nope`)).toBe(401)
      expect(await upgradeStatus(`${base}?token=${encodeURIComponent(token)}`)).toBe(101)
      expect(await upgradeStatus(base, { headers: { Authorization: `Bearer ${token}` } })).toBe(101)
    }))
})

describe('bridge', () => {
  it('hello → frame → ack → frame round trip with a plain ws client', () =>
    withServer(null, async (server) => {
      const client = new BridgeClient(`ws://127.0.0.1:${server.port}${BRIDGE_PATH}`)
      await client.opened()
      client.send({ type: 'ready' })
      const hello = await client.next('hello')
      expect(hello.protocol).toBe(1)
      expect(hello.demo).toBe(true)
      expect(hello.snapshot).toHaveProperty('tickers')
      expect(hello.stats).toHaveProperty('sources')

      const first = await client.next('frame')
      expect(first.tickers.length + first.readings.length).toBeGreaterThan(0)
      const seqs = [first.seq]
      for (let i = 1; i < FRAMES_IN_FLIGHT; i++) seqs.push((await client.next('frame')).seq)
      // The credit window spent: nothing more until an ack.
      await new Promise((resolve) => setTimeout(resolve, 300))
      await expect(client.next('frame', 0)).rejects.toThrow(/no frame/)
      client.send({
        type: 'ack',
        seq: seqs[seqs.length - 1],
        paintedAt: Date.now(),
        merged: seqs.slice(0, -1)
      })
      const next = await client.next('frame')
      expect(next.seq).toBe(seqs[seqs.length - 1] + 1)

      client.send({ type: 'ping', t0: 123.5 })
      expect((await client.next('pong')).t0).toBe(123.5)
      await client.close()
    }))

  it('survives invalid JSON, unknown messages and binary frames', () =>
    withServer(null, async (server) => {
      const client = new BridgeClient(`ws://127.0.0.1:${server.port}${BRIDGE_PATH}`)
      await client.opened()
      client.send('{not json')
      client.send({ type: 'launch-missiles' })
      client.ws.send(Buffer.from([1, 2, 3]), { binary: true })
      client.send({ type: 'ready' })
      await client.next('hello')
      expect(client.ws.readyState).toBe(WebSocket.OPEN)
      await client.close()
    }))

  it('refuses other upgrade paths and cross-site origins', () =>
    withServer(null, async (server) => {
      expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/elsewhere`)).toBe(404)
      expect(
        await upgradeStatus(`ws://127.0.0.1:${server.port}${BRIDGE_PATH}`, { origin: 'https://evil.example' })
      ).toBe(403)
      expect(
        await upgradeStatus(`ws://127.0.0.1:${server.port}${BRIDGE_PATH}`, {
          origin: `http://127.0.0.1:${server.port}`
        })
      ).toBe(101)
    }))
})

describe('close()', () => {
  it('terminates bridge sockets and keep-alive connections and frees the port', async () => {
    const server = await startServeServer({
      engine,
      host: '127.0.0.1',
      port: 0,
      tokens: NO_TOKENS,
      staticDir: staticRoot
    })
    const client = new BridgeClient(`ws://127.0.0.1:${server.port}${BRIDGE_PATH}`)
    await client.opened()
    client.send({ type: 'ready' })
    await client.next('hello')
    const bridgeClosed = new Promise((resolve) => client.ws.once('close', resolve))

    // An idle keep-alive HTTP connection must not hold close() up.
    const keepAlive = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: server.port, path: '/', headers: { Connection: 'keep-alive' } },
        (res) => {
          res.resume()
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }))
        }
      )
      req.on('error', reject)
      req.end()
    })
    expect(keepAlive.status).toBe(200)

    await server.close()
    await bridgeClosed
    expect(await acceptsTcp(server.port)).toBe(false)
  })
})
