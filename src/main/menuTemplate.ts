import type { MenuItemConstructorOptions } from 'electron'

export interface MenuContext {
  platform: NodeJS.Platform
  /** DevTools are offered only to developers, never in the packaged app. */
  isPackaged: boolean
  /** A recording is being replayed: File offers the way back to live. */
  replaying?: boolean
}

export interface MenuActions {
  openConfiguration(): void
  openConnections(): void
  openRecording(): void
  backToLive(): void
  showAbout(): void
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
  template.push({
    label: 'File',
    submenu: [
      { label: 'Open Configuration…', accelerator: 'CmdOrCtrl+O', click: () => actions.openConfiguration() },
      { label: 'Connections…', accelerator: 'CmdOrCtrl+Shift+K', click: () => actions.openConnections() },
      { type: 'separator' },
      { label: 'Open Recording…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openRecording() },
      ...(context.replaying ? [{ label: 'Back to Live', click: () => actions.backToLive() }] : []),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' }
    ]
  })
  template.push({
    label: 'View',
    submenu: [
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
  })
  if (mac) template.push({ role: 'windowMenu' })
  template.push({ role: 'help', submenu: [about] })
  return template
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
