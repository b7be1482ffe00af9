/**
 * Which theme a page shows. `?theme=light|dark|contrast` wins (a wall screen's URL says what it
 * wants); then the user's own choice in this browser; then the operating system: high contrast
 * when it asks for more contrast, else its light or dark scheme (`prefers-color-scheme`, which
 * Electron drives from `nativeTheme`).
 */
export const THEMES = ['dark', 'light', 'contrast'] as const
export type ThemeName = (typeof THEMES)[number]
/** What the user picks: a theme, or follow the system. */
export type ThemeChoice = ThemeName | 'system'

export const THEME_KEY = 'tickwire.theme'

export interface SystemScheme {
  dark: boolean
  moreContrast: boolean
}

export function isThemeName(value: unknown): value is ThemeName {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

/** `?theme=` as given, or `null` when absent or not a theme (an unknown value is ignored). */
export function themeFromQuery(search: string): ThemeName | null {
  const value = new URLSearchParams(search).get('theme')
  return isThemeName(value) ? value : null
}

export function resolveTheme(query: ThemeName | null, choice: ThemeChoice, system: SystemScheme): ThemeName {
  if (query !== null) return query
  if (choice !== 'system') return choice
  if (system.moreContrast) return 'contrast'
  return system.dark ? 'dark' : 'light'
}

export function loadThemeChoice(storage: Pick<Storage, 'getItem'> | null): ThemeChoice {
  try {
    const saved = storage?.getItem(THEME_KEY)
    return isThemeName(saved) ? saved : 'system'
  } catch {
    return 'system'
  }
}

export function saveThemeChoice(
  choice: ThemeChoice,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null
): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_KEY)
    else storage?.setItem(THEME_KEY, choice)
  } catch {
    // Only the preference is lost.
  }
}
