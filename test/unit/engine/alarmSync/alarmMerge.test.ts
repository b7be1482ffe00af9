import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RaiseInfo, ShelfRegister, SlotClaim } from '@shared/alarmSync'
import {
  deriveOccurrences,
  joinClaims,
  joinShelf,
  occurrenceRecord,
  winningShelf
} from '../../../../src/main/engine/alarmSync/alarmMerge'

const raise: RaiseInfo = {
  source: 'plant',
  label: 'Boiler',
  condition: 'high-alarm',
  severity: 'alarm',
  threshold: 95,
  value: 99,
  unit: '°C'
}

/** One console's message: some of its claims (as it knew them at some moment). */
interface Message {
  console: string
  claims: SlotClaim[]
}

const CONSOLES = ['A', 'B', 'C']
const IDS = ['r1', 'r2', 'r3', 'r4', 'r5']

/**
 * A history: each console raised some ids (at fixed times), acked and cleared some; it publishes a
 * growing subset of its claims several times. Messages are the snapshots; any of them may be lost
 * or repeated except the last of each console (retained), as on a broker.
 */
const historyArb = fc
  .array(
    fc.record({
      console: fc.constantFrom(...CONSOLES),
      id: fc.constantFrom(...IDS),
      raisedAt: fc.integer({ min: 0, max: 50 }),
      raises: fc.boolean(),
      ack: fc.option(fc.record({ at: fc.integer({ min: 0, max: 100 }), by: fc.constantFrom('al', 'bo') }), {
        nil: undefined
      }),
      clear: fc.option(fc.record({ at: fc.integer({ min: 0, max: 100 }) }), { nil: undefined })
    }),
    { maxLength: 14 }
  )
  .map((facts) => {
    // A console's raisedAt for an id never changes; one raiser per id (the first fact naming it).
    const raisedAt = new Map<string, number>()
    const raiser = new Map<string, string>()
    const messages: Message[] = []
    const known = new Map<string, SlotClaim[]>()
    for (const f of facts) {
      const at = raisedAt.get(f.id) ?? f.raisedAt
      raisedAt.set(f.id, at)
      if (f.raises && !raiser.has(f.id)) raiser.set(f.id, f.console)
      const claim: SlotClaim = { id: f.id, raisedAt: at }
      if (raiser.get(f.id) === f.console) claim.raise = raise
      if (f.ack) claim.ack = f.ack
      if (f.clear) claim.clear = f.clear
      const next = joinClaims(known.get(f.console) ?? [], [claim])
      known.set(f.console, next)
      messages.push({ console: f.console, claims: next })
    }
    return { messages, final: known }
  })

function replay(messages: readonly Message[]): Map<string, SlotClaim[]> {
  const state = new Map<string, SlotClaim[]>()
  for (const m of messages) state.set(m.console, joinClaims(state.get(m.console) ?? [], m.claims))
  return state
}

function view(state: ReadonlyMap<string, readonly SlotClaim[]>) {
  // Map iteration order must not matter: sort consoles first.
  const sorted = new Map([...state].sort(([a], [b]) => (a < b ? -1 : 1)))
  return deriveOccurrences(sorted).map((o) => occurrenceRecord('plant/boiler', o, 'Z'))
}

