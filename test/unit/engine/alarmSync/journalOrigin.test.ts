import { describe, expect, it } from 'vitest'
import { parseAlarmEvent } from '../../../../src/main/engine/alarms/alarmEvents'

const alarm = {
  id: 'a1',
  key: 'plant/boiler',
  source: 'plant',
  label: 'Boiler',
  condition: 'high-alarm',
  severity: 'alarm',
  state: 'active-acked',
  threshold: 95,
  value: 99,
  lastValue: 99,
  unit: '°C',
  raisedAt: 1,
  clearedAt: null,
  ackedAt: 2,
  ackedBy: 'alice'
}

describe('journal lines with provenance', () => {
  it('keep where an event came from, and read older lines as before', () => {
    const line = { event: 'acked', at: 2, origin: 'B', alarm: { ...alarm, raisedOn: 'C', ackedOn: 'B' } }
    expect(parseAlarmEvent(line)).toEqual(line)
    expect(parseAlarmEvent({ event: 'acked', at: 2, alarm })).toEqual({ event: 'acked', at: 2, alarm })
    expect(parseAlarmEvent({ event: 'acked', at: 2, alarm: { ...alarm, ackedOn: 7 } })).toBeNull()
    expect(parseAlarmEvent({ event: 'acked', at: 2, origin: 7, alarm })).toEqual({
      event: 'acked',
      at: 2,
      alarm
    })
  })
})
