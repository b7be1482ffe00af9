import { EventEmitter } from 'node:events'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import type { EngineMessage } from '@shared/protocol'
import { portViewLink, type MainPort } from '../../../../src/main/ipc/messagePortLink'

/**
 * Node's worker_threads port behind the shape of Electron's MessagePortMain: an EventEmitter whose
 * 'message' event carries `{ data }`, queueing until `start()`, with 'close' when either end closes.
 */
class NodePortAsMain extends EventEmitter implements MainPort {
  constructor(private readonly port: MessagePort) {
    super()
    port.on('message', (data: unknown) => this.emit('message', { data }))
    port.on('close', () => this.emit('close'))
  }
  postMessage(message: unknown): void {
    this.port.postMessage(message)
  }
  start(): void {
    this.port.start()
  }
  close(): void {
    this.port.close()
  }
}

const pong = (t0: number): EngineMessage => ({ type: 'pong', t0, engineTime: 1 })

describe('portViewLink', () => {
  const open: MessagePort[] = []
  const channel = (): { main: NodePortAsMain; view: MessagePort } => {
    const { port1, port2 } = new MessageChannel()
    open.push(port1, port2)
    return { main: new NodePortAsMain(port1), view: port2 }
  }
  afterEach(() => {
    for (const port of open.splice(0)) port.close()
  })

  it('delivers what the view posts, in order, as structured clones', async () => {
    const { main, view } = channel()
    const link = portViewLink(main)
    const received: unknown[] = []
    link.onMessage((m) => received.push(m))
    view.postMessage({ type: 'ready' })
    view.postMessage({ type: 'ack', seq: 1, paintedAt: 12.5 })
    await expect.poll(() => received.length).toBe(2)
    expect(received).toEqual([{ type: 'ready' }, { type: 'ack', seq: 1, paintedAt: 12.5 }])
  })

  it('sends engine messages to the view', async () => {
    const { main, view } = channel()
    const link = portViewLink(main)
    const received: unknown[] = []
    view.on('message', (m: unknown) => received.push(m))
    link.send(pong(7))
    await expect.poll(() => received).toEqual([pong(7)])
  })

  it('stops delivering to a listener once its subscription is disposed', async () => {
    const { main, view } = channel()
    const link = portViewLink(main)
    const first: unknown[] = []
    const second: unknown[] = []
    const subscription = link.onMessage((m) => first.push(m))
    link.onMessage((m) => second.push(m))
    view.postMessage(1)
    await expect.poll(() => second.length).toBe(1)
    subscription.dispose()
    view.postMessage(2)
    await expect.poll(() => second.length).toBe(2)
    expect(first).toEqual([1])
  })

  it('reports the view closing its end once, and then ignores sends', async () => {
    const { main, view } = channel()
    const link = portViewLink(main)
    let closes = 0
    link.onClose(() => closes++)
    view.close()
    await expect.poll(() => closes).toBe(1)
    expect(() => link.send(pong(1))).not.toThrow()
    link.close()
    expect(closes).toBe(1)
  })

  it('closes the view end when the engine closes the link', async () => {
    const { main, view } = channel()
    const link = portViewLink(main)
    let viewClosed = false
    let closes = 0
    view.on('close', () => (viewClosed = true))
    link.onClose(() => closes++)
    link.close()
    expect(closes).toBe(1)
    await expect.poll(() => viewClosed).toBe(true)
    expect(closes).toBe(1)
  })

  it('tells a late subscriber it is already closed, asynchronously', async () => {
    const { main } = channel()
    const link = portViewLink(main)
    link.close()
    let told = false
    link.onClose(() => (told = true))
    expect(told).toBe(false)
    await expect.poll(() => told).toBe(true)
  })
})
