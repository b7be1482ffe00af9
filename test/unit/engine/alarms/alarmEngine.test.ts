import { describe, expect, it } from 'vitest'
import { AlarmEngine, type AlarmSubject } from '../../../../src/main/engine/alarms/alarmEngine'
import { replayAlarmEvents, type AlarmEvent } from '../../../../src/main/engine/alarms/alarmEvents'
import type { ActiveCondition } from '../../../../src/main/engine/alarms/limits'
import { ManualClock } from './manualClock'

const boiler: AlarmSubject = { key: 'plant/boiler', source: 'plant', label: 'Boiler', unit: '°C' }
const HIGH_WARN: ActiveCondition = { condition: 'high-warn', severity: 'warn', threshold: 80 }
const HIGH_ALARM: ActiveCondition = { condition: 'high-alarm', severity: 'alarm', threshold: 95 }
const STALE: ActiveCondition = { condition: 'stale', severity: 'stale', threshold: null }

function setup(): { clock: ManualClock; engine: AlarmEngine; events: AlarmEvent[] } {
  const clock = new ManualClock()
  const events: AlarmEvent[] = []
  let n = 0
  const engine = new AlarmEngine({
    operator: 'night-shift',
    clock,
    record: (e) => events.push(e),
    newId: () => `a${++n}`
  })
  return { clock, engine, events }
}

const kinds = (events: AlarmEvent[]): string[] =>
  events.map((e) => `${e.event}:${'alarm' in e ? `${e.alarm.id}:${e.alarm.state}` : e.shelf.key}`)

describe('alarm lifecycle (ISA-18.2)', () => {
  it('raise → ack → clear closes the alarm into history', () => {
    const { clock, engine, events } = setup()
    engine.observe(boiler, [HIGH_WARN], 81)
    expect(engine.openAlarms()).toMatchObject([
      {
        id: 'a1',
        state: 'active-unacked',
        condition: 'high-warn',
        severity: 'warn',
        threshold: 80,
        value: 81,
        raisedAt: clock.time
      }
    ])
    clock.advance(1000)
    engine.observe(boiler, [HIGH_WARN], 85)
    expect(engine.openAlarms()[0]).toMatchObject({ value: 81, lastValue: 85 })
    expect(engine.ack('a1')).toBeNull()
    expect(engine.openAlarms()[0]).toMatchObject({
      state: 'active-acked',
      ackedBy: 'night-shift',
      ackedAt: clock.time
    })
    clock.advance(1000)
    engine.observe(boiler, [], 70)
    expect(engine.openAlarms()).toEqual([])
    expect(engine.summary().history).toMatchObject([{ id: 'a1', state: 'closed', clearedAt: clock.time }])
    expect(kinds(events)).toEqual([
      'raised:a1:active-unacked',
      'acked:a1:active-acked',
      'cleared:a1:closed',
      'closed:a1:closed'
    ])
  })

  it('a clear before the ack leaves it cleared-unacked until someone acks; then it closes', () => {
    const { engine, events } = setup()
    engine.observe(boiler, [HIGH_WARN], 81)
    engine.observe(boiler, [], 70)
    expect(engine.openAlarms()).toMatchObject([{ id: 'a1', state: 'cleared-unacked' }])
    // A new crossing is a new alarm; the cleared one stays for the operator to see.
    engine.observe(boiler, [HIGH_WARN], 82)
    expect(engine.openAlarms().map((a) => [a.id, a.state])).toEqual([
      ['a2', 'active-unacked'],
      ['a1', 'cleared-unacked']
    ])
    expect(engine.ack('a1', 'alice')).toBeNull()
    expect(engine.openAlarms().map((a) => a.id)).toEqual(['a2'])
    expect(engine.summary().history[0]).toMatchObject({ id: 'a1', state: 'closed', ackedBy: 'alice' })
    expect(kinds(events).slice(-2)).toEqual(['acked:a1:closed', 'closed:a1:closed'])
  })

  it('warn → alarm raises high-alarm while high-warn stays; each clears on its own', () => {
    const { engine } = setup()
    engine.observe(boiler, [HIGH_WARN], 81)
    engine.observe(boiler, [HIGH_ALARM, HIGH_WARN], 96)
    expect(engine.openAlarms().map((a) => [a.condition, a.state])).toEqual([
      ['high-alarm', 'active-unacked'],
      ['high-warn', 'active-unacked']
    ])
    engine.observe(boiler, [HIGH_WARN], 90)
    expect(engine.openAlarms().map((a) => [a.condition, a.state])).toEqual([
      ['high-alarm', 'cleared-unacked'],
      ['high-warn', 'active-unacked']
    ])
  })

  it('ackAll acknowledges every unacked alarm, closing the cleared ones', () => {
    const { engine } = setup()
    engine.observe(boiler, [HIGH_WARN], 81)
    engine.observe(boiler, [], 70)
    engine.observe({ ...boiler, key: 'plant/pump' }, [HIGH_ALARM], 99)
    expect(engine.ackAll('bob')).toBe(2)
    expect(engine.openAlarms()).toMatchObject([{ key: 'plant/pump', state: 'active-acked', ackedBy: 'bob' }])
    expect(engine.ackAll()).toBe(0)
  })

  it('refuses to ack an unknown alarm', () => {
    const { engine } = setup()
    expect(engine.ack('nope')).toMatch(/no open alarm/)
  })

  it('stale is its own alarm, cleared when data returns', () => {
    const { engine } = setup()
    engine.observe(boiler, [STALE], 50)
    expect(engine.openAlarms()).toMatchObject([{ condition: 'stale', severity: 'stale', threshold: null }])
    engine.observe(boiler, [], 51)
    expect(engine.openAlarms()).toMatchObject([{ condition: 'stale', state: 'cleared-unacked' }])
  })

  it('keeps at most 200 closed alarms in history, newest first', () => {
    const { engine } = setup()
    for (let i = 0; i < 205; i++) {
      engine.observe(boiler, [HIGH_WARN], 81)
      engine.observe(boiler, [], 70)
      engine.ackAll()
    }
    const history = engine.summary().history
    expect(history).toHaveLength(200)
    expect(history[0].id).toBe('a205')
  })
})

