/**
 * "Test" on real servers: a real Mosquitto (passwords with mosquitto_passwd, TLS with openssl
 * certificates), real `ws` feed servers, a closed port and a name that cannot resolve. Each
 * verdict is the class a user acts on, with a sentence saying why.
 */
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt from 'mqtt'
import { WebSocketServer } from 'ws'
import { marketSchema, telemetrySchema } from '@shared/config'
import { probeBroker } from '../../../src/main/engine/connections/brokerProbe'
import { probeMarketFeed } from '../../../src/main/engine/connections/marketProbe'
import { FeedServer } from '../../harness/feedServer'
import { freePort } from '../../harness/freePort'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { makeTestCertificates, type TestCertificates } from '../../harness/tlsCertificates'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping broker connection tests: ${unavailable}`)

let broker: Mosquitto
let certs: TestCertificates
let closedPort: number

beforeAll(async () => {
  closedPort = await freePort()
  if (unavailable) return
  certs = makeTestCertificates()
  broker = await Mosquitto.start({
    users: { plant: 'right-password' },
    tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey }
  })
})
afterAll(async () => {
  if (unavailable) return
  await broker.stop()
  certs.remove()
})

const brokerAt = (url: string, extra: Record<string, unknown> = {}) =>
  telemetrySchema.parse({
    id: 'plant',
    url,
    subscriptions: [{ topic: 'plant/#', qos: 1 }, { topic: 'line/+/temp' }],
    ...extra
  })

describe.skipIf(unavailable !== null)('testing a broker', () => {
  it('a good broker: connected, with the granted QoS of each subscription and topics heard', async () => {
    const publisher = await mqtt.connectAsync(broker.url, { username: 'plant', password: 'right-password' })
    await publisher.publishAsync('plant/boiler', '71', { retain: true, qos: 1 })
    const verdict = await probeBroker(brokerAt(broker.url, { username: 'plant', password: 'right-password' }))
    await publisher.endAsync()
    expect(verdict.result).toBe('ok')
    expect(verdict.granted).toEqual([
      { topic: 'plant/#', qos: 1 },
      { topic: 'line/+/temp', qos: 0 }
    ])
    expect(verdict.topics).toContain('plant/boiler')
    expect(verdict.message).toMatch(/^Connected: 2 subscriptions granted \(QoS 1, QoS 0\); 1 topic heard\.$/)
    expect(verdict.elapsedMs).toBeLessThan(10_000)
    // The test used its own client id: the broker saw no takeover of a configured one.
    expect(broker.log.join('\n')).toMatch(/tickwire-test-[0-9a-f]{12}/)
  })

  it('a wrong password: authentication refused, for MQTT 5 and 3.1.1', async () => {
    for (const protocolVersion of [5, 4] as const) {
      const verdict = await probeBroker(
        brokerAt(broker.url, { username: 'plant', password: 'wrong', protocolVersion })
      )
      expect(verdict.result, verdict.message).toBe('auth')
      expect(verdict.message).toMatch(/^Authentication refused: /)
      expect(verdict.message).not.toContain('wrong')
    }
  })

  it('an untrusted certificate, and a certificate for another name: TLS', async () => {
    const untrusted = await probeBroker(
      brokerAt(broker.mqttsUrl, { username: 'plant', password: 'right-password' })
    )
    expect(untrusted.result, untrusted.message).toBe('tls')
    expect(untrusted.message).toMatch(/^TLS certificate not accepted/)
    const wrongName = await probeBroker(
      brokerAt(broker.mqttsUrl, {
        username: 'plant',
        password: 'right-password',
        tls: { ca: certs.ca, servername: 'plant.example' }
      })
    )
    expect(wrongName.result, wrongName.message).toBe('tls')
    const trusted = await probeBroker(
      brokerAt(broker.mqttsUrl, { username: 'plant', password: 'right-password', tls: { ca: certs.ca } })
    )
    expect(trusted.result, trusted.message).toBe('ok')
  })

  it('a closed port is refused; an unresolvable host is not found', async () => {
    const refused = await probeBroker(brokerAt(`mqtt://127.0.0.1:${closedPort}`))
    expect(refused.result, refused.message).toBe('refused')
    expect(refused.message).toMatch(/^Connection refused/)
    const dns = await probeBroker(brokerAt('mqtt://no-such-broker.invalid:1883'))
    expect(dns.result, dns.message).toBe('dns')
    expect(dns.message).toMatch(/^Host not found/)
  })
})

