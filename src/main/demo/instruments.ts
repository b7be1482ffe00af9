/** The simulated exchange's listing: a mix of equities, FX and crypto at plausible prices. */

export type AssetClass = 'equity' | 'fx' | 'crypto'

export interface InstrumentSpec {
  symbol: string
  assetClass: AssetClass
  /** Reference price the walk starts at and is weakly pulled back to. */
  price: number
  tickSize: number
  /** Quoted spread in ticks, chosen uniformly per update. */
  spreadTicks: readonly [min: number, max: number]
  /** Standard deviation of the log price per √second (lively, but plausible on a screen). */
  volatility: number
  /** Relative share of the feed's messages. */
  activity: number
  /** Traded quantity per update. */
  lot: { min: number; max: number; step: number }
}

const equity = (symbol: string, price: number, activity: number): InstrumentSpec => ({
  symbol,
  assetClass: 'equity',
  price,
  tickSize: 0.01,
  spreadTicks: [1, 3],
  volatility: 4e-4,
  activity,
  lot: { min: 100, max: 2_000, step: 100 }
})

const fx = (symbol: string, price: number, tickSize: number, activity: number): InstrumentSpec => ({
  symbol,
  assetClass: 'fx',
  price,
  tickSize,
  spreadTicks: [5, 15],
  volatility: 1.5e-4,
  activity,
  lot: { min: 100_000, max: 5_000_000, step: 100_000 }
})

const crypto = (
  symbol: string,
  price: number,
  tickSize: number,
  spreadTicks: readonly [number, number],
  lotStep: number,
  activity: number
): InstrumentSpec => ({
  symbol,
  assetClass: 'crypto',
  price,
  tickSize,
  spreadTicks,
  volatility: 8e-4,
  activity,
  lot: { min: lotStep, max: lotStep * 200, step: lotStep }
})

export const DEMO_INSTRUMENTS: readonly InstrumentSpec[] = [
  equity('AAPL', 189.3, 3),
  equity('MSFT', 415.2, 3),
  equity('NVDA', 121.4, 4),
  equity('AMZN', 184.7, 2),
  equity('GOOGL', 171.9, 2),
  equity('META', 502.3, 2),
  equity('TSLA', 248.5, 3),
  equity('JPM', 198.6, 1),
  equity('ASML', 912.4, 1),
  equity('XOM', 114.8, 1),
  fx('EURUSD', 1.0852, 0.00001, 3),
  fx('GBPUSD', 1.2718, 0.00001, 2),
  fx('USDJPY', 151.23, 0.001, 2),
  fx('USDCHF', 0.9034, 0.00001, 1),
  fx('AUDUSD', 0.6587, 0.00001, 1),
  fx('USDCAD', 1.3611, 0.00001, 1),
  crypto('BTC-USD', 67_250, 0.01, [10, 200], 0.001, 4),
  crypto('ETH-USD', 3_480, 0.01, [5, 60], 0.01, 3),
  crypto('SOL-USD', 151.2, 0.01, [1, 8], 0.1, 2),
  crypto('XRP-USD', 0.5234, 0.0001, [1, 4], 10, 1),
  crypto('DOGE-USD', 0.15213, 0.00001, [1, 5], 100, 1),
  crypto('ADA-USD', 0.4521, 0.0001, [1, 4], 10, 1)
]
