import type { SourceState } from '@shared/model'

/**
 * Where a source reports what came off the wire, for a recording: every market frame and MQTT
 * message as received, with its receive time, and what the source did with it. Sources check
 * `active` first, so without a recording the cost is one property read per message.
 */
export interface WireTap {
  readonly active: boolean
  /** A market text frame; `delivered` false when it went to the login handshake or no connection was ready. */
  text(receivedAt: number, text: string, delivered: boolean): void
  /** A binary market frame (counted and refused live; only its size is kept). */
  binary(receivedAt: number, bytes: number): void
  /** A frame or packet refused by size before it was read (counted malformed, never a message). */
  refused(receivedAt: number, reason: string): void
  mqtt(receivedAt: number, topic: string, payload: Buffer, retain: boolean, qos: number): void
  /** The watched symbols changed (a watchlist edit). */
  symbols(receivedAt: number, symbols: readonly string[]): void
  /** The connection state changed. */
  state(receivedAt: number, state: SourceState, error?: string): void
}

/** The tap of a source nobody records. */
export const NO_TAP: WireTap = {
  active: false,
  text: () => undefined,
  binary: () => undefined,
  refused: () => undefined,
  mqtt: () => undefined,
  symbols: () => undefined,
  state: () => undefined
}
