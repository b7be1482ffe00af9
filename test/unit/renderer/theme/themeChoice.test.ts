import { describe, expect, it } from 'vitest'
import {
  loadThemeChoice,
  resolveTheme,
  saveThemeChoice,
  themeFromQuery,
  THEME_KEY
} from '@renderer/theme/themeChoice'
import { withAlpha } from '@renderer/theme/canvasPalette'

const dark = { dark: true, moreContrast: false }
const light = { dark: false, moreContrast: false }

describe('theme choice', () => {
  it('follows the system by default: its scheme, or high contrast when it asks for more', () => {
    expect(resolveTheme(null, 'system', dark)).toBe('dark')
    expect(resolveTheme(null, 'system', light)).toBe('light')
    expect(resolveTheme(null, 'system', { dark: false, moreContrast: true })).toBe('contrast')
  })

  it('the user’s choice beats the system, and ?theme= beats both', () => {
    expect(resolveTheme(null, 'light', dark)).toBe('light')
    expect(resolveTheme('contrast', 'light', dark)).toBe('contrast')
    expect(themeFromQuery('?theme=light&view=wall')).toBe('light')
    // Anything else in the address is ignored, not an error.
    expect(themeFromQuery('?theme=neon')).toBeNull()
    expect(themeFromQuery('')).toBeNull()
  })

  it('remembers the choice; "system" forgets it; broken storage loses only the preference', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k)
    }
    saveThemeChoice('contrast', storage)
    expect(loadThemeChoice(storage)).toBe('contrast')
    saveThemeChoice('system', storage)
    expect(map.has(THEME_KEY)).toBe(false)
    map.set(THEME_KEY, 'bogus')
    expect(loadThemeChoice(storage)).toBe('system')
    const throwing = {
      getItem: () => {
        throw new Error('denied')
      }
    }
    expect(loadThemeChoice(throwing)).toBe('system')
  })

  it('makes canvas colours translucent, leaving what it cannot read alone', () => {
    expect(withAlpha('#26c281', 0.1)).toBe('rgba(38, 194, 129, 0.1)')
    expect(withAlpha('#26c281', Number.NaN)).toBe('rgba(38, 194, 129, 1)')
    expect(withAlpha('red', 0.5)).toBe('red')
  })
})
