import type { SourceSink } from '../sourceSink'
import type { AdapterLink, MarketAdapter } from './marketAdapter'

/**
 * A text frame handed to the adapter: the same for a live connection and a replayed one, so a
 * replay counts exactly what the live session counted.
 */
export function deliverMarketText(
  adapter: MarketAdapter,
  link: AdapterLink,
  sink: SourceSink,
  text: string,
  receivedAt: number
): void {
  try {
    adapter.message(text, receivedAt, link)
  } catch (err) {
    // Last line of defence: an adapter bug must cost one message, never the process.
    sink.malformed(`could not be decoded (${(err as Error).message})`)
  }
}
