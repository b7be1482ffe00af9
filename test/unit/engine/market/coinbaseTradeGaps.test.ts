import { describe, expect, it } from 'vitest'
import { CoinbaseTradeGaps } from '../../../../src/main/engine/market/coinbaseTradeGaps'

describe('CoinbaseTradeGaps', () => {
  it('does not count skipped ticker sequences or batched trade ids as gaps', () => {
    const gaps = new CoinbaseTradeGaps()
    expect(gaps.ticker('BTC-USD', 1000, 500)).toBe(true)
    // A cascade of matches batched into one ticker: trade ids 501–509 covered by 510.
    expect(gaps.ticker('BTC-USD', 1100, 510)).toBe(true)
    expect(gaps.heartbeat('BTC-USD', 510)).toBeNull()
    expect(gaps.heartbeat('BTC-USD', 510)).toBeNull()
  })

  it('counts trades a heartbeat announced that no ticker covered by the next heartbeat, once', () => {
    const gaps = new CoinbaseTradeGaps()
    gaps.ticker('BTC-USD', 1000, 500)
    expect(gaps.heartbeat('BTC-USD', 504)).toBeNull()
    expect(gaps.heartbeat('BTC-USD', 504)).toBe(
      'tickers for trades 501–504 never arrived (heartbeat last_trade_id 504)'
    )
    expect(gaps.heartbeat('BTC-USD', 504)).toBeNull()
    gaps.ticker('BTC-USD', 1200, 505)
    expect(gaps.heartbeat('BTC-USD', 505)).toBeNull()
  })

  it('gives a ticker one heartbeat of grace to arrive after the heartbeat that announced it', () => {
    const gaps = new CoinbaseTradeGaps()
    gaps.ticker('ETH-USD', 10, 20)
    expect(gaps.heartbeat('ETH-USD', 21)).toBeNull()
    gaps.ticker('ETH-USD', 14, 21)
    expect(gaps.heartbeat('ETH-USD', 21)).toBeNull()
    expect(gaps.heartbeat('ETH-USD', 22)).toBeNull()
    expect(gaps.heartbeat('ETH-USD', 22)).toBe(
      'ticker for trade 22 never arrived (heartbeat last_trade_id 22)'
    )
  })

  it('starts from the exchange position when the heartbeat comes first, and ignores last_trade_id 0', () => {
    const gaps = new CoinbaseTradeGaps()
    expect(gaps.heartbeat('BTC-USD', 0)).toBeNull()
    expect(gaps.heartbeat('BTC-USD', 900)).toBeNull()
    expect(gaps.heartbeat('BTC-USD', 900)).toBeNull()
    gaps.ticker('BTC-USD', 5, 901)
    expect(gaps.heartbeat('BTC-USD', 901)).toBeNull()
    expect(gaps.heartbeat('BTC-USD', 0)).toBeNull()
  })

  it('drops out-of-order and repeated tickers by sequence', () => {
    const gaps = new CoinbaseTradeGaps()
    expect(gaps.ticker('BTC-USD', 100, 1)).toBe(true)
    expect(gaps.ticker('BTC-USD', 100, 1)).toBe(false)
    expect(gaps.ticker('BTC-USD', 90, 0)).toBe(false)
    expect(gaps.ticker('BTC-USD', 104, 2)).toBe(true)
    // Products are independent.
    expect(gaps.ticker('ETH-USD', 50, 1)).toBe(true)
  })

  it('forgets per-connection state on clear and per product on forget', () => {
    const gaps = new CoinbaseTradeGaps()
    gaps.ticker('BTC-USD', 100, 10)
    gaps.heartbeat('BTC-USD', 15)
    gaps.clear()
    // After a reconnect the trades missed while away are not a gap.
    expect(gaps.heartbeat('BTC-USD', 20)).toBeNull()
    expect(gaps.heartbeat('BTC-USD', 20)).toBeNull()
    expect(gaps.ticker('BTC-USD', 50, 21)).toBe(true)
    gaps.forget('BTC-USD')
    expect(gaps.ticker('BTC-USD', 40, 22)).toBe(true)
  })
})
