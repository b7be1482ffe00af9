import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AlarmSyncMessage } from '@shared/alarmSync'
import { ManualClock } from '../alarms/manualClock'
import { HIGH, SUBJECT, TestConsole } from './testConsole'

type Op =
  | { kind: 'active' | 'normal'; on: number }
  | { kind: 'ack'; on: number }
  | { kind: 'deliver'; from: number; count: number }
  | { kind: 'tick'; ms: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('active' as const, 'normal' as const),
    on: fc.integer({ min: 0, max: 1 })
  }),
  fc.record({ kind: fc.constant('ack' as const), on: fc.integer({ min: 0, max: 1 }) }),
  fc.record({
    kind: fc.constant('deliver' as const),
    from: fc.integer({ min: 0, max: 1 }),
    count: fc.integer({ min: 1, max: 3 })
  }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 50 }) })
)

describe('two replicas over a lossy, reordering link', () => {
  it('end with the same alarms once every console’s latest claims arrive', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.boolean(), (ops, bothSee) => {
        const clock = new ManualClock()
        const consoles = [new TestConsole('A', clock), new TestConsole('B', clock)]
        const inFlight: AlarmSyncMessage[][] = [[], []]
        for (const op of ops) {
          // One console's events are never at the same millisecond (both consoles seeing one
          // message are: `bothSee`).
          clock.advance(1)
          if (op.kind === 'tick') clock.advance(op.ms)
          else if (op.kind === 'active' || op.kind === 'normal') {
            // Both consoles watch the same sensor: one sees a change, maybe the other too.
            const targets = bothSee ? consoles : [consoles[op.on]]
            for (const c of targets) c.engine.observe(SUBJECT, op.kind === 'active' ? HIGH : [], 99)
          } else if (op.kind === 'ack') {
            const c = consoles[op.on]
            const open = c.engine.openAlarms().find((a) => a.ackedAt === null)
            if (open) c.engine.ack(open.id)
          } else if (op.kind === 'deliver') {
            inFlight[op.from].push(...consoles[op.from].take())
            // Deliver some, in a shuffled order; the rest may be lost (the retained copy comes later).
            const batch = inFlight[op.from].splice(0, op.count).reverse()
            for (const m of batch) consoles[1 - op.from].replica.remote(m, false)
          }
        }
        // The network heals: each console's retained claims reach the other until nothing changes.
        for (let round = 0; round < 6; round++) {
          for (const [i, c] of consoles.entries()) {
            for (const id of c.replica.myTopics().slots) c.outbox.add(id)
            for (const m of c.take()) consoles[1 - i].replica.remote(m, true)
          }
        }
        const [a, b] = consoles.map((c) => c.shown())
        expect(a).toEqual(b)
        // Never un-acked: every ack in a journal is on an alarm that is acked or closed now.
        for (const c of consoles) {
          const open = new Map(c.engine.openAlarms().map((x) => [x.id, x]))
          for (const e of c.journal)
            if (e.event === 'acked' && 'alarm' in e) expect(open.get(e.alarm.id)?.ackedAt ?? 1).not.toBeNull()
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('journals a remote ack with its console, and does not claim it again (no echo)', () => {
    const clock = new ManualClock()
    const [a, b] = [new TestConsole('A', clock), new TestConsole('B', clock)]
    a.engine.observe(SUBJECT, HIGH, 99)
    for (const m of a.take()) b.replica.remote(m, false)
    expect(b.engine.openAlarms()).toMatchObject([{ id: 'A-1', raisedOn: 'A', state: 'active-unacked' }])
    clock.advance(10)
    a.engine.ack('A-1', 'alice')
    for (const m of a.take()) b.replica.remote(m, false)
    expect(b.engine.openAlarms()[0]).toMatchObject({ state: 'active-acked', ackedBy: 'alice', ackedOn: 'A' })
    expect(b.journal.map((e) => [e.event, e.origin])).toEqual([
      ['raised', 'A'],
      ['acked', 'A']
    ])
    // B relays the ack it applied to its alarm (so it stays with it), naming A; A gains nothing.
    const relay = b.take()
    expect(relay).toMatchObject([{ console: 'B', claims: [{ id: 'A-1', ack: { by: 'alice', on: 'A' } }] }])
    const before = a.engine.openAlarms()
    for (const m of relay) a.replica.remote(m, false)
    expect(a.engine.openAlarms()).toEqual(before)
    expect(a.take()).toEqual([])
    // B's own sensor sees the crossing now: it takes the listed alarm on, no second alarm.
    b.engine.observe(SUBJECT, HIGH, 99)
    expect(b.engine.openAlarms()).toHaveLength(1)
    b.engine.observe(SUBJECT, [], 20)
    expect(b.engine.openAlarms()).toHaveLength(0)
    expect(b.journal.at(-1)).toMatchObject({ event: 'closed' })
    expect(b.journal.at(-1)?.origin).toBeUndefined()
  })

  it('refuses a message of one console more than the bound, counting it', () => {
    const clock = new ManualClock()
    const b = new TestConsole('B', clock)
    for (let i = 0; i < 65; i++)
      b.replica.remote({ kind: 'shelf', console: `c${i}`, key: 'plant/x', register: null }, true)
    expect(b.replica.consolesSeen()).toHaveLength(64)
    expect(b.replica.counts.refused).toBe(1)
    expect(b.replica.lastRefused).toMatch(/more than 64 consoles/)
  })
})
