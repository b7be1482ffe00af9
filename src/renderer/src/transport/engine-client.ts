import type { Disposable } from '@shared/disposable'
import type { EngineLink } from '@shared/protocol'

/** The view's link to the engine, as the status bar shows it (same words as a source's state). */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export type TransportKind = 'ipc' | 'ws'

/**
 * An `EngineLink` that also reports its state. `onMessage` delivers only validated messages.
 * Each time the state becomes `open` the client has already sent `{ type: 'ready' }`; the engine
 * answers with a fresh `hello`. `onClose` fires once, when the client is closed for good.
 */
export interface EngineClient extends EngineLink {
  readonly kind: TransportKind
  readonly state: LinkState
  onStateChange(listener: (state: LinkState) => void): Disposable
}
