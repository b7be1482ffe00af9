import { describe, expect, it } from 'vitest'
import type { SourceWatchlist } from '@shared/model'
import { GridRows, RESORT_MS } from '@renderer/tickers/gridRows'
import type { GridViewPrefs, SortColumn, SortDirection } from '@renderer/tickers/gridViewPrefs'
import { TickerTable } from '@renderer/tickers/tickerTable'
import { tickerQuote as quote } from '../frame/fixtures'

const prefs = (
  column: SortColumn = 'symbol',
  direction: SortDirection = 'asc',
  filter = ''
): GridViewPrefs => ({
  filter,
  sort: { column, direction }
})
const list = (source: string, symbols: string[], extra: Partial<SourceWatchlist> = {}): SourceWatchlist => ({
  source,
  adapter: 'json',
  symbols,
  statuses: {},
  ...extra
})

function table(): TickerTable {
  const t = new TickerTable()
  t.apply([
    quote('d/AAPL', 189, { changePct: 1.5, volume: 10, receivedAt: 3000 }),
    quote('d/MSFT', 412, { changePct: -0.5, volume: null, receivedAt: 1000 }),
    quote('d/GONE', 5, { receivedAt: 2000 }),
    quote('x/AAPL', 190, { changePct: 0.1, volume: 30, receivedAt: 2000 })
  ])
  return t
}

describe('GridRows', () => {
  it('shows watched symbols, with awaiting rows for those with no data yet', () => {
    const rows = new GridRows()
    const out = rows.build(table(), [list('d', ['AAPL', 'MSFT', 'NVDA'])], prefs())
    expect(out.map((e) => [e.key, e.awaiting, e.removable])).toEqual([
      ['d/AAPL', false, true],
      ['x/AAPL', false, false],
      ['d/MSFT', false, true],
      ['d/NVDA', true, true]
    ])
    const nvda = out[3].row
    expect(nvda.quote).toMatchObject({ last: null, symbol: 'NVDA', source: 'd' })
    // The awaiting row keeps its identity across builds while it waits.
    expect(rows.build(table(), [list('d', ['NVDA'])], prefs()).find((e) => e.key === 'd/NVDA')!.row).toBe(
      nvda
    )
  })

  it('a json list with no symbols shows everything the feed sends', () => {
    const out = new GridRows().build(table(), [list('d', [])], prefs())
    expect(out.map((e) => e.key)).toEqual(['d/AAPL', 'x/AAPL', 'd/GONE', 'd/MSFT'])
  })

  it("carries the exchange's rejection", () => {
    const lists = [
      list('d', ['AAPL', 'NOPE'], {
        adapter: 'binance',
        statuses: {
          NOPE: { status: 'rejected', detail: 'Invalid symbol' },
          AAPL: { status: 'subscribed', detail: null }
        }
      })
    ]
    const out = new GridRows().build(table(), lists, prefs())
    const byKey = new Map(out.map((e) => [e.key, e]))
    expect(byKey.get('d/NOPE')).toMatchObject({ awaiting: true, rejected: 'Invalid symbol' })
    expect(byKey.get('d/AAPL')!.rejected).toBeNull()
  })

  it('filters on symbol or key, case-insensitively', () => {
    const rows = new GridRows()
    const lists = [list('d', ['AAPL', 'MSFT', 'NVDA'])]
    expect(rows.build(table(), lists, prefs('symbol', 'asc', 'aa')).map((e) => e.key)).toEqual([
      'd/AAPL',
      'x/AAPL'
    ])
    expect(rows.build(table(), lists, prefs('symbol', 'asc', ' x/ ')).map((e) => e.key)).toEqual(['x/AAPL'])
    expect(rows.build(table(), lists, prefs('symbol', 'asc', 'nv')).map((e) => e.key)).toEqual(['d/NVDA'])
  })

  it('sorts each column both ways, rows without a value last', () => {
    const rows = new GridRows()
    const lists = [list('d', ['AAPL', 'MSFT', 'NVDA'])]
    const keys = (column: SortColumn, direction: SortDirection): string[] =>
      rows.build(table(), lists, prefs(column, direction)).map((e) => e.key)
    expect(keys('symbol', 'desc')).toEqual(['d/NVDA', 'd/MSFT', 'x/AAPL', 'd/AAPL'])
    expect(keys('last', 'asc')).toEqual(['d/AAPL', 'x/AAPL', 'd/MSFT', 'd/NVDA'])
    expect(keys('last', 'desc')).toEqual(['d/MSFT', 'x/AAPL', 'd/AAPL', 'd/NVDA'])
    expect(keys('change-pct', 'desc')).toEqual(['d/AAPL', 'x/AAPL', 'd/MSFT', 'd/NVDA'])
    expect(keys('volume', 'asc')).toEqual(['d/AAPL', 'x/AAPL', 'd/MSFT', 'd/NVDA'])
    expect(keys('volume', 'desc')).toEqual(['x/AAPL', 'd/AAPL', 'd/MSFT', 'd/NVDA'])
    // Age ascending: the most recently updated first.
    expect(keys('age', 'asc')).toEqual(['d/AAPL', 'x/AAPL', 'd/MSFT', 'd/NVDA'])
    expect(keys('age', 'desc')).toEqual(['d/MSFT', 'x/AAPL', 'd/AAPL', 'd/NVDA'])
  })

  it('keeps its layout while rows, watchlists, filter and sort stay; a value sort refreshes every RESORT_MS', () => {
    const t = table()
    const lists = [list('d', []), list('x', [])]
    const rows = new GridRows()
    const bySymbol = prefs('symbol')
    const first = rows.build(t, lists, bySymbol, 0)
    t.apply([quote('d/AAPL', 1)])
    expect(rows.build(t, lists, bySymbol, 10_000)).toBe(first)
    // A new row, a new watchlist array or another filter lays the grid out again.
    t.apply([quote('d/ZZZ', 1)])
    const grown = rows.build(t, lists, bySymbol, 10_000)
    expect(grown).not.toBe(first)
    expect(grown.map((e) => e.key)).toContain('d/ZZZ')
    expect(rows.build(t, [...lists], bySymbol, 10_000)).not.toBe(grown)

    const byLast = prefs('last', 'desc')
    const ranked = rows.build(t, lists, byLast, 20_000)
    expect(ranked[0].key).toBe('d/MSFT')
    t.apply([quote('d/GONE', 999)])
    expect(rows.build(t, lists, byLast, 20_000 + RESORT_MS - 1)).toBe(ranked)
    expect(rows.build(t, lists, byLast, 20_000 + RESORT_MS)[0].key).toBe('d/GONE')
  })
})
