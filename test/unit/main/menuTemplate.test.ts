import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { aboutDetail, buildMenuTemplate, menuLabel, type MenuActions } from '../../../src/main/menuTemplate'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

const noop: MenuActions = {
  openConfiguration: () => {},
  openConnections: () => {},
  openRecording: () => {},
  backToLive: () => {},
  showAbout: () => {},
  newWindow: () => {},
  toggleAlwaysOnTop: () => {},
  leaveKiosk: () => {},
  showShortcuts: () => {}
}
const roles = (template: MenuItemConstructorOptions[]): string[] =>
  flatten(template).flatMap((item) => (item.role ? [item.role] : []))

describe('buildMenuTemplate', () => {
  it('offers Open Recording…, and Back to Live while replaying', () => {
    const labels = (replaying: boolean): string[] =>
      flatten(buildMenuTemplate({ platform: 'linux', isPackaged: true, replaying }, noop)).flatMap((i) =>
        i.label ? [i.label] : []
      )
    expect(labels(false)).toContain('Open Recording…')
    expect(labels(false)).not.toContain('Back to Live')
    expect(labels(true)).toContain('Back to Live')
  })

  it('offers DevTools to developers only', () => {
    expect(roles(buildMenuTemplate({ platform: 'linux', isPackaged: false }, noop))).toContain(
      'toggleDevTools'
    )
    expect(roles(buildMenuTemplate({ platform: 'linux', isPackaged: true }, noop))).not.toContain(
      'toggleDevTools'
    )
  })

  it('has File, View and Help with reload, zoom and full screen', () => {
    const template = buildMenuTemplate({ platform: 'win32', isPackaged: true }, noop)
    expect(template.map((item) => item.label ?? item.role)).toEqual(['File', 'View', 'help'])
    expect(roles(template)).toEqual(
      expect.arrayContaining(['quit', 'reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    )
  })

  it('follows macOS conventions: app menu first, Window menu, Close in File', () => {
    const template = buildMenuTemplate({ platform: 'darwin', isPackaged: true }, noop)
    expect(template.map((item) => item.label ?? item.role)).toEqual([
      'Tickwire',
      'File',
      'View',
      'windowMenu',
      'help'
    ])
    const file = template[1].submenu as MenuItemConstructorOptions[]
    expect(file.map((item) => item.role).filter(Boolean)).toEqual(['close'])
  })

  it('runs the actions from their menu items', () => {
    const calls: string[] = []
    const template = buildMenuTemplate(
      { platform: 'linux', isPackaged: true, replaying: true },
      {
        openConfiguration: () => calls.push('open'),
        openConnections: () => calls.push('connections'),
        openRecording: () => calls.push('recording'),
        backToLive: () => calls.push('live'),
        showAbout: () => calls.push('about'),
        newWindow: (layout) => calls.push(`new:${layout}`),
        toggleAlwaysOnTop: () => calls.push('on-top'),
        leaveKiosk: () => calls.push('leave-kiosk'),
        showShortcuts: () => calls.push('shortcuts')
      }
    )
    const byLabel = new Map(flatten(template).map((item) => [item.label, item]))
    const click = (label: string): void => {
      const handler = byLabel.get(label)?.click as (() => void) | undefined
      if (!handler) throw new Error(`no menu item "${label}"`)
      handler()
    }
    click('Open Configuration…')
    click('Connections…')
    click('Open Recording…')
    click('Back to Live')
    click('About Tickwire')
    click('Default layout')
    click('Always on Top')
    click('Keyboard Shortcuts')
    expect(calls).toEqual([
      'open',
      'connections',
      'recording',
      'live',
      'about',
      'new:null',
      'on-top',
      'shortcuts'
    ])
  })
})

const submenu = (
  items: MenuItemConstructorOptions[] | undefined,
  label: string
): MenuItemConstructorOptions[] => {
  const item = items?.find((i) => (i.label ?? i.role) === label)
  if (!item || !Array.isArray(item.submenu)) throw new Error(`no submenu "${label}"`)
  return item.submenu
}
const labels = (items: MenuItemConstructorOptions[]): (string | undefined)[] =>
  items.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role)

describe('View › New Window', () => {
  it('lists the default layout and every saved layout, each opening a window on it', () => {
    const opened: (string | null)[] = []
    const template = buildMenuTemplate(
      { platform: 'linux', isPackaged: true, layouts: ['Desk', 'Wall 2'] },
      { ...noop, newWindow: (layout) => opened.push(layout) }
    )
    const items = submenu(submenu(template, 'View'), 'New Window')
    expect(labels(items)).toEqual(['Default layout', 'Desk', 'Wall 2'])
    for (const item of items) (item.click as (() => void) | undefined)?.()
    expect(opened).toEqual([null, 'Desk', 'Wall 2'])
  })

  it('is only the default layout when none is saved, and disabled when no more windows may open', () => {
    const items = (canOpenWindow: boolean) =>
      submenu(
        submenu(buildMenuTemplate({ platform: 'win32', isPackaged: true, canOpenWindow }, noop), 'View'),
        'New Window'
      )
    expect(labels(items(true))).toEqual(['Default layout'])
    expect(items(true).every((i) => i.enabled !== false)).toBe(true)
    expect(items(false).every((i) => i.enabled === false)).toBe(true)
  })

  it('shows a layout name with & as typed, not as a mnemonic', () => {
    const items = submenu(
      submenu(buildMenuTemplate({ platform: 'win32', isPackaged: true, layouts: ['R&D'] }, noop), 'View'),
      'New Window'
    )
    expect(labels(items)).toContain('R&&D')
    expect(menuLabel('R&D', 'darwin')).toBe('R&D')
  })
})

describe('View › Always on Top', () => {
  const item = (focused: { alwaysOnTop: boolean; kiosk: boolean } | null) =>
    submenu(buildMenuTemplate({ platform: 'linux', isPackaged: true, focused }, noop), 'View').find(
      (i) => i.label === 'Always on Top'
    )

  it('is a checkbox ticked as the focused window is', () => {
    expect(item({ alwaysOnTop: true, kiosk: false })).toMatchObject({ type: 'checkbox', checked: true })
    expect(item({ alwaysOnTop: false, kiosk: false })).toMatchObject({ checked: false, enabled: true })
  })

  it('is disabled when no window is open', () => {
    expect(item(null)).toMatchObject({ checked: false, enabled: false })
  })
})

describe('Help › Keyboard Shortcuts', () => {
  it('comes first in Help, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const help = submenu(buildMenuTemplate({ platform, isPackaged: true }, noop), 'help')
      expect(labels(help)).toEqual(['Keyboard Shortcuts', 'About Tickwire'])
    }
  })
})

