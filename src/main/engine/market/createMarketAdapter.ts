import type { WsMarketConfig } from '@shared/config'
import type { SourceSink } from '../sourceSink'
import { BinanceAdapter } from './binanceAdapter'
import { CoinbaseAdapter } from './coinbaseAdapter'
import { JsonAdapter } from './jsonAdapter'
import { KrakenAdapter } from './krakenAdapter'
import type { MarketAdapter } from './marketAdapter'

/** The protocol for a market feed's `adapter` setting (the schema admits only these; exhaustive). */
export function createMarketAdapter(config: WsMarketConfig, sink: SourceSink): MarketAdapter {
  switch (config.adapter) {
    case 'json':
      return new JsonAdapter(config, sink)
    case 'binance':
      return new BinanceAdapter(config, sink)
    case 'kraken':
      return new KrakenAdapter(config, sink)
    case 'coinbase':
      return new CoinbaseAdapter(config, sink)
  }
}
