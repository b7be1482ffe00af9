import { describe, expect, it } from 'vitest'
import { trayMenuTemplate } from '../../../../src/main/tray/trayMenu'

describe('trayMenuTemplate', () => {
  const calls: string[] = []
  const actions = {
    show: () => calls.push('show'),
    setMuted: (muted: boolean) => calls.push(muted ? 'mute' : 'unmute'),
    quit: () => calls.push('quit')
  }

  it('shows the status, then Show, Mute Tone and Quit', () => {
    const items = trayMenuTemplate({ status: 'Tickwire — 3 unacknowledged alarms', muted: false }, actions)
    expect(items.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      'Tickwire — 3 unacknowledged alarms',
      'Show',
      'Mute Tone',
      'Quit'
    ])
    expect(items[0].enabled).toBe(false)
    expect(items.find((i) => i.label === 'Mute Tone')).toMatchObject({ type: 'checkbox', checked: false })
  })

  it('toggles the tone from what it is, and runs Show and Quit', () => {
    calls.length = 0
    const click = (muted: boolean, label: string): void => {
      const item = trayMenuTemplate({ status: '', muted }, actions).find((i) => i.label === label)
      ;(item?.click as () => void)()
    }
    click(false, 'Mute Tone')
    click(true, 'Mute Tone')
    click(false, 'Show')
    click(false, 'Quit')
    expect(calls).toEqual(['mute', 'unmute', 'show', 'quit'])
  })
})
