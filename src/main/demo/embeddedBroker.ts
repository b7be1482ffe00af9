import { createServer, type Socket } from 'node:net'
import { Aedes } from 'aedes'
import { closeNetServer, listen, urlHost } from './serverLifecycle'

export interface EmbeddedBroker {
  /** e.g. `mqtt://127.0.0.1:40124` */
  readonly url: string
  readonly port: number
  /** Publishes on behalf of the broker itself (QoS 0, not retained). */
  publish(topic: string, payload: string): void
  stop(): Promise<void>
}

/**
 * An aedes 1.x broker on a plain TCP listener. aedes 1.x speaks MQTT 3.1.1 (protocol level 4)
 * only: a client asking for MQTT 5 is refused with "unacceptable protocol version".
 */
export async function startEmbeddedBroker(
  options: { host?: string; port?: number } = {}
): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1'
  const broker = await Aedes.createBroker()
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    broker.handle(socket)
  })
  // A client that vanishes mid-packet surfaces here; it must not take the demo down.
  broker.on('clientError', () => undefined)
  broker.on('connectionError', () => undefined)

  let port: number
  try {
    port = await listen(server, host, options.port ?? 0)
  } catch (err) {
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    throw err
  }

  return {
    url: `mqtt://${urlHost(host)}:${port}`,
    port,
    publish(topic, payload) {
      if (broker.closed) return
      broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false },
        () => undefined
      )
    },
    async stop() {
      const serverClosed = closeNetServer(server)
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await serverClosed
    }
  }
}
