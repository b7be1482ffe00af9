import { describe, expect, it } from 'vitest'
import type { AlarmSyncMessage } from '@shared/alarmSync'
import { AlarmEngine } from '../../../../src/main/engine/alarms/alarmEngine'
import { systemAlarmClock } from '../../../../src/main/engine/alarms/alarmEngineOptions'
import { AlarmReplica } from '../../../../src/main/engine/alarmSync/alarmReplica'
import { ManualClock } from '../alarms/manualClock'
import { HIGH, SUBJECT, TestConsole } from './testConsole'

/**
 * What a console that may write (the ACL lets it) can still not do to the others: start a storm
 * with a shelve stamped in the future, put an ack in another console's name, or ack an alarm
 * before it was raised; and what a restarted console must not do: tie another console's alarm
 * to its own sensor and clear it for everyone.
 */
function sync(consoles: TestConsole[], rounds = 4): void {
  for (let r = 0; r < rounds; r++)
    for (const c of consoles) {
      const sent = c.take()
      for (const other of consoles) if (other !== c) for (const m of sent) other.replica.remote(m, false)
    }
}
const shown = (c: { engine: AlarmEngine }) =>
  c.engine.openAlarms().map((a) => `${a.state}:${a.ackedBy ?? '-'}@${a.ackedOn ?? '-'}`)

describe('a hostile console', () => {
  it('cannot start a shelve storm with a register stamped far in the future', async () => {
    const consoles = [new TestConsole('B', systemAlarmClock), new TestConsole('C', systemAlarmClock)]
    const evil: AlarmSyncMessage = {
      kind: 'shelf',
      console: 'H',
      key: 'plant/boiler',
      register: { at: 1e14, shelf: { label: 'x', until: 1e14, by: 'mallory' } }
    }
    for (const c of consoles) c.replica.remote(evil, false)
    let published = 0
    const until = Date.now() + 300
    while (Date.now() < until) {
      for (const c of consoles) {
        const sent = c.take()
        published += sent.length
        for (const other of consoles) if (other !== c) for (const m of sent) other.replica.remote(m, false)
      }
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(published).toBe(0)
    for (const c of consoles) {
      expect(c.engine.isShelvedKey('plant/boiler')).toBe(false)
      expect(c.replica.counts.refused).toBe(1)
      expect(c.replica.lastRefused).toMatch(/stamped in the future/)
    }
  })

  it('cannot ack in another console’s name, nor before the alarm was raised', () => {
    const clock = new ManualClock()
    const b = new TestConsole('B', clock)
    const c = new TestConsole('C', clock)
    b.engine.observe(SUBJECT, HIGH, 99)
    sync([b, c])
    const id = b.engine.openAlarms()[0].id
    clock.advance(1_000)
    // "Relayed from B": B's own claims hold no such ack, so it counts as H's.
    const relayed: AlarmSyncMessage = {
      kind: 'state',
      console: 'H',
      key: 'plant/boiler',
      slot: 'high-alarm',
      claims: [{ id, raisedAt: clock.now(), ack: { at: clock.now(), by: 'supervisor', on: 'B' } }]
    }
    b.replica.remote(relayed, false)
    c.replica.remote(relayed, false)
    expect(shown(c)).toEqual(['active-acked:supervisor@H'])
    expect(shown(b)).toEqual(['active-acked:supervisor@H'])
    expect(b.journal.at(-1)).toMatchObject({ event: 'acked', origin: 'H' })

    // An ack dated before the raise (beyond clock skew) never wins over a real one.
    const d = new TestConsole('D', clock)
    d.engine.observe(SUBJECT, HIGH, 99)
    sync([d, c])
    const early: AlarmSyncMessage = {
      kind: 'state',
      console: 'H',
      key: 'plant/boiler',
      slot: 'high-alarm',
      claims: [{ id: d.engine.openAlarms()[0].id, raisedAt: 0, ack: { at: 5, by: 'mallory' } }]
    }
    d.replica.remote(early, false)
    expect(shown(d)).not.toContain('active-acked:mallory@H')
  })
})

describe('a restarted console', () => {
  it('does not tie another console’s alarm to its own sensor, so it cannot clear it for everyone', () => {
    const clock = new ManualClock()
    const a = new TestConsole('A', clock)
    const b = new TestConsole('B', clock)
    a.engine.observe(SUBJECT, HIGH, 99)
    sync([a, b])
    // B's limits differ: normal on B, A's alarm only listed there.
    b.engine.observe(SUBJECT, [], 90)
    const restored = new AlarmEngine({
      operator: 'op-B',
      clock,
      restored: { alarms: b.engine.openAlarms(), shelves: [], history: [] }
    })
    const again = { engine: restored, take: () => [] as AlarmSyncMessage[] }
    const replica = new AlarmReplica(
      'B',
      restored,
      { stateChanged: () => {}, shelfChanged: () => {}, event: () => {} },
      () => clock.now()
    )
    restored.onChange((e) => e && replica.local(e))
    replica.seed(restored.summary())
    // B's sensor reads normal again: A's alarm stays as A has it, not cleared by B.
    restored.observe(SUBJECT, [], 90)
    expect(shown(again)).toEqual(['active-unacked:-@-'])
    expect(restored.openAlarms()[0].clearedAt).toBeNull()
    expect(shown(a)).toEqual(['active-unacked:-@-'])
  })
})

describe('clocks apart (within the minute the merge allows)', () => {
  it('an unshelve on the console whose clock is behind still ends the shelve everywhere', () => {
    const base = new ManualClock()
    const ahead = { now: () => base.now() + 30_000, setTimer: base.setTimer.bind(base) }
    const a = new TestConsole('A', ahead)
    const b = new TestConsole('B', base)
    a.engine.shelve('plant/boiler', 'Boiler', 3_600_000, 'alice')
    sync([a, b])
    expect([a.engine.isShelvedKey('plant/boiler'), b.engine.isShelvedKey('plant/boiler')]).toEqual([
      true,
      true
    ])
    base.advance(10_000)
    // B's clock reads 20 s before A's shelve: its unshelve is stamped after that shelve anyway.
    expect(b.engine.unshelve('plant/boiler')).toBeNull()
    sync([a, b])
    expect([a.engine.isShelvedKey('plant/boiler'), b.engine.isShelvedKey('plant/boiler')]).toEqual([
      false,
      false
    ])
  })
})
