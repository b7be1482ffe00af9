import { describe, expect, it } from 'vitest'
import { ALARM_PREFS_KEY, loadAlarmPrefs, operatorFor, saveAlarmPrefs } from '@renderer/alarms/alarmPrefs'

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data
  }
}

describe('alarm prefs', () => {
  it('defaults to notifications on and the tone off', () => {
    expect(loadAlarmPrefs(null)).toEqual({ operator: '', notify: true, tone: false })
    expect(loadAlarmPrefs(memoryStorage({ [ALARM_PREFS_KEY]: '{broken' }))).toEqual({
      operator: '',
      notify: true,
      tone: false
    })
  })

  it('round-trips and repairs field by field', () => {
    const storage = memoryStorage()
    saveAlarmPrefs(storage, { operator: 'ann', notify: false, tone: true })
    expect(loadAlarmPrefs(storage)).toEqual({ operator: 'ann', notify: false, tone: true })
    storage.setItem(ALARM_PREFS_KEY, JSON.stringify({ operator: 5, notify: 'yes', tone: true }))
    expect(loadAlarmPrefs(storage)).toEqual({ operator: '', notify: true, tone: true })
    storage.setItem(ALARM_PREFS_KEY, JSON.stringify({ operator: `  ${'x'.repeat(100)}` }))
    expect(loadAlarmPrefs(storage).operator).toHaveLength(64)
  })

  it('attributes actions to the typed name, else the engine operator, else nobody', () => {
    expect(operatorFor({ operator: ' ann ' }, 'root')).toBe('ann')
    expect(operatorFor({ operator: '' }, 'root')).toBe('root')
    expect(operatorFor({ operator: '  ' }, null)).toBeUndefined()
  })
})
