import type { JsonMarketConfig } from '@shared/config'
import { MarketMessageDecoder } from '../marketMessage'
import type { SourceSink } from '../sourceSink'
import { renderSubscribe } from '../subscribeTemplate'
import type { AdapterLink, MarketAdapter } from './marketAdapter'

/**
 * An in-house JSON feed described by `mapping`. The `subscribe` template (if any) is sent on
 * every open and again, with the new full list, when the watchlist changes.
 */
export class JsonAdapter implements MarketAdapter {
  /** In-house feeds carry no heartbeat we know of: a minute of silence is suspicious, not normal. */
  readonly defaultWatchdogMs = 60_000
  readonly maxConnectionAgeMs = null
  private readonly decoder: MarketMessageDecoder

  constructor(
    private readonly config: JsonMarketConfig,
    sink: SourceSink
  ) {
    this.decoder = new MarketMessageDecoder(config.id, config.mapping, config.symbols, sink)
  }

  connectUrl(baseUrl: string): string {
    return baseUrl
  }

  opened(link: AdapterLink, symbols: readonly string[]): void {
    this.sendSubscribe(link, symbols)
  }

  message(text: string, receivedAt: number): void {
    this.decoder.decode(text, receivedAt)
  }

  symbolsChanged(
    link: AdapterLink,
    _added: readonly string[],
    _removed: readonly string[],
    all: readonly string[]
  ): void {
    this.decoder.setSymbols(all)
    this.sendSubscribe(link, all)
  }

  closed(): void {}

  private sendSubscribe(link: AdapterLink, symbols: readonly string[]): void {
    if (this.config.subscribe !== undefined) link.send(renderSubscribe(this.config.subscribe, symbols))
  }
}
