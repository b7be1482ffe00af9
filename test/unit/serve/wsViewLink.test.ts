import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import type { EngineMessage } from '@shared/protocol'
import { createWsViewLink, type WsViewLink } from '../../../src/main/serve/wsViewLink'

/** A real server/client pair on 127.0.0.1; the server end is wrapped as the engine's ViewLink. */
async function pair(
  maxBufferedBytes?: number
): Promise<{ link: WsViewLink; client: WebSocket; server: WebSocketServer }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise((resolve) => server.once('listening', resolve))
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve))
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
  await new Promise((resolve) => client.once('open', resolve))
  const link = createWsViewLink(await accepted, { maxBufferedBytes })
  opened.push({ client, server })
  return { link, client, server }
}

const opened: { client: WebSocket; server: WebSocketServer }[] = []
afterEach(async () => {
  for (const { client, server } of opened.splice(0)) {
    client.terminate()
    for (const socket of server.clients) socket.terminate()
    await new Promise((resolve) => server.close(resolve))
  }
})

const nextMessage = (client: WebSocket): Promise<{ text: string; isBinary: boolean }> =>
  new Promise((resolve) =>
    client.once('message', (data, isBinary) => resolve({ text: data.toString(), isBinary }))
  )

describe('createWsViewLink', () => {
  it('sends engine messages as JSON text frames', async () => {
    const { link, client } = await pair()
    const received = nextMessage(client)
    const message: EngineMessage = { type: 'pong', t0: 1.5, engineTime: 2 }
    link.send(message)
    const { text, isBinary } = await received
    expect(isBinary).toBe(false)
    expect(JSON.parse(text)).toEqual(message)
  })

  it('delivers parsed JSON, hands invalid JSON over as raw text, drops binary frames', async () => {
    const { link, client } = await pair()
    const got: unknown[] = []
    link.onMessage((m) => got.push(m))
    client.send(JSON.stringify({ type: 'ready' }))
    client.send('{oops')
    client.send(Buffer.from([0, 1, 2]), { binary: true })
    client.send(JSON.stringify({ type: 'ping', t0: 5 }))
    await expect.poll(() => got.length).toBe(3)
    expect(got).toEqual([{ type: 'ready' }, '{oops', { type: 'ping', t0: 5 }])
    expect(link.counters()).toEqual({ received: 3, invalidJson: 1, binaryDropped: 1, overflowed: 0 })
  })

  it('stops delivering to a disposed listener', async () => {
    const { link, client } = await pair()
    const first: unknown[] = []
    const second: unknown[] = []
    const sub = link.onMessage((m) => first.push(m))
    link.onMessage((m) => second.push(m))
    sub.dispose()
    client.send('1')
    await expect.poll(() => second.length).toBe(1)
    expect(first).toEqual([])
  })

  it('reports close once, also to listeners registered after it, and ignores sends afterwards', async () => {
    const { link, client } = await pair()
    let closes = 0
    link.onClose(() => (closes += 1))
    client.close()
    await expect.poll(() => closes).toBe(1)
    let late = 0
    link.onClose(() => (late += 1))
    await expect.poll(() => late).toBe(1)
    expect(() => link.send({ type: 'error', message: 'x' })).not.toThrow()
    expect(closes).toBe(1)
  })

  it('close() ends the connection from the engine side', async () => {
    const { link, client } = await pair()
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)))
    link.close()
    expect(await closed).toBe(1000)
  })

  it('drops a view that stopped reading instead of buffering without bound', async () => {
    const { link, client } = await pair(64 * 1024)
    client.pause()
    const closed = new Promise((resolve) => client.once('close', resolve))
    const big: EngineMessage = { type: 'error', message: 'x'.repeat(256 * 1024) }
    for (let i = 0; i < 200 && link.counters().overflowed === 0; i++) {
      link.send(big)
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(link.counters().overflowed).toBe(1)
    client.resume()
    await closed
  })
})