describe('testing a market feed', () => {
  it('a JSON feed: connected, with the raw samples and the ticks the mapping makes of them', async () => {
    const feed = await FeedServer.start()
    const config = marketSchema.parse({
      id: 'desk',
      adapter: 'json',
      url: feed.url,
      symbols: ['AAPL'],
      mapping: { symbol: 'data.s', price: 'data.p' },
      subscribe: { op: 'subscribe', symbols: '{{symbols}}' }
    })
    const probing = probeMarketFeed(config)
    await expect.poll(() => feed.received.length).toBe(1)
    feed.send({ data: { s: 'AAPL', p: 189.5, v: 10 } })
    feed.send('not json')
    const verdict = await probing
    await feed.close()
    expect(verdict.result).toBe('ok')
    expect(JSON.parse(feed.received[0])).toEqual({ op: 'subscribe', symbols: ['AAPL'] })
    expect(verdict.samples).toEqual(['{"data":{"s":"AAPL","p":189.5,"v":10}}', 'not json'])
    expect(verdict.ticks).toEqual([
      { symbol: 'AAPL', last: 189.5, bid: null, ask: null, volume: null, time: null }
    ])
    expect(verdict.malformed?.count).toBe(1)
    expect(verdict.message).toBe('Connected: 2 messages, 1 tick.')
  })

  it('a feed that checks its token header: refused without it (saying so), connected with it', async () => {
    const port = await freePort()
    const http = createServer()
    const wss = new WebSocketServer({ noServer: true })
    http.on('upgrade', (req, socket, head) => {
      if (req.headers.authorization !== 'Bearer good-token') {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ s: 'X', p: 1 })))
    })
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve))
    const feed = (token: string) =>
      marketSchema.parse({
        id: 'desk',
        adapter: 'json',
        url: `ws://127.0.0.1:${port}/feed`,
        symbols: [],
        mapping: { symbol: 's', price: 'p' },
        headers: { Authorization: `Bearer ${token}` }
      })
    const refused = await probeMarketFeed(feed('bad-token'))
    expect(refused.result).toBe('auth')
    expect(refused.message).toBe(
      'Authentication refused: handshake refused: HTTP 401 (authentication refused)'
    )
    expect(refused.message).not.toContain('bad-token')
    const ok = await probeMarketFeed(feed('good-token'))
    expect(ok.result, ok.message).toBe('ok')
    for (const client of wss.clients) client.terminate()
    await new Promise<void>((resolve) => http.close(() => resolve()))
  })

  it('a closed port, an unresolvable host, and something that is not a WebSocket server', async () => {
    const at = (url: string) =>
      marketSchema.parse({
        id: 'desk',
        adapter: 'json',
        url,
        symbols: [],
        mapping: { symbol: 's', price: 'p' }
      })
    expect((await probeMarketFeed(at(`ws://127.0.0.1:${closedPort}/`))).result).toBe('refused')
    expect((await probeMarketFeed(at('wss://no-such-feed.invalid/ws'))).result).toBe('dns')
    const port = await freePort()
    const http = createServer((_req, res) => res.end('hello'))
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve))
    const wrong = await probeMarketFeed(at(`ws://127.0.0.1:${port}/`))
    await new Promise<void>((resolve) => http.close(() => resolve()))
    expect(wrong.result, wrong.message).toBe('protocol')
  })

  it('gives up within its timeout on a server that accepts and never answers the handshake', async () => {
    const port = await freePort()
    const sockets: import('node:net').Socket[] = []
    const silent = (await import('node:net')).createServer((s) => sockets.push(s))
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve))
    const verdict = await probeMarketFeed(
      marketSchema.parse({
        id: 'd',
        adapter: 'json',
        url: `ws://127.0.0.1:${port}/`,
        symbols: [],
        mapping: { symbol: 's', price: 'p' }
      }),
      1_500
    )
    for (const s of sockets) s.destroy()
    await new Promise<void>((resolve) => silent.close(() => resolve()))
    expect(verdict.result).toBe('timeout')
    expect(verdict.elapsedMs).toBeLessThan(5_000)
  })
})

describe.skipIf(unavailable !== null)('testing a collector fan-out (tickwire)', () => {
  const relayAt = (extra: Record<string, unknown> = {}) =>
    marketSchema.parse({
      id: 'kraken',
      adapter: 'tickwire',
      url: broker.url,
      prefix: 'md',
      username: 'plant',
      password: 'right-password',
      ...extra
    })

  it('a broker with the collector’s retained prices: connected, the ticks and messages shown', async () => {
    const publisher = await mqtt.connectAsync(broker.url, { username: 'plant', password: 'right-password' })
    const payload = JSON.stringify({
      v: 1,
      sym: 'BTC/USD',
      last: 64000.5,
      bid: 64000,
      ask: 64001,
      rt: Date.now()
    })
    await publisher.publishAsync('md/kraken/BTC%2FUSD', payload, { retain: true, qos: 1 })
    try {
      const verdict = await probeMarketFeed(relayAt({ symbols: ['BTC/USD'] }))
      expect(verdict.result).toBe('ok')
      expect(verdict.ticks?.[0]).toMatchObject({ symbol: 'BTC/USD', last: 64000.5, bid: 64000, ask: 64001 })
      expect(verdict.samples?.[0]).toBe(`md/kraken/BTC%2FUSD ${payload}`)
      expect(verdict.symbols).toContainEqual({ symbol: 'BTC/USD', status: 'subscribed', detail: null })
    } finally {
      await publisher.publishAsync('md/kraken/BTC%2FUSD', '', { retain: true, qos: 1 })
      await publisher.endAsync()
    }
  })

  it('a wrong password is an authentication failure, said in words', async () => {
    const verdict = await probeMarketFeed(relayAt({ password: 'wrong' }))
    expect(verdict.result).toBe('auth')
    expect(verdict.message).toMatch(/not authori[sz]ed|bad user/i)
  })
})
