import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../../harness/waitFor'
import { IPC_PORT_CHANNEL, type EngineMessage, type TickwireBridge } from '@shared/protocol'
import type { LinkState } from '@renderer/transport/engineClient'
import { IpcEngineClient } from '@renderer/transport/ipc.client'

/**
 * Node's MessageChannel is the real structured-clone MessagePort (same API as the DOM's); the
 * window is a plain EventTarget that receives the port the way the preload delivers it.
 */
function deliverPort(
  target: EventTarget,
  port: MessagePort,
  source: unknown = target,
  data = IPC_PORT_CHANNEL
): void {
  const event = new Event('message')
  Object.defineProperties(event, {
    data: { value: data },
    source: { value: source },
    ports: { value: [port] }
  })
  target.dispatchEvent(event)
}

/** Waits for a condition the test expects to become true soon. */
const until = (condition: () => boolean, timeoutMs = 5000) => waitFor(condition, 'condition', timeoutMs)

const opened: MessagePort[] = []
let client: IpcEngineClient | null = null

afterEach(() => {
  client?.close()
  client = null
  for (const port of opened.splice(0)) port.close()
})

function setup() {
  const target = new EventTarget()
  let requests = 0
  const bridge: TickwireBridge = {
    requestPort: () => requests++,
    onMenuCommand: () => {},
    pickFile: async () => null,
    reportTone: () => {},
    platform: 'linux',
    versions: { electron: '0', chrome: '0', node: '0' }
  }
  client = new IpcEngineClient(bridge, target as unknown as Window)
  return { target, client, requests: () => requests }
}

function channel(): { engine: MessagePort; view: MessagePort; received: unknown[] } {
  const { port1, port2 } = new MessageChannel()
  opened.push(port1, port2)
  const received: unknown[] = []
  port1.onmessage = (event: MessageEvent) => received.push(event.data)
  return { engine: port1, view: port2, received }
}

describe('IpcEngineClient', () => {
  it('requests a port, adopts it, sends ready, and delivers only valid messages', async () => {
    const { target, client: c, requests } = setup()
    const states: LinkState[] = []
    const messages: EngineMessage[] = []
    c.onStateChange((s) => states.push(s))
    c.onMessage((m) => messages.push(m))
    expect(requests()).toBe(1)
    expect(c.state).toBe('connecting')

    const { engine, view, received } = channel()
    deliverPort(target, view, {}) // wrong source: ignored
    deliverPort(target, view, target, 'something-else') // wrong channel: ignored
    expect(c.state).toBe('connecting')
    deliverPort(target, view)
    expect(c.state).toBe('open')
    await until(() => received.length === 1)
    expect(received[0]).toEqual({ type: 'ready' })

    engine.postMessage({ type: 'nonsense' })
    engine.postMessage('garbage')
    engine.postMessage({ type: 'pong', t0: 1, engineTime: 2 })
    await until(() => messages.length === 1)
    expect(messages[0]).toEqual({ type: 'pong', t0: 1, engineTime: 2 })

    c.send({ type: 'ack', seq: 4, paintedAt: 10.5 })
    await until(() => received.length === 2)
    expect(received[1]).toEqual({ type: 'ack', seq: 4, paintedAt: 10.5 })
    expect(states).toEqual(['open'])
  })

  it('treats a newer port as a new connection (ready again on it)', async () => {
    const { target, client: c } = setup()
    const states: LinkState[] = []
    c.onStateChange((s) => states.push(s))
    const first = channel()
    deliverPort(target, first.view)
    const second = channel()
    deliverPort(target, second.view)
    await until(() => second.received.length === 1)
    expect(second.received[0]).toEqual({ type: 'ready' })
    expect(states).toEqual(['open', 'reconnecting', 'open'])
  })

  it('asks for a new port when the engine end closes', async () => {
    const { target, client: c, requests } = setup()
    const first = channel()
    deliverPort(target, first.view)
    first.engine.close()
    await until(() => c.state === 'reconnecting')
    await until(() => requests() === 2)
    const second = channel()
    deliverPort(target, second.view)
    expect(c.state).toBe('open')
  })

  it('stops listening when closed', async () => {
    const { target, client: c } = setup()
    let closes = 0
    c.onClose(() => closes++)
    c.close()
    expect(c.state).toBe('closed')
    expect(closes).toBe(1)
    const { view } = channel()
    deliverPort(target, view)
    expect(c.state).toBe('closed')
  })
})
