import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../../harness/waitFor'
import { WebSocket, WebSocketServer } from 'ws'
import type { AddressInfo } from 'node:net'
import type { EngineMessage } from '@shared/protocol'
import type { LinkState } from '@renderer/transport/engineClient'
import {
  bridgeUrl,
  closeReason,
  reconnectDelay,
  WsEngineClient,
  type BridgeSocketConstructor
} from '@renderer/transport/ws.client'

/** `ws`'s client implements the browser's onopen/onmessage/onclose interface the client uses. */
const NodeWebSocket = WebSocket as unknown as BridgeSocketConstructor

/** Waits for a condition the test expects to become true soon. */
const until = (condition: () => boolean, timeoutMs = 5000) => waitFor(condition, 'condition', timeoutMs)

let server: WebSocketServer | null = null
let client: WsEngineClient | null = null

afterEach(async () => {
  client?.close()
  client = null
  if (server) {
    for (const ws of server.clients) ws.terminate()
    await new Promise<void>((resolve) => server!.close(() => resolve()))
    server = null
  }
})

async function startServer(): Promise<{ server: WebSocketServer; url: string; received: unknown[] }> {
  const received: unknown[] = []
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  wss.on('connection', (ws) => ws.on('message', (data) => received.push(JSON.parse(String(data)))))
  server = wss
  const { port } = wss.address() as AddressInfo
  return { server: wss, url: `ws://127.0.0.1:${port}/bridge`, received }
}

describe('bridgeUrl / reconnectDelay', () => {
  it('builds the bridge URL on the same host, copying the token', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:5178', search: '' })).toBe(
      'ws://127.0.0.1:5178/bridge'
    )
    expect(bridgeUrl({ protocol: 'https:', host: 'wall:443', search: '?token=a b&x=1' })).toBe(
      'wss://wall:443/bridge?token=a%20b'
    )
  })

  it('backs off exponentially up to the cap, with bounded jitter', () => {
    const mid = () => 0.5
    expect(reconnectDelay(0, 500, 10_000, mid)).toBe(500)
    expect(reconnectDelay(3, 500, 10_000, mid)).toBe(4000)
    expect(reconnectDelay(10, 500, 10_000, mid)).toBe(10_000)
    expect(reconnectDelay(0, 500, 10_000, () => 0)).toBe(400)
    expect(reconnectDelay(0, 500, 10_000, () => 1)).toBe(600)
  })
})

describe('WsEngineClient against a real ws server', () => {
  it('sends ready on connect, delivers only valid messages, and reconnects (ready again)', async () => {
    const { server: wss, url, received } = await startServer()
    const states: LinkState[] = []
    const messages: EngineMessage[] = []
    client = new WsEngineClient({ url, WebSocketImpl: NodeWebSocket, initialDelayMs: 20, maxDelayMs: 50 })
    expect(client.sharesEngineClock).toBe(true)
    client.onStateChange((s) => states.push(s))
    client.onMessage((m) => messages.push(m))

    await until(() => received.length === 1)
    expect(received[0]).toEqual({ type: 'ready' })
    expect(client.state).toBe('open')

    const [socket] = [...wss.clients]
    socket.send('not json')
    socket.send(JSON.stringify({ type: 'mystery' }))
    socket.send(JSON.stringify({ type: 'pong', t0: 1, engineTime: 2 }))
    await until(() => messages.length === 1)
    expect(messages[0]).toEqual({ type: 'pong', t0: 1, engineTime: 2 })

    client.send({ type: 'ping', t0: 42 })
    await until(() => received.length === 2)
    expect(received[1]).toEqual({ type: 'ping', t0: 42 })

    socket.terminate()
    await until(() => states.includes('reconnecting'))
    await until(() => received.length === 3)
    expect(received[2]).toEqual({ type: 'ready' })
    expect(client.state).toBe('open')
    expect(states).toEqual(['open', 'reconnecting', 'open'])
  })

  it('closes for good: state closed, onClose once, no reconnect', async () => {
    const { server: wss, url, received } = await startServer()
    client = new WsEngineClient({ url, WebSocketImpl: NodeWebSocket, initialDelayMs: 20, maxDelayMs: 50 })
    let closes = 0
    client.onClose(() => closes++)
    await until(() => received.length === 1)
    client.close()
    client.close()
    expect(client.state).toBe('closed')
    expect(closes).toBe(1)
    await until(() => wss.clients.size === 0)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(received).toHaveLength(1)
    expect(wss.clients.size).toBe(0)
  })

  it('keeps retrying while the engine is down', async () => {
    const { server: wss, url } = await startServer()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
    server = null
    const states: LinkState[] = []
    client = new WsEngineClient({ url, WebSocketImpl: NodeWebSocket, initialDelayMs: 10, maxDelayMs: 20 })
    client.onStateChange((s) => states.push(s))
    await until(() => client!.state === 'reconnecting')
    client.send({ type: 'ready' })
    expect(states).toEqual(['reconnecting'])
  })
})

describe('a view the engine cannot serve', () => {
  it('shows the reason the engine closed it with (1011), then reconnects', async () => {
    const { server: wss, url } = await startServer()
    let connections = 0
    wss.on('connection', (ws) => {
      connections++
      if (connections === 1) ws.close(1011, 'the engine could not send the hello (Invalid string length)')
    })
    const errors: string[] = []
    client = new WsEngineClient({ url, WebSocketImpl: NodeWebSocket, initialDelayMs: 10, maxDelayMs: 20 })
    client.onMessage((m: EngineMessage) => {
      if (m.type === 'error') errors.push(m.message)
    })
    await until(() => connections === 2 && client!.state === 'open')
    expect(errors).toEqual([
      'this view was closed: the engine could not send the hello (Invalid string length)'
    ])
  })

  it('says nothing for an ordinary close', () => {
    expect(closeReason({ code: 1000, reason: 'bye' })).toBeNull()
    expect(closeReason({ code: 1006, reason: '' })).toBeNull()
    expect(closeReason({ code: 4001, reason: '' })).toBe('closed with code 4001')
    expect(closeReason(null)).toBeNull()
  })
})
