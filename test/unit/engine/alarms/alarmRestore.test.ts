import { describe, expect, it } from 'vitest'
import { ALARM_HISTORY_LIMIT, type AlarmRecord } from '@shared/alarms'
import {
  AlarmEngine,
  SOURCE_REMOVED_REASON,
  type AlarmSubject
} from '../../../../src/main/engine/alarms/alarmEngine'
import {
  parseAlarmEvent,
  replayAlarmEvents,
  type AlarmEvent
} from '../../../../src/main/engine/alarms/alarmEvents'
import type { ActiveCondition } from '../../../../src/main/engine/alarms/limits'
import { ManualClock } from './manualClock'

const boiler: AlarmSubject = { key: 'plant/boiler', source: 'plant', label: 'Boiler', unit: '°C' }
const pump: AlarmSubject = { key: 'old/pump', source: 'old', label: 'Pump', unit: 'bar' }
const HIGH_WARN: ActiveCondition = { condition: 'high-warn', severity: 'warn', threshold: 80 }

/** A first run that leaves open alarms on `plant` and `old`, a shelf on `old` and closed history. */
function firstRun(): AlarmEvent[] {
  const clock = new ManualClock()
  const events: AlarmEvent[] = []
  let n = 0
  const engine = new AlarmEngine({
    operator: 'day',
    clock,
    record: (e) => events.push(e),
    newId: () => `a${++n}`
  })
  for (let i = 0; i < 3; i++) {
    engine.observe(boiler, [HIGH_WARN], 81 + i)
    clock.advance(10)
    engine.observe(boiler, [], 70)
    engine.ackAll()
    clock.advance(10)
  }
  engine.observe(boiler, [HIGH_WARN], 90)
  engine.observe(pump, [HIGH_WARN], 9)
  engine.shelve('old/pump', 'Pump', 600_000)
  engine.shelve('plant/boiler', 'Boiler', 600_000)
  engine.dispose()
  return events
}

describe('restoring alarms from the journal', () => {
  it('replays the closed alarms into history, newest first, each once', () => {
    const events = firstRun()
    // A checkpoint after rotation repeats a close: still one history entry.
    const closedA1 = events.find((e) => e.event === 'closed' && 'alarm' in e && e.alarm.id === 'a1')
    const restored = replayAlarmEvents([...events, closedA1!])
    expect(restored.history?.map((a) => [a.id, a.state])).toEqual([
      ['a1', 'closed'],
      ['a3', 'closed'],
      ['a2', 'closed']
    ])
    const engine = new AlarmEngine({ operator: 'night', clock: new ManualClock(), restored })
    expect(engine.summary().history.map((a) => a.id)).toEqual(['a1', 'a3', 'a2'])
    expect(
      engine
        .openAlarms()
        .map((a) => a.id)
        .sort()
    ).toEqual(['a4', 'a5'])
  })

  it('keeps only the last ALARM_HISTORY_LIMIT closed alarms', () => {
    const closed = (i: number): AlarmEvent => ({
      event: 'closed',
      at: i,
      alarm: { ...(firstRun()[0] as { alarm: AlarmRecord }).alarm, id: `c${i}`, state: 'closed' }
    })
    const events = Array.from({ length: ALARM_HISTORY_LIMIT + 5 }, (_, i) => closed(i))
    const history = replayAlarmEvents(events).history ?? []
    expect(history).toHaveLength(ALARM_HISTORY_LIMIT)
    expect(history[0].id).toBe(`c${ALARM_HISTORY_LIMIT + 4}`)
    expect(history[ALARM_HISTORY_LIMIT - 1].id).toBe('c5')
  })

  it('closes restored alarms of a source the configuration no longer has, journaling why, and drops its shelves', () => {
    const restored = replayAlarmEvents(firstRun())
    // Before the shelves expire (the first run started at 1_000_000).
    const clock = new ManualClock(1_100_000)
    const events: AlarmEvent[] = []
    const engine = new AlarmEngine({
      operator: 'night',
      clock,
      restored,
      knownSources: new Set(['plant']),
      record: (e) => events.push(e)
    })
    expect(engine.openAlarms().map((a) => a.key)).toEqual(['plant/boiler'])
    expect(engine.summary().history[0]).toMatchObject({
      id: 'a5',
      key: 'old/pump',
      state: 'closed',
      clearedAt: clock.time
    })
    expect(engine.summary().shelved.map((s) => s.key)).toEqual(['plant/boiler'])
    expect(events.map((e) => [e.event, 'alarm' in e ? e.alarm.id : e.shelf.key, e.reason])).toEqual([
      ['closed', 'a5', SOURCE_REMOVED_REASON],
      ['unshelved', 'old/pump', SOURCE_REMOVED_REASON]
    ])
    // The reason survives the journal's round trip, and a replay no longer restores them.
    const lines = events.map((e) => parseAlarmEvent(JSON.parse(JSON.stringify(e))))
    expect(lines.map((e) => e?.reason)).toEqual([SOURCE_REMOVED_REASON, SOURCE_REMOVED_REASON])
    const again = replayAlarmEvents([...firstRun(), ...events])
    expect(again.alarms.map((a) => a.key)).toEqual(['plant/boiler'])
    expect(again.shelves.map((s) => s.key)).toEqual(['plant/boiler'])
  })

  it('writes history into the checkpoint of a rotated journal, so it survives rotation', () => {
    const restored = replayAlarmEvents(firstRun())
    const engine = new AlarmEngine({ operator: 'night', clock: new ManualClock(), restored })
    const replayed = replayAlarmEvents(engine.checkpointEvents())
    expect(replayed.history?.map((a) => a.id)).toEqual(['a3', 'a2', 'a1'])
    expect(replayed.alarms.map((a) => a.id).sort()).toEqual(['a4', 'a5'])
  })
})
