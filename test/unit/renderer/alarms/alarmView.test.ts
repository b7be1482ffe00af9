import { describe, expect, it } from 'vitest'
import type { AlarmRecord } from '@shared/alarms'
import {
  alarmStateLabel,
  conditionLabel,
  formatAlarmValue,
  formatThreshold,
  needsAck,
  newUnackedIds,
  shelfTimeLeft,
  sortAlarms,
  sortHistory,
  unackedAlarms
} from '@renderer/alarms/alarmView'

export function alarm(id: string, extra: Partial<AlarmRecord> = {}): AlarmRecord {
  return {
    id,
    key: 'plant/t1',
    source: 'plant',
    label: 'Tank 1',
    condition: 'high-alarm',
    severity: 'alarm',
    state: 'active-unacked',
    threshold: 95,
    value: 97.25,
    lastValue: 97.25,
    unit: '°C',
    raisedAt: 1000,
    clearedAt: null,
    ackedAt: null,
    ackedBy: null,
    ...extra
  }
}

describe('alarm list ordering', () => {
  it('puts the newest first, ties in one stable order', () => {
    const list = [alarm('a', { raisedAt: 1 }), alarm('c', { raisedAt: 3 }), alarm('b', { raisedAt: 3 })]
    expect(sortAlarms(list).map((a) => a.id)).toEqual(['c', 'b', 'a'])
    expect(list.map((a) => a.id)).toEqual(['a', 'c', 'b'])
  })

  it('orders history by when each alarm closed', () => {
    const list = [
      alarm('early-raised-late-acked', { raisedAt: 1, clearedAt: 2, ackedAt: 50, state: 'closed' }),
      alarm('late', { raisedAt: 10, clearedAt: 20, ackedAt: 15, state: 'closed' })
    ]
    expect(sortHistory(list).map((a) => a.id)).toEqual(['early-raised-late-acked', 'late'])
  })

  it('counts as waiting for an ack only unacknowledged alarms, active or cleared', () => {
    expect(needsAck({ state: 'active-unacked' })).toBe(true)
    expect(needsAck({ state: 'cleared-unacked' })).toBe(true)
    expect(needsAck({ state: 'active-acked' })).toBe(false)
    expect(needsAck({ state: 'closed' })).toBe(false)
    const list = [
      alarm('a', { state: 'active-acked', raisedAt: 9 }),
      alarm('b', { state: 'cleared-unacked', raisedAt: 5 }),
      alarm('c', { raisedAt: 7 })
    ]
    expect(unackedAlarms(list).map((a) => a.id)).toEqual(['c', 'b'])
  })

  it('announces alarms not seen before that need an ack, including ones that cleared before the view saw them', () => {
    const seen = new Set(['a'])
    const next = [
      alarm('a'),
      alarm('b'),
      alarm('c', { state: 'cleared-unacked' }),
      alarm('d', { state: 'active-acked' })
    ]
    expect(newUnackedIds(seen, next)).toEqual(['b', 'c'])
  })
})

describe('alarm words', () => {
  it('labels every state and condition', () => {
    expect(alarmStateLabel('active-unacked')).toBe('Active · unacked')
    expect(alarmStateLabel('cleared-unacked')).toBe('Cleared · unacked')
    expect(conditionLabel('price-below')).toBe('Price below')
    expect(conditionLabel('stale')).toMatch(/Stale/)
  })

  it('formats values and limits with units and direction, never NaN', () => {
    expect(formatAlarmValue(97.25, '°C')).toBe('97.3 °C')
    expect(formatAlarmValue(true, '')).toBe('ON')
    expect(formatAlarmValue(null, '°C')).toBe('—')
    expect(formatThreshold(alarm('a'))).toBe('> 95.0 °C')
    expect(formatThreshold(alarm('a', { condition: 'low-warn', threshold: 10 }))).toBe('< 10.0 °C')
    expect(formatThreshold(alarm('a', { condition: 'price-below', threshold: 180, unit: '' }))).toBe(
      '< 180.0'
    )
    expect(formatThreshold(alarm('a', { condition: 'stale', threshold: null }))).toBe('no data')
    expect(formatThreshold(alarm('a', { threshold: null }))).toBe('—')
  })

  it('shows a shelf time left', () => {
    expect(shelfTimeLeft({ until: 1000 + 14 * 60_000 + 5_000 }, 1000)).toBe('14m 05s')
    expect(shelfTimeLeft({ until: 8 * 3_600_000 }, 60_000)).toBe('7h 59m')
    expect(shelfTimeLeft({ until: 10 }, 20)).toBe('expiring')
  })
})
