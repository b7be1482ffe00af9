import { describe, expect, it } from 'vitest'
import { TickerTable } from '@renderer/tickers/tickerTable'
import { tickerQuote as quote } from '../frame/fixtures'

describe('TickerTable', () => {
  it('adds rows in key order and reports when the order changed', () => {
    const table = new TickerTable()
    expect(table.apply([quote('b/X', 1), quote('a/Y', 2)])).toBe(true)
    expect(table.order).toEqual(['a/Y', 'b/X'])
    expect(table.apply([quote('b/X', 1.5)])).toBe(false)
  })

  it('flashes up and down, bumps rev, and records history', () => {
    const table = new TickerTable()
    table.apply([quote('d/A', 100)])
    const row = table.rows.get('d/A')!
    expect(row.flash).toBeNull()
    table.apply([quote('d/A', 101)])
    expect(row.flash).toBe('up')
    expect(row.flashSeq).toBe(1)
    table.apply([quote('d/A', 100.5)])
    expect(row.flash).toBe('down')
    expect(row.flashSeq).toBe(2)
    table.apply([quote('d/A', 100.5, { bid: 100.4 })])
    expect(row.flashSeq).toBe(2)
    expect(row.rev).toBe(3)
    expect(row.history.length).toBe(3)
    expect(row.history.at(2)).toBe(100.5)
  })

  it('keeps decimals stable per row (widen only)', () => {
    const table = new TickerTable()
    table.apply([quote('d/A', 1.2345)])
    const row = table.rows.get('d/A')!
    expect(row.decimals).toBe(4)
    table.apply([quote('d/A', 1.2)])
    expect(row.decimals).toBe(4)
  })

  it('replaces everything with a snapshot, keeping history of rows that remain', () => {
    const table = new TickerTable()
    table.apply([quote('d/A', 1), quote('d/B', 2)])
    table.apply([quote('d/A', 1.1)])
    table.replace([quote('d/A', 1.2), quote('d/C', 3)])
    expect(table.order).toEqual(['d/A', 'd/C'])
    expect(table.rows.has('d/B')).toBe(false)
    expect(table.rows.get('d/A')!.history.length).toBe(3)
  })
})