describe('alarm merge', () => {
  it('converges: two replicas receiving the same claims in any order, repeated or not, show the same alarms', () => {
    fc.assert(
      fc.property(
        historyArb.chain((h) =>
          fc.record({
            h: fc.constant(h),
            // Each replica gets a random subset of the messages, shuffled, with repeats, then every
            // console's latest (the retained message).
            one: fc.shuffledSubarray(h.messages),
            two: fc.shuffledSubarray([...h.messages, ...h.messages])
          })
        ),
        ({ h, one, two }) => {
          const last = [...h.final].map(([console, claims]) => ({ console, claims }))
          const a = replay([...one, ...last])
          const b = replay([...last, ...two, ...last.reverse()])
          expect(view(a)).toEqual(view(b))
          // And the same as knowing every console's final claims directly.
          expect(view(a)).toEqual(view(h.final))
        }
      ),
      { numRuns: 500 }
    )
  })

  it('is idempotent and commutative per console', () => {
    const claimArb = fc.record(
      {
        id: fc.constantFrom(...IDS),
        raisedAt: fc.constant(7),
        raise: fc.constant(raise),
        ack: fc.record({ at: fc.integer({ max: 100 }), by: fc.constantFrom('al', 'bo') }),
        clear: fc.record({ at: fc.integer({ max: 100 }) })
      },
      { requiredKeys: ['id', 'raisedAt'] }
    )
    fc.assert(
      fc.property(fc.array(claimArb), fc.array(claimArb), fc.array(claimArb), (x, y, z) => {
        expect(joinClaims(x, x)).toEqual(joinClaims([], x))
        expect(joinClaims(x, y)).toEqual(joinClaims(y, x))
        expect(joinClaims(joinClaims(x, y), z)).toEqual(joinClaims(x, joinClaims(y, z)))
      })
    )
  })

  it('is monotonic: what a console said (raised, acked, cleared) is never lost by later messages', () => {
    fc.assert(
      fc.property(historyArb, ({ messages }) => {
        let state = new Map<string, SlotClaim[]>()
        for (const m of messages) {
          const before = state.get(m.console) ?? []
          state = replay([...[...state].map(([console, claims]) => ({ console, claims })), m])
          const after = state.get(m.console) ?? []
          for (const c of before) {
            const now = after.find((x) => x.id === c.id)
            if (now === undefined) continue // past the per-slot bound
            if (c.ack) expect(now.ack && now.ack.at <= c.ack.at).toBe(true)
            if (c.clear) expect(now.clear && now.clear.at <= c.clear.at).toBe(true)
            if (c.raise) expect(now.raise).toBeDefined()
          }
        }
      })
    )
  })

  it('makes two raises of one crossing one alarm, and a raise after the clear a new one', () => {
    const claims = new Map<string, SlotClaim[]>([
      [
        'A',
        [
          { id: 'a1', raisedAt: 100, raise, clear: { at: 200 } },
          { id: 'a2', raisedAt: 300, raise }
        ]
      ],
      ['B', [{ id: 'b1', raisedAt: 101, raise, ack: { at: 150, by: 'bo' } }]]
    ])
    const [first, second] = deriveOccurrences(claims)
    expect(first).toMatchObject({ ids: ['a1', 'b1'], raisedAt: 100, raisedOn: 'A' })
    expect(first.ack).toEqual({ at: 150, by: 'bo', console: 'B' })
    expect(occurrenceRecord('plant/boiler', first, 'A')).toMatchObject({
      id: 'a1',
      state: 'closed',
      ackedBy: 'bo',
      ackedOn: 'B',
      clearedAt: 200
    })
    expect(second).toMatchObject({ ids: ['a2'], ack: null, clear: null })
  })

  it('breaks simultaneous acks by operator name, then console name', () => {
    const claims = (byA: string, byB: string) =>
      new Map<string, SlotClaim[]>([
        ['A', [{ id: 'a1', raisedAt: 1, raise, ack: { at: 5, by: byA } }]],
        ['B', [{ id: 'a1', raisedAt: 1, ack: { at: 5, by: byB } }]]
      ])
    expect(deriveOccurrences(claims('zed', 'amy'))[0].ack).toEqual({ at: 5, by: 'amy', console: 'B' })
    expect(deriveOccurrences(claims('amy', 'amy'))[0].ack).toEqual({ at: 5, by: 'amy', console: 'A' })
  })

  it('takes the latest shelve of any console', () => {
    const s = (at: number) => ({ at, shelf: { label: 'X', until: at + 10, by: 'al' } })
    const registers = new Map<string, ShelfRegister>([
      ['A', s(1)],
      ['B', { at: 2, shelf: null }]
    ])
    expect(winningShelf(registers)).toEqual({
      console: 'B',
      register: { at: 2, shelf: null }
    })
    expect(
      winningShelf(
        new Map([
          ['B', s(3)],
          ['A', s(3)]
        ])
      )?.console
    ).toBe('A')
    expect(joinShelf(s(5), s(4))).toEqual(s(5))
  })
})
