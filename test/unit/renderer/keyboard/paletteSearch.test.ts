import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_PALETTE_RESULTS,
  matchScore,
  searchPalette,
  type PaletteItem
} from '@renderer/keyboard/paletteSearch'
import { shortcutOf, shortcutList } from '@renderer/keyboard/shortcuts'

const item = (kind: PaletteItem['kind'], label: string, keywords?: string): PaletteItem => ({
  id: `${kind}:${label}`,
  kind,
  label,
  detail: '',
  keywords
})

describe('command palette search', () => {
  it('ranks whole names, then prefixes, word starts, anywhere, letters in order', () => {
    expect(matchScore('BTC-USD', 'btc-usd')).toBeGreaterThan(matchScore('BTC-USD', 'btc'))
    expect(matchScore('BTC-USD', 'btc')).toBeGreaterThan(matchScore('BTC-USD', 'usd'))
    expect(matchScore('BTC-USD', 'usd')).toBeGreaterThan(matchScore('BTCUSD', 'usd'))
    expect(matchScore('BTCUSD', 'usd')).toBeGreaterThan(matchScore('BTC-USD', 'bu'))
    expect(matchScore('BTC-USD', 'xyz')).toBe(0)
  })

  it('finds a sensor by its key too, and puts symbols before sensors on a tie', () => {
    const items = [item('sensor', 'Boiler 1 temperature', 'plant/b1/temp'), item('symbol', 'B1')]
    expect(searchPalette(items, 'b1/temp').map((i) => i.label)).toEqual(['Boiler 1 temperature'])
    expect(searchPalette([item('sensor', 'AAPL'), item('symbol', 'AAPL')], 'aapl')[0].kind).toBe('symbol')
  })

  it('never throws and never returns more than the bound, whatever is typed', () => {
    const many = Array.from({ length: 500 }, (_, i) => item('symbol', `S${i}`))
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (q) => {
        const results = searchPalette(many, q)
        return results.length <= MAX_PALETTE_RESULTS
      })
    )
  })
})

describe('shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods
  })

  it('opens the palette on Ctrl+K, or Cmd+K on macOS, even while typing', () => {
    expect(shortcutOf(key('k', { ctrlKey: true }), false, 'text')).toBe('palette')
    expect(shortcutOf(key('k', { metaKey: true }), true, 'page')).toBe('palette')
    expect(shortcutOf(key('k', { ctrlKey: true }), true, 'page')).toBeNull()
  })

  it('leaves letters to a text field, and Enter and arrows to a focused control', () => {
    expect(shortcutOf(key('a'), false, 'text')).toBeNull()
    expect(shortcutOf(key('a'), false, 'page')).toBe('ack-selected')
    expect(shortcutOf(key('A', { shiftKey: true }), false, 'control')).toBe('ack-all')
    expect(shortcutOf(key('Enter'), false, 'control')).toBeNull()
    expect(shortcutOf(key('Enter'), false, 'page')).toBe('chart')
    expect(shortcutOf(key('ArrowDown'), false, 'page')).toBe('next')
    // Ctrl+C still copies.
    expect(shortcutOf(key('c', { ctrlKey: true }), false, 'page')).toBeNull()
    expect(shortcutOf(key('Escape'), false, 'text')).toBe('escape')
  })

  it('lists every action it answers, once', () => {
    const listed = shortcutList(false).map((s) => s.action)
    expect(new Set(listed).size).toBe(listed.length)
    for (const k of ['k', '?', 'ArrowDown', 'ArrowUp', 'Enter', 'a', 'w', 'Escape']) {
      const action = shortcutOf(key(k, k === 'k' ? { ctrlKey: true } : {}), false, 'page')
      expect(listed).toContain(action)
    }
    expect(shortcutList(true)[0].keys).toEqual(['⌘K'])
  })
})
