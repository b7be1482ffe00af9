import type { Disposable } from '@shared/disposable'
import { IPC_PORT_CHANNEL, type EngineMessage, type TickwireBridge, type ViewMessage } from '@shared/protocol'
import type { EngineClient, LinkState } from './engine-client'
import { parseEngineMessage } from './engine-message'
import { ListenerSet } from './listener-set'

const PORT_RETRY_MS = 1000

/**
 * Desktop: asks the preload for a MessagePort, which main delivers as a window `message` event
 * (data `IPC_PORT_CHANNEL`, source this window). Messages are structured-cloned objects, still
 * validated. A newer port replaces the current one (e.g. after main restarted the engine).
 */
export class IpcEngineClient implements EngineClient {
  readonly kind = 'ipc' as const
  private port: MessagePort | null = null
  private currentState: LinkState = 'connecting'
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false
  private readonly messages = new ListenerSet<EngineMessage>()
  private readonly states = new ListenerSet<LinkState>()
  private readonly closes = new ListenerSet<void>()
  private readonly onWindowMessage = (event: MessageEvent): void => {
    if (event.data !== IPC_PORT_CHANNEL || event.source !== this.target) return
    const port = event.ports[0]
    if (port) this.adopt(port)
  }

  constructor(
    private readonly bridge: TickwireBridge,
    private readonly target: Window = window
  ) {
    target.addEventListener('message', this.onWindowMessage)
    this.requestPort()
  }

  get state(): LinkState {
    return this.currentState
  }

  send(message: ViewMessage): void {
    this.port?.postMessage(message)
  }

  onMessage(listener: (message: EngineMessage) => void): Disposable {
    return this.messages.add(listener)
  }

  onStateChange(listener: (state: LinkState) => void): Disposable {
    return this.states.add(listener)
  }

  onClose(listener: () => void): Disposable {
    return this.closes.add(listener)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.target.removeEventListener('message', this.onWindowMessage)
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.dropPort()
    this.setState('closed')
    this.closes.emit()
    this.messages.clear()
    this.states.clear()
    this.closes.clear()
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
      if (message) this.messages.emit(message)
    }
    // Chromium fires 'close' on a MessagePort when the other end goes away: ask for a new one.
    port.addEventListener('close', () => {
      if (this.port !== port) return
      this.dropPort()
      this.retryLater()
    })
    port.start()
    // A new port is a new connection: announce it even if the previous one looked open.
    if (this.currentState === 'open') this.setState('reconnecting')
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

  private setState(state: LinkState): void {
    if (state === this.currentState) return
    this.currentState = state
    this.states.emit(state)
  }
}
