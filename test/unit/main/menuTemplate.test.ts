import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { aboutDetail, buildMenuTemplate } from '../../../src/main/menuTemplate'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

const noop = { openConfiguration: () => {}, openConnections: () => {}, showAbout: () => {} }
const roles = (template: MenuItemConstructorOptions[]): string[] =>
  flatten(template).flatMap((item) => (item.role ? [item.role] : []))

describe('buildMenuTemplate', () => {
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
      { platform: 'linux', isPackaged: true },
      {
        openConfiguration: () => calls.push('open'),
        openConnections: () => calls.push('connections'),
        showAbout: () => calls.push('about')
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
    click('About Tickwire')
    expect(calls).toEqual(['open', 'connections', 'about'])
  })
})

describe('aboutDetail', () => {
  it('names every version, with "?" for one that is missing', () => {
    expect(
      aboutDetail('0.1.0', { electron: '39.8.10', chrome: '142.0', node: '22.20.0' }).split('\n')
    ).toEqual(['Tickwire 0.1.0', 'Electron 39.8.10', 'Chromium 142.0', 'Node.js 22.20.0', 'V8 ?'])
  })
})
