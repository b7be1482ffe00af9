import type { MenuItemConstructorOptions } from 'electron'
import { KIOSK_EXIT_ACCELERATOR } from './window/kioskExit'

export interface MenuContext {
  platform: NodeJS.Platform
  /** DevTools are offered only to developers, never in the packaged app. */
  isPackaged: boolean
  /** A recording is being replayed: File offers the way back to live. */
  replaying?: boolean
  /** The saved layouts' names, in order: View › New Window lists them. */
  layouts?: readonly string[]
  /** The window the menu acts on (the focused one, else the first), `null` when none is open. */
  focused?: { alwaysOnTop: boolean; kiosk: boolean } | null
  /** False once as many windows are open as may be (New Window is then disabled). */
  canOpenWindow?: boolean
}

export interface MenuActions {
  openConfiguration(): void
  openConnections(): void
  openRecording(): void
  backToLive(): void
  showAbout(): void
  /** View › New Window ▸ a layout (`null`: the default layout). */
  newWindow(layout: string | null): void
  /** View › Always on Top, for the window the menu acts on. */
  toggleAlwaysOnTop(): void
  /** View › Leave Kiosk Mode (shown in a kiosk window; the key combination does the same). */
  leaveKiosk(): void
  /** Help › Keyboard Shortcuts: the focused window's page shows them. */
  showShortcuts(): void
}

/** A user's text as a menu label: on Windows and Linux `&` marks a mnemonic, so it is doubled. */
export function menuLabel(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replaceAll('&', '&&')
}

/**
 * The application menu as data (Electron only sees it in `index.ts`), so what a packaged build
 * offers is tested under Node. Roles give each platform its native labels and shortcuts.
 */
export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin'
  const about: MenuItemConstructorOptions = { label: 'About Tickwire', click: () => actions.showAbout() }

  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: 'Tickwire',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' }
      ]
    })
  }
  // A kiosk window is a wall display: nothing in its menu may change what it shows or where.
  const kiosk = context.focused?.kiosk === true
  template.push({
    label: 'File',
    submenu: [...(kiosk ? [] : fileItems(context, actions)), mac ? { role: 'close' } : { role: 'quit' }]
  })
  template.push({ label: 'View', submenu: kiosk ? kioskViewItems(actions) : viewItems(context, actions) })
  if (mac) template.push({ role: 'windowMenu' })
  template.push({
    role: 'help',
    submenu: [
      { label: 'Keyboard Shortcuts', click: () => actions.showShortcuts() },
      { type: 'separator' },
      about
    ]
  })
  return template
}

function fileItems(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Configuration…', accelerator: 'CmdOrCtrl+O', click: () => actions.openConfiguration() },
    { label: 'Connections…', accelerator: 'CmdOrCtrl+Shift+K', click: () => actions.openConnections() },
    { type: 'separator' },
    { label: 'Open Recording…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openRecording() },
    ...(context.replaying ? [{ label: 'Back to Live', click: () => actions.backToLive() }] : []),
    { type: 'separator' }
  ]
}

function viewItems(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const enabled = context.canOpenWindow ?? true
  const layouts = context.layouts ?? []
  return [
    {
      label: 'New Window',
      submenu: [
        {
          label: 'Default layout',
          accelerator: 'CmdOrCtrl+Shift+N',
          enabled,
          click: () => actions.newWindow(null)
        },
        ...(layouts.length > 0 ? [{ type: 'separator' } as const] : []),
        ...layouts.map((name) => ({
          label: menuLabel(name, context.platform),
          enabled,
          click: () => actions.newWindow(name)
        }))
      ]
    },
    {
      label: 'Always on Top',
      type: 'checkbox',
      checked: context.focused?.alwaysOnTop ?? false,
      enabled: context.focused != null,
      click: () => actions.toggleAlwaysOnTop()
    },
    { type: 'separator' },
    { role: 'reload' },
    { role: 'forceReload' },
    ...(context.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' }
  ]
}

function kioskViewItems(actions: MenuActions): MenuItemConstructorOptions[] {
  return [
    {
      label: 'Leave Kiosk Mode',
      accelerator: KIOSK_EXIT_ACCELERATOR,
      // Shown, not registered: the kiosk window catches the keys itself, menu bar or not.
      registerAccelerator: false,
      click: () => actions.leaveKiosk()
    },
    { type: 'separator' },
    { role: 'reload' },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' }
  ]
}

/** The About box text: what a support ticket needs to identify the build. */
export function aboutDetail(
  appVersion: string,
  versions: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>
): string {
  return [
    `Tickwire ${appVersion}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node.js ${versions.node ?? '?'}`,
    `V8 ${versions.v8 ?? '?'}`
  ].join('\n')
}