describe('a kiosk window’s menu', () => {
  const kiosk = { alwaysOnTop: false, kiosk: true }

  it('offers nothing that changes what the wall shows: no configuration, connections, recordings, new windows, DevTools or full-screen toggle', () => {
    const template = buildMenuTemplate(
      { platform: 'linux', isPackaged: false, replaying: true, layouts: ['Desk'], focused: kiosk },
      noop
    )
    const all = flatten(template).flatMap((i) => [i.label, i.role])
    for (const gone of [
      'Open Configuration…',
      'Connections…',
      'Open Recording…',
      'Back to Live',
      'New Window',
      'Always on Top',
      'toggleDevTools',
      'togglefullscreen'
    ]) {
      expect(all).not.toContain(gone)
    }
    expect(labels(submenu(template, 'File'))).toEqual(['quit'])
    expect(all).toEqual(expect.arrayContaining(['reload', 'Keyboard Shortcuts', 'About Tickwire']))
  })

  it('offers Leave Kiosk Mode with its key combination shown, caught by the window itself', () => {
    const calls: string[] = []
    const view = submenu(
      buildMenuTemplate(
        { platform: 'darwin', isPackaged: true, focused: kiosk },
        { ...noop, leaveKiosk: () => calls.push('leave') }
      ),
      'View'
    )
    expect(view[0]).toMatchObject({
      label: 'Leave Kiosk Mode',
      accelerator: 'CmdOrCtrl+Shift+Alt+K',
      registerAccelerator: false
    })
    ;(view[0].click as () => void)()
    expect(calls).toEqual(['leave'])
  })

  it('is the ordinary menu again once the focused window is not a kiosk', () => {
    const view = submenu(
      buildMenuTemplate(
        { platform: 'linux', isPackaged: true, focused: { alwaysOnTop: false, kiosk: false } },
        noop
      ),
      'View'
    )
    expect(labels(view)).toContain('New Window')
    expect(labels(view)).not.toContain('Leave Kiosk Mode')
  })
})

describe('aboutDetail', () => {
  it('names every version, with "?" for one that is missing', () => {
    expect(
      aboutDetail('0.1.0', { electron: '39.8.10', chrome: '142.0', node: '22.20.0' }).split('\n')
    ).toEqual(['Tickwire 0.1.0', 'Electron 39.8.10', 'Chromium 142.0', 'Node.js 22.20.0', 'V8 ?'])
  })
})
