import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import type { JsonMarketConfig } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { makeTestCertificates, type TestCertificates } from '../../harness/tlsCertificates'
import { waitFor } from '../../harness/waitFor'

/** wss:// feeds: certificates are verified unless the feed explicitly opts out, which stats report. */
let certs: TestCertificates
let https: Server
let wss: WebSocketServer
let url: string
let engine: Engine | null = null

beforeAll(async () => {
  certs = makeTestCertificates()
  https = createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) })
  wss = new WebSocketServer({ server: https })
  wss.on('connection', (socket) => {
    socket.on('message', () => socket.send(JSON.stringify({ s: 'AAPL', p: 190.5 })))
  })
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve))
  const address = https.address()
  url = `wss://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/feed`
})

afterEach(async () => {
  await engine?.stop()
  engine = null
})

afterAll(async () => {
  for (const client of wss.clients) client.terminate()
  await new Promise<void>((resolve) => wss.close(() => resolve()))
  await new Promise<void>((resolve) => https.close(() => resolve()))
  certs.remove()
})

function start(tls: JsonMarketConfig['tls']): Engine {
  const market: JsonMarketConfig = {
    id: 'desk',
    adapter: 'json',
    url,
    symbols: ['AAPL'],
    mapping: { symbol: 's', price: 'p', timeUnit: 'ms' },
    subscribe: { op: 'subscribe' },
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    maxMessageBytes: 1024 * 1024,
    tls
  }
  engine = new Engine({ market: [market], telemetry: [] })
  engine.start()
  return engine
}

const desk = () => engine!.stats().sources[0]

describe('wss:// market feeds', () => {
  it('connect when the server certificate chains to the configured CA', async () => {
    const e = start({ ca: certs.ca, rejectUnauthorized: true })
    await waitFor(() => e.snapshot().tickers[0]?.last === 190.5, 'a tick over TLS')
    expect(desk()).toMatchObject({ state: 'open', insecure: false })
  })

  it('refuse a server whose certificate they cannot verify, and say why', async () => {
    const e = start({ ca: certs.otherCa, rejectUnauthorized: true })
    await waitFor(() => desk().reconnects >= 1, 'a refused connection')
    expect(desk().state).not.toBe('open')
    expect(desk().lastError).toMatch(/certificate/i)
    expect(e.snapshot().tickers).toEqual([])
  })

  it('refuse by default: no tls block means the system CAs, which do not know this server', async () => {
    start(undefined)
    await waitFor(() => desk().reconnects >= 1, 'a refused connection')
    expect(desk().lastError).toMatch(/certificate/i)
  })

  it('connect with verification explicitly switched off, and report the feed as insecure', async () => {
    const e = start({ rejectUnauthorized: false })
    await waitFor(() => e.snapshot().tickers.length === 1, 'a tick without verification')
    expect(desk()).toMatchObject({ state: 'open', insecure: true })
  })
})
