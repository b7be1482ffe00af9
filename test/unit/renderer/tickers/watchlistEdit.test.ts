import { describe, expect, it } from 'vitest'
import type { SourceWatchlist } from '@shared/model'
import { addSymbol, removeSymbol, watchesAll } from '@renderer/tickers/watchlistEdit'

const list = (adapter: string, symbols: string[]): SourceWatchlist => ({
  source: 'd',
  adapter,
  symbols,
  statuses: {}
})

describe('watchlist edits', () => {
  it('adds a trimmed, valid, new symbol to the end', () => {
    expect(addSymbol(list('binance', ['BTCUSDT']), '  ETHUSDT ', [])).toEqual({
      symbols: ['BTCUSDT', 'ETHUSDT']
    })
    expect(addSymbol(list('kraken', ['BTC/USD']), 'ETH/USD', [])).toEqual({ symbols: ['BTC/USD', 'ETH/USD'] })
  })

  it('refuses blanks, spaces, overlong, duplicate and the 501st symbol', () => {
    const l = list('binance', ['BTCUSDT'])
    expect(addSymbol(l, '   ', [])).toEqual({ error: 'Type a symbol' })
    expect(addSymbol(l, 'A\tB', [])).toEqual({
      error: 'Only single spaces, no tabs, control or invisible characters'
    })
    expect(addSymbol(l, 'A  B', [])).toEqual({
      error: 'Only single spaces, no tabs, control or invisible characters'
    })
    expect(addSymbol(l, 'BRK B', [])).toEqual({ symbols: [...l.symbols, 'BRK B'] })
    expect(addSymbol(l, 'x'.repeat(65), [])).toEqual({ error: 'At most 64 characters' })
    expect(addSymbol(l, 'BTCUSDT', [])).toEqual({ error: 'BTCUSDT is already watched' })
    const full = list(
      'binance',
      Array.from({ length: 500 }, (_, i) => `S${i}`)
    )
    expect(addSymbol(full, 'NEW', [])).toEqual({ error: 'At most 500 symbols' })
  })

  it('removes, but never empties an exchange list or turns a json list into "everything"', () => {
    expect(removeSymbol(list('json', ['A', 'B']), 'A', [])).toEqual({ symbols: ['B'] })
    expect(removeSymbol(list('json', ['A']), 'B', [])).toEqual({ error: 'B is not watched' })
    expect(removeSymbol(list('coinbase', ['BTC-USD']), 'BTC-USD', [])).toEqual({
      error: 'The coinbase feed needs at least one symbol'
    })
    expect('error' in removeSymbol(list('json', ['A']), 'A', [])).toBe(true)
  })

  it('a json feed watching everything narrows to what is shown', () => {
    const all = list('json', [])
    expect(watchesAll(all)).toBe(true)
    expect(watchesAll(list('binance', []))).toBe(false)
    expect(addSymbol(all, 'C', ['A', 'B'])).toEqual({ symbols: ['A', 'B', 'C'] })
    expect(removeSymbol(all, 'A', ['A', 'B'])).toEqual({ symbols: ['B'] })
  })
})
