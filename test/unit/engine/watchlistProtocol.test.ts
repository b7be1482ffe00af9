import { describe, expect, it } from 'vitest'
import { isWatchSymbol, parseViewMessage } from '@shared/protocol'

describe('parseViewMessage setWatchlist', () => {
  it('accepts strings of 1-64 characters, at most 500 of them', () => {
    expect(parseViewMessage({ type: 'setWatchlist', source: 'desk', symbols: ['A', 'BTC/USD'] })).toEqual({
      type: 'setWatchlist',
      source: 'desk',
      symbols: ['A', 'BTC/USD']
    })
    expect(parseViewMessage({ type: 'setWatchlist', source: 'desk', symbols: [] })).not.toBeNull()
    const many = Array.from({ length: 500 }, (_, i) => `S${i}`)
    expect(parseViewMessage({ type: 'setWatchlist', source: 'desk', symbols: many })).not.toBeNull()
    expect(
      parseViewMessage({ type: 'setWatchlist', source: 'desk', symbols: ['x'.repeat(64)] })
    ).not.toBeNull()
  })

  it('refuses anything else', () => {
    const bad: unknown[] = [
      { type: 'setWatchlist', source: 'desk', symbols: [''] },
      { type: 'setWatchlist', source: 'desk', symbols: ['x'.repeat(65)] },
      { type: 'setWatchlist', source: 'desk', symbols: ['A\tB'] },
      { type: 'setWatchlist', source: 'desk', symbols: ['A\u0000'] },
      { type: 'setWatchlist', source: 'desk', symbols: [1] },
      { type: 'setWatchlist', source: 'desk', symbols: 'AAPL' },
      { type: 'setWatchlist', source: 'desk', symbols: Array.from({ length: 501 }, (_, i) => `S${i}`) },
      { type: 'setWatchlist', source: '', symbols: ['A'] },
      { type: 'setWatchlist', source: 7, symbols: ['A'] },
      { type: 'setWatchlist', symbols: ['A'] }
    ]
    for (const message of bad) expect(parseViewMessage(message), JSON.stringify(message)).toBeNull()
  })
})

describe('isWatchSymbol', () => {
  it('takes exchange spellings and refuses blanks and controls', () => {
    for (const s of ['BTCUSDT', 'BTC-USD', 'BTC/USD', 'EURUSD=X', '^GSPC', 'x'.repeat(64)])
      expect(isWatchSymbol(s)).toBe(true)
    for (const s of ['', ' ', 'A  B', 'A\tB', 'A\u007f', 'x'.repeat(65), 3, null])
      expect(isWatchSymbol(s)).toBe(false)
  })
})

describe('operator names on alarm commands', () => {
  it('are trimmed, and refused when they carry control or bidi-override characters', () => {
    expect(parseViewMessage({ type: 'ackAlarm', id: 'a1', by: '  Ana  ' })).toEqual({
      type: 'ackAlarm',
      id: 'a1',
      by: 'Ana'
    })
    expect(parseViewMessage({ type: 'ackAlarm', id: 'a1', by: '\u202eevil\nline' })).toBeNull()
    expect(parseViewMessage({ type: 'ackAllAlarms', by: 'ops\u0007' })).toBeNull()
    expect(parseViewMessage({ type: 'ackAllAlarms', by: '   ' })).toBeNull()
    expect(parseViewMessage({ type: 'shelve', key: 'plant/x', durationMs: 900_000, by: 'Bo ' })).toEqual({
      type: 'shelve',
      key: 'plant/x',
      durationMs: 900_000,
      by: 'Bo'
    })
  })
})
