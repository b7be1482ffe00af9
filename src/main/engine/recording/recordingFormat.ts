import type { TickwireConfig } from '@shared/config'
import type { SourceState } from '@shared/model'

/**
 * A recording: gzip-compressed JSON Lines. The first line says what it is and holds the
 * configuration used (secrets removed); every later line is one event of one source, in receive
 * order, with its receive time `t` (epoch ms):
 *
 * - `{"t","s","x": text}` a market text frame (`"n":1`: not given to the adapter)
 * - `{"t","s","bin": bytes}` a binary market frame
 * - `{"t","s","ref": reason}` a frame or packet refused by size
 * - `{"t","s","tp": topic, "p": text | "p64": base64, "r":1, "q": qos}` an MQTT message
 * - `{"t","s","sym": [symbols]}` the watched symbols changed
 * - `{"t","s","st": state, "err": reason}` the connection state changed
 */
export const RECORDING_VERSION = 1

export interface RecordingHeader {
  tickwire: 'recording'
  version: number
  startedAt: number
  config: TickwireConfig
}

export type RecordedEvent =
  | { t: number; s: string; x: string; n?: 1 }
  | { t: number; s: string; bin: number }
  | { t: number; s: string; ref: string }
  | { t: number; s: string; tp: string; p?: string; p64?: string; r?: 1; q?: number }
  | { t: number; s: string; sym: string[] }
  | { t: number; s: string; st: SourceState; err?: string }

export function headerLine(startedAt: number, config: TickwireConfig): string {
  const header: RecordingHeader = { tickwire: 'recording', version: RECORDING_VERSION, startedAt, config }
  return `${JSON.stringify(header)}\n`
}

/** The part of every line of one source after its time: `,"s":"<id>"`, made once per source. */
export function sourcePart(source: string): string {
  return `,"s":${JSON.stringify(source)}`
}

export function eventLine(event: RecordedEvent): string {
  return `${JSON.stringify({ ...event, t: Math.round(event.t) })}\n`
}
