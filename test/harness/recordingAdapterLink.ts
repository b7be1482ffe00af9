import type { AdapterLink } from '../../src/main/engine/market/marketAdapter'
import type { CollectingSink } from './collectingSink'

export type RecordingAdapterLink = AdapterLink & { sent: unknown[]; reconnects: string[] }

/**
 * The link an adapter talks through in unit tests, recording what it sends (as JSON would carry
 * it) and the reconnects it asks for; no socket involved.
 */
export function recordingAdapterLink(sink: CollectingSink): RecordingAdapterLink {
  const sent: unknown[] = []
  const reconnects: string[] = []
  return {
    sink,
    sent,
    reconnects,
    send: (message) => sent.push(JSON.parse(JSON.stringify(message)) as unknown),
    reconnect: (reason) => reconnects.push(reason),
    symbolStatus: (symbol, status, detail) => sink.symbolStatus(symbol, status, detail)
  }
}