describe('shelving', () => {
  it('suppresses new alarms until expiry, keeps open ones listed, and raises what is still active on unshelve', () => {
    const { clock, engine, events } = setup()
    engine.observe(boiler, [HIGH_WARN], 81)
    engine.shelve(boiler.key, 'Boiler', 60_000, 'carol')
    expect(engine.summary().shelved).toEqual([
      { key: boiler.key, label: 'Boiler', until: clock.time + 60_000, by: 'carol', at: clock.time }
    ])
    expect(engine.openAlarms()).toHaveLength(1)
    engine.observe(boiler, [HIGH_ALARM, HIGH_WARN], 97)
    expect(engine.openAlarms().map((a) => a.condition)).toEqual(['high-warn'])
    clock.advance(59_999)
    expect(engine.summary().shelved).toHaveLength(1)
    clock.advance(1)
    expect(engine.summary().shelved).toEqual([])
    expect(engine.openAlarms().map((a) => a.condition)).toEqual(['high-alarm', 'high-warn'])
    expect(kinds(events).filter((k) => k.includes('shelved'))).toEqual([
      `shelved:${boiler.key}`,
      `unshelved:${boiler.key}`
    ])
    expect(clock.pendingTimers).toBe(0)
  })

  it('unshelves early on request and refuses an unshelve of an unshelved key', () => {
    const { clock, engine } = setup()
    engine.shelve(boiler.key, 'Boiler', 3_600_000)
    expect(engine.summary().shelved[0].by).toBe('night-shift')
    engine.observe(boiler, [HIGH_WARN], 81)
    expect(engine.openAlarms()).toEqual([])
    expect(engine.unshelve(boiler.key)).toBeNull()
    expect(engine.openAlarms()).toHaveLength(1)
    expect(engine.unshelve(boiler.key)).toMatch(/not shelved/)
    expect(clock.pendingTimers).toBe(0)
  })

  it('dispose cancels shelve timers', () => {
    const { clock, engine } = setup()
    engine.shelve(boiler.key, 'Boiler', 60_000)
    engine.dispose()
    expect(clock.pendingTimers).toBe(0)
  })
})

describe('restoring from the journal', () => {
  it('restores open alarms (unacked ones survive) and unexpired shelves; expired shelves are ended', () => {
    const first = setup()
    first.engine.observe(boiler, [HIGH_WARN], 81)
    first.engine.observe({ ...boiler, key: 'plant/pump' }, [HIGH_ALARM], 99)
    first.engine.ack('a2')
    first.engine.observe({ ...boiler, key: 'plant/pump' }, [], 10)
    first.engine.shelve('plant/fan', 'Fan', 60_000)
    first.engine.shelve('plant/valve', 'Valve', 120_000)
    const restored = replayAlarmEvents(first.events)
    expect(restored.alarms.map((a) => a.id)).toEqual(['a1'])

    const clock = new ManualClock(first.clock.time + 90_000)
    const events: AlarmEvent[] = []
    const engine = new AlarmEngine({ operator: 'x', clock, restored, record: (e) => events.push(e) })
    expect(engine.openAlarms()).toMatchObject([{ id: 'a1', state: 'active-unacked' }])
    expect(engine.summary().shelved.map((s) => s.key)).toEqual(['plant/valve'])
    expect(kinds(events)).toEqual(['unshelved:plant/fan'])
    // Still active: not raised twice; back to normal: cleared as usual.
    engine.observe(boiler, [HIGH_WARN], 83)
    expect(engine.openAlarms()).toHaveLength(1)
    engine.observe(boiler, [], 60)
    expect(engine.openAlarms()).toMatchObject([{ id: 'a1', state: 'cleared-unacked' }])
    clock.advance(30_000)
    expect(engine.summary().shelved).toEqual([])
  })
})

describe('a limit moved while its alarm stands', () => {
  it('keeps the same alarm and shows the limit now in force, telling views', () => {
    const { engine, events } = setup()
    let changes = 0
    engine.onChange(() => changes++)
    engine.observe(boiler, [HIGH_WARN], 85)
    const before = changes
    engine.observe(boiler, [{ ...HIGH_WARN, threshold: 75 }], 85)
    expect(engine.openAlarms().map((a) => [a.id, a.threshold])).toEqual([['a1', 75]])
    expect(changes).toBeGreaterThan(before)
    // Not a new occurrence: nothing raised or cleared.
    expect(kinds(events)).toEqual(['raised:a1:active-unacked'])
  })
})
