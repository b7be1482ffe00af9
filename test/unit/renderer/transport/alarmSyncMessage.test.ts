import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAlarmRecord } from '@renderer/transport/alarmMessage'
import { parseAlarmSyncStatus } from '@renderer/transport/sessionStatsMessage'

describe('stats.alarmSync in the view', () => {
  const good = {
    state: 'open',
    url: 'mqtt://broker:1883',
    console: 'A',
    prefix: 'tickwire/alarms',
    consoles: ['B', 'C'],
    published: 4,
    applied: 9,
    refused: 1,
    lastRefused: 'payload is not JSON',
    tracked: 3,
    lastError: null
  }

  it('takes a well-formed status and refuses one without state, broker or console', () => {
    expect(parseAlarmSyncStatus(good)).toEqual(good)
    expect(parseAlarmSyncStatus({ ...good, state: 'melting' })).toBeUndefined()
    expect(parseAlarmSyncStatus({ ...good, console: 'a b' })).toBeUndefined()
    expect(parseAlarmSyncStatus({ ...good, consoles: ['B', 7, 'x y'] })?.consoles).toEqual(['B'])
    expect(parseAlarmSyncStatus({ ...good, refused: -1 })?.refused).toBe(0)
  })

  it('never throws', () => {
    fc.assert(fc.property(fc.anything(), (raw) => void parseAlarmSyncStatus(raw)))
  })
})

describe('an alarm acked on another console', () => {
  const record = {
    id: 'a1',
    key: 'plant/boiler',
    condition: 'high-alarm',
    state: 'active-acked',
    raisedAt: 1,
    ackedAt: 2,
    ackedBy: 'alice'
  }
  it('carries the console it was acked on, when valid', () => {
    expect(parseAlarmRecord({ ...record, ackedOn: 'B', raisedOn: 'C' })).toMatchObject({
      ackedOn: 'B',
      raisedOn: 'C'
    })
    const local = parseAlarmRecord(record)
    expect(local && 'ackedOn' in local).toBe(false)
    expect(parseAlarmRecord({ ...record, ackedOn: 'B\u202e' })?.ackedOn).toBeUndefined()
  })
})
