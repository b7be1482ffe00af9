import { describe, expect, it } from 'vitest'
import {
  DEFAULT_GRID_PREFS,
  GRID_PREFS_KEY,
  loadGridPrefs,
  nextSort,
  saveGridPrefs,
  type PrefsStorage
} from '@renderer/tickers/gridViewPrefs'

class MapStorage implements PrefsStorage {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
}

describe('grid view prefs', () => {
  it('round-trips through storage', () => {
    const storage = new MapStorage()
    expect(loadGridPrefs(storage)).toEqual(DEFAULT_GRID_PREFS)
    saveGridPrefs(storage, { filter: 'btc', sort: { column: 'volume', direction: 'desc' } })
    expect(loadGridPrefs(storage)).toEqual({ filter: 'btc', sort: { column: 'volume', direction: 'desc' } })
  })

  it('falls back field by field on garbage, and survives storage that throws', () => {
    const storage = new MapStorage()
    storage.setItem(GRID_PREFS_KEY, '{not json')
    expect(loadGridPrefs(storage)).toEqual(DEFAULT_GRID_PREFS)
    storage.setItem(
      GRID_PREFS_KEY,
      JSON.stringify({ filter: 7, sort: { column: 'bogus', direction: 'desc' } })
    )
    expect(loadGridPrefs(storage)).toEqual({ filter: '', sort: { column: 'symbol', direction: 'desc' } })
    const throwing: PrefsStorage = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      }
    }
    expect(loadGridPrefs(throwing)).toEqual(DEFAULT_GRID_PREFS)
    expect(() => saveGridPrefs(throwing, DEFAULT_GRID_PREFS)).not.toThrow()
    expect(loadGridPrefs(null)).toEqual(DEFAULT_GRID_PREFS)
  })

  it('a header click flips the same column and starts another ascending', () => {
    expect(nextSort({ column: 'last', direction: 'asc' }, 'last')).toEqual({
      column: 'last',
      direction: 'desc'
    })
    expect(nextSort({ column: 'last', direction: 'desc' }, 'last')).toEqual({
      column: 'last',
      direction: 'asc'
    })
    expect(nextSort({ column: 'last', direction: 'desc' }, 'age')).toEqual({
      column: 'age',
      direction: 'asc'
    })
  })
})
