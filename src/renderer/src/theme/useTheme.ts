import { ref, type Ref } from 'vue'
import type { Disposable } from '@shared/disposable'
import {
  loadThemeChoice,
  resolveTheme,
  saveThemeChoice,
  THEME_KEY,
  themeFromQuery,
  type ThemeChoice,
  type ThemeName
} from './themeChoice'

export interface ThemeControl extends Disposable {
  /** The theme on screen now. */
  readonly theme: Ref<ThemeName>
  /** The user's choice ('system' follows the OS); `?theme=` still wins while in the address. */
  readonly choice: Ref<ThemeChoice>
  /** True when the address fixes the theme (`?theme=`): the choice applies after it is removed. */
  readonly fixedByAddress: boolean
  choose(choice: ThemeChoice): void
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

/**
 * Puts `data-theme` on the page root before the first paint and keeps it current as the OS
 * scheme changes (Electron reflects `nativeTheme` into `prefers-color-scheme`).
 */
export function startTheme(root: HTMLElement, search: string): ThemeControl {
  const query = themeFromQuery(search)
  const dark = matchMedia('(prefers-color-scheme: dark)')
  const contrast = matchMedia('(prefers-contrast: more)')
  const choice = ref<ThemeChoice>(loadThemeChoice(storage()))
  const theme = ref<ThemeName>('dark')
  const apply = (): void => {
    const next = resolveTheme(query, choice.value, { dark: dark.matches, moreContrast: contrast.matches })
    // The attribute first: whatever redraws on the change reads the new colours.
    root.dataset.theme = next
    theme.value = next
  }
  // A choice made in another tab of this browser applies here too.
  const stored = (event: StorageEvent): void => {
    if (event.key !== THEME_KEY && event.key !== null) return
    choice.value = loadThemeChoice(storage())
    apply()
  }
  apply()
  dark.addEventListener('change', apply)
  contrast.addEventListener('change', apply)
  window.addEventListener('storage', stored)
  return {
    theme,
    choice,
    fixedByAddress: query !== null,
    choose(next) {
      choice.value = next
      saveThemeChoice(next, storage())
      apply()
    },
    dispose() {
      dark.removeEventListener('change', apply)
      contrast.removeEventListener('change', apply)
      window.removeEventListener('storage', stored)
    }
  }
}
