import { describe, expect, it } from 'vitest'
import { DEMO_INSTRUMENTS } from '../../../src/main/demo/instruments'
import { PriceWalk, tickDecimals } from '../../../src/main/demo/priceWalk'
import { createRandom } from '../../../src/main/demo/prng'

describe('PriceWalk', () => {
  it('lists at least 20 symbols across equities, FX and crypto', () => {
    expect(DEMO_INSTRUMENTS.length).toBeGreaterThanOrEqual(20)
    expect(new Set(DEMO_INSTRUMENTS.map((i) => i.assetClass))).toEqual(new Set(['equity', 'fx', 'crypto']))
    expect(new Set(DEMO_INSTRUMENTS.map((i) => i.symbol)).size).toBe(DEMO_INSTRUMENTS.length)
  })

  it.each(DEMO_INSTRUMENTS.map((spec) => [spec.symbol, spec] as const))(
    '%s: positive prices on the tick grid, bid < ask, last at bid or ask, sequence +1',
    (_symbol, spec) => {
      const random = createRandom(42)
      const walk = new PriceWalk(spec, random, 0)
      const decimals = tickDecimals(spec.tickSize)
      let previousSequence = 0
      let previousVolume = 0
      for (let i = 1; i <= 1_500; i++) {
        // Irregular spacing, including same-millisecond updates as in a burst.
        const quote = walk.step(i * 7 - (i % 3))
        expect(quote.symbol).toBe(spec.symbol)
        expect(quote.bid).toBeGreaterThan(0)
        expect(quote.ask).toBeGreaterThan(quote.bid)
        expect([quote.bid, quote.ask]).toContain(quote.last)
        expect(Number(quote.bid.toFixed(decimals))).toBe(quote.bid)
        expect(Number.isInteger(Math.round(quote.bid / spec.tickSize))).toBe(true)
        expect(quote.sequence).toBe(previousSequence + 1)
        expect(quote.volume).toBeGreaterThan(previousVolume)
        previousSequence = quote.sequence
        previousVolume = quote.volume
      }
    }
  )

  it('moves, but stays plausibly near its reference over an hour of updates', () => {
    const spec = DEMO_INSTRUMENTS.find((i) => i.symbol === 'AAPL')!
    const walk = new PriceWalk(spec, createRandom(7), 0)
    const mids = new Set<number>()
    let quote = walk.step(0)
    for (let t = 100; t <= 3_600_000; t += 100) {
      quote = walk.step(t)
      mids.add(quote.bid)
    }
    expect(mids.size).toBeGreaterThan(100)
    expect(quote.bid).toBeGreaterThan(spec.price * 0.5)
    expect(quote.bid).toBeLessThan(spec.price * 2)
  })

  it('keeps a sub-tick price positive with bid < ask', () => {
    const tiny = { ...DEMO_INSTRUMENTS[0], symbol: 'PENNY', price: 0.01, tickSize: 0.01, volatility: 0.05 }
    const walk = new PriceWalk(tiny, createRandom(3), 0)
    for (let t = 1; t < 10_000; t++) {
      const q = walk.step(t * 1_000)
      expect(q.bid).toBeGreaterThanOrEqual(0.01)
      expect(q.ask).toBeGreaterThan(q.bid)
    }
  })

  it('derives decimals from the tick size', () => {
    expect(tickDecimals(0.01)).toBe(2)
    expect(tickDecimals(0.00001)).toBe(5)
    expect(tickDecimals(0.001)).toBe(3)
    expect(tickDecimals(0.05)).toBe(2)
    expect(tickDecimals(1)).toBe(0)
  })
})
