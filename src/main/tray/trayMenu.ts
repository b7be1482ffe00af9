import type { MenuItemConstructorOptions } from 'electron'

export interface TrayMenuState {
  /** The tooltip's text, repeated as the menu's first line (Linux tray hosts show no tooltips). */
  status: string
  muted: boolean
}

export interface TrayMenuActions {
  show(): void
  setMuted(muted: boolean): void
  quit(): void
}

/** The tray icon's menu as data (Electron only sees it in `appTray.ts`), tested under Node. */
export function trayMenuTemplate(
  state: TrayMenuState,
  actions: TrayMenuActions
): MenuItemConstructorOptions[] {
  return [
    { label: state.status, enabled: false },
    { type: 'separator' },
    { label: 'Show', click: () => actions.show() },
    {
      label: 'Mute Tone',
      type: 'checkbox',
      checked: state.muted,
      click: () => actions.setMuted(!state.muted)
    },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() }
  ]
}
