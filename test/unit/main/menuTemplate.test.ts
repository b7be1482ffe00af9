import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { aboutDetail, buildMenuTemplate } from '../../../src/main/menuTemplate'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

const noop = {
  openConfiguration: () => {},
  openConnections: () => {},
  openRecording: () => {},
  backToLive: () => {},
  showAbout: () => {}
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
    click('Open Recording…')
    click('Back to Live')
    click('About Tickwire')
    expect(calls).toEqual(['open', 'connections', 'recording', 'live', 'about'])
  })
})

describe('aboutDetail', () => {
  it('names every version, with "?" for one that is missing', () => {
    expect(
      aboutDetail('0.1.0', { electron: '39.8.10', chrome: '142.0', node: '22.20.0' }).split('\n')
    ).toEqual(['Tickwire 0.1.0', 'Electron 39.8.10', 'Chromium 142.0', 'Node.js 22.20.0', 'V8 ?'])
  })
})
