import { IPC_PORT_CHANNEL, type TickwireBridge, type ViewMessage } from '@shared/protocol'
import { EngineClientBase } from './engineClient'
import { parseEngineMessage } from './engineMessage'

const PORT_RETRY_MS = 1000

/**
 * Desktop: asks the preload for a MessagePort, which main delivers as a window `message` event
 * (data `IPC_PORT_CHANNEL`, source this window). Messages are structured-cloned objects, still
 * validated. A newer port replaces the current one (e.g. after main restarted the engine).
 */
export class IpcEngineClient extends EngineClientBase {
  readonly kind = 'ipc' as const
  readonly sharesEngineClock = true
  private port: MessagePort | null = null
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false
  private readonly onWindowMessage = (event: MessageEvent): void => {
    if (event.data !== IPC_PORT_CHANNEL || event.source !== this.target) return
    const port = event.ports[0]
    if (port) this.adopt(port)
  }

  constructor(
    private readonly bridge: TickwireBridge,
    private readonly target: Window = window
  ) {
    super()
    target.addEventListener('message', this.onWindowMessage)
    this.requestPort()
  }

  send(message: ViewMessage): void {
    this.port?.postMessage(message)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.target.removeEventListener('message', this.onWindowMessage)
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.dropPort()
    this.finishClose()
  }

  private requestPort(): void {
    try {
      this.bridge.requestPort()
    } catch (error) {
      console.error('tickwire: requestPort failed', error)
      this.retryLater()
    }
  }

  private adopt(port: MessagePort): void {
    if (this.closed) {
      port.close()
      return
    }
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.dropPort()
    this.port = port
    port.onmessage = (event: MessageEvent) => {
      const message = parseEngineMessage(event.data)
      if (message) this.deliver(message)
    }
    // Chromium fires 'close' on a MessagePort when the other end goes away: ask for a new one.
    port.addEventListener('close', () => {
      if (this.port !== port) return
      this.dropPort()
      this.retryLater()
    })
    port.start()
    // A new port is a new connection: announce it even if the previous one looked open.
    if (this.state === 'open') this.setState('reconnecting')
    this.setState('open')
    this.send({ type: 'ready' })
  }

  private dropPort(): void {
    const port = this.port
    this.port = null
    if (port) {
      port.onmessage = null
      port.close()
    }
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer !== null) return
    this.setState('reconnecting')
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.requestPort()
    }, PORT_RETRY_MS)
  }
}
