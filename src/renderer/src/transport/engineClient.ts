import type { Disposable } from '@shared/disposable'
import type { MessageLink, ViewMessage } from '@shared/protocol'
import type { ParsedEngineMessage } from './engineMessage'
import { ListenerSet } from './listenerSet'

/** The view's link to the engine, as the status bar shows it (same words as a source's state). */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export type TransportKind = 'ipc' | 'ws'

/**
 * The view's end of the engine link, reporting its state. `onMessage` delivers only validated messages.
 * Each time the state becomes `open` the client has already sent `{ type: 'ready' }`; the engine
 * answers with a fresh `hello`. `onClose` fires once, when the client is closed for good.
 */
export interface EngineClient extends MessageLink<ParsedEngineMessage, ViewMessage> {
  readonly kind: TransportKind
  /**
   * The engine runs on this machine (IPC, or the bridge on a loopback host), so both read the same
   * system clock and paint times need no offset: applying a ping/pong estimate there only adds its
   * error (up to half a round trip).
   */
  readonly sharesEngineClock: boolean
  readonly state: LinkState
  onStateChange(listener: (state: LinkState) => void): Disposable
}

/**
 * State and listener plumbing both transports share; subclasses own the connection and call
 * `setState`, `deliver` and, once, `finishClose`.
 */
export abstract class EngineClientBase implements EngineClient {
  abstract readonly kind: TransportKind
  abstract readonly sharesEngineClock: boolean
  private currentState: LinkState = 'connecting'
  private readonly messages = new ListenerSet<ParsedEngineMessage>()
  private readonly states = new ListenerSet<LinkState>()
  private readonly closes = new ListenerSet<void>()

  abstract send(message: ViewMessage): void
  abstract close(): void

  get state(): LinkState {
    return this.currentState
  }

  onMessage(listener: (message: ParsedEngineMessage) => void): Disposable {
    return this.messages.add(listener)
  }

  onStateChange(listener: (state: LinkState) => void): Disposable {
    return this.states.add(listener)
  }

  onClose(listener: () => void): Disposable {
    return this.closes.add(listener)
  }

  protected deliver(message: ParsedEngineMessage): void {
    this.messages.emit(message)
  }

  protected setState(state: LinkState): void {
    if (state === this.currentState) return
    this.currentState = state
    this.states.emit(state)
  }

  /** Reports `closed`, tells `onClose` listeners, and lets go of every listener. */
  protected finishClose(): void {
    this.setState('closed')
    this.closes.emit()
    this.messages.clear()
    this.states.clear()
    this.closes.clear()
  }
}
