import { describe, expect, it } from 'vitest'
import { alarmIndicators, countUnacked } from '../../../../src/main/tray/alarmStatus'

describe('countUnacked', () => {
  it('counts open alarms nobody acknowledged', () => {
    expect(countUnacked([])).toBe(0)
    expect(countUnacked([{ ackedAt: null }, { ackedAt: 5 }, { ackedAt: null }])).toBe(2)
  })
})

describe('alarmIndicators', () => {
  it('says the count in the tooltip, in words when there is none', () => {
    expect(alarmIndicators(0, 'linux').tooltip).toBe('Tickwire — no unacknowledged alarms')
    expect(alarmIndicators(1, 'linux').tooltip).toBe('Tickwire — 1 unacknowledged alarm')
    expect(alarmIndicators(3, 'linux').tooltip).toBe('Tickwire — 3 unacknowledged alarms')
  })

  it('badges the macOS dock, short, and hides the badge at zero', () => {
    expect(alarmIndicators(3, 'darwin')).toMatchObject({ dockBadge: '3', badgeCount: null, overlay: null })
    expect(alarmIndicators(100, 'darwin').dockBadge).toBe('99+')
    expect(alarmIndicators(0, 'darwin').dockBadge).toBe('')
  })

  it('puts a red dot on every Windows taskbar button, described, and clears it at zero', () => {
    expect(alarmIndicators(2, 'win32')).toMatchObject({
      dockBadge: null,
      badgeCount: null,
      overlay: { description: '2 unacknowledged alarms' }
    })
    expect(alarmIndicators(0, 'win32').overlay).toBe('none')
  })

  it('sets the launcher badge count on Linux, where the launcher supports one', () => {
    expect(alarmIndicators(4, 'linux')).toMatchObject({ badgeCount: 4, dockBadge: null, overlay: null })
    expect(alarmIndicators(0, 'linux').badgeCount).toBe(0)
  })

  it('treats a count that is not one as none', () => {
    for (const odd of [-1, Number.NaN, 1.5]) {
      expect(alarmIndicators(odd, 'win32')).toEqual(alarmIndicators(0, 'win32'))
    }
  })
})
