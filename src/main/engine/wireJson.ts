import type { SourceSink } from './sourceSink'

/** What `parseWireJson` returns for text that is not JSON (JSON itself can never yield it). */
export const NOT_JSON: unique symbol = Symbol('not JSON')

/**
 * Parses one wire message, counting it as malformed ("not valid JSON") when it is not JSON.
 * The one JSON.parse per message of every market decoder.
 */
export function parseWireJson(text: string, sink: Pick<SourceSink, 'malformed'>): unknown {
  try {
    return JSON.parse(text)
  } catch {
    sink.malformed('not valid JSON')
    return NOT_JSON
  }
}
