import { inject, ref, type App, type InjectionKey, type Ref } from 'vue'
import type { ThemeControl } from './useTheme'
import type { ThemeName } from './themeChoice'

const KEY: InjectionKey<ThemeControl> = Symbol('theme')

export function installTheme(app: App, control: ThemeControl): void {
  app.provide(KEY, control)
}

/** The theme on screen, for what draws on canvas and must redraw when it changes. */
export function useThemeName(): Ref<ThemeName> {
  return inject(KEY, null)?.theme ?? ref<ThemeName>('dark')
}

export function useThemeControl(): ThemeControl | null {
  return inject(KEY, null)
}
