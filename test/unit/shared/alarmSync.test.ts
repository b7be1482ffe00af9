import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeSyncMessage,
  encodeShelf,
  encodeState,
  MAX_ALARM_SYNC_PAYLOAD_BYTES,
  MAX_CLAIMS_PER_SLOT,
  parseSyncTopic,
  shelfTopic,
  stateTopic,
  type SlotClaim
} from '@shared/alarmSync'
import { ALARM_SEVERITIES } from '@shared/alarms'
import { hasInvisibleInText } from '@shared/visibleText'

const PREFIX = 'site/alarms'
const encoder = new TextEncoder()
const bytes = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value))

const time = fc.integer({ min: 0, max: 2_000_000_000_000 })
const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/)
const claimArb: fc.Arbitrary<SlotClaim> = fc.record(
  {
    id: fc.uuid(),
    raisedAt: time,
    raise: fc.record({
      source: fc.constant('plant'),
      label: fc.string({ maxLength: 40 }).filter((s) => !hasInvisibleInText(s)),
      condition: fc.constant('high-alarm' as const),
      severity: fc.constantFrom(...ALARM_SEVERITIES),
      // JSON has no −0: it reads back as 0.
      threshold: fc.option(
        fc
          .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
          .map((x) => (x === 0 ? 0 : x)),
        { nil: null }
      ),
      value: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.constantFrom('RUNNING', 'OFF')),
      unit: fc.constantFrom('', '°C', 'bar')
    }),
    ack: fc.record({ at: time, by: name }),
    clear: fc.record({ at: time })
  },
  { requiredKeys: ['id', 'raisedAt'] }
)

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value)
  if (typeof value !== 'object' || value === null) return false
  return Object.values(value).some(hasNonFinite)
}

describe('alarm sync topics', () => {
  it('escape a key and slot into one level each and read them back', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (id) => {
        const key = `plant/${id}`
        const topic = stateTopic(PREFIX, 'A', key, 'high-alarm')
        if (typeof topic !== 'string') return // a key with invisible characters is refused
        expect(topic.split('/')).toHaveLength(PREFIX.split('/').length + 4)
        expect(parseSyncTopic(PREFIX, topic)).toEqual({
          kind: 'state',
          console: 'A',
          key,
          slot: 'high-alarm'
        })
      })
    )
    const topic = stateTopic(PREFIX, 'A', 'plant/a/b#+%', 'price-above@70000.5')
    expect(topic).toBe(`${PREFIX}/state/A/plant%2Fa%2Fb%23%2B%25/price-above@70000.5`)
    expect(shelfTopic(PREFIX, 'B', 'plant/x')).toBe(`${PREFIX}/shelf/B/plant%2Fx`)
  })

  it('refuse what is not one', () => {
    for (const [topic, reason] of [
      [`other/state/A/k%2Fx/high-alarm`, /not under/],
      [`${PREFIX}/state/A/k%2Fx`, /not a state topic/],
      [`${PREFIX}/state/A B/k%2Fx/high-alarm`, /console/],
      [`${PREFIX}/state/A/k%2Fx/melting`, /slot/],
      [`${PREFIX}/state/A/k%2Fx/price-above`, /level/],
      [`${PREFIX}/state/A/k%zz/high-alarm`, /escaped/],
      [`${PREFIX}/state/A/nokey/high-alarm`, /source/],
      [`${PREFIX}/events/A`, /neither/]
    ] as const) {
      const parsed = parseSyncTopic(PREFIX, topic)
      expect('error' in parsed && parsed.error, topic).toMatch(reason)
    }
  })
})

describe('alarm sync payloads', () => {
  it('read back what was written', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(claimArb, { maxLength: MAX_CLAIMS_PER_SLOT, selector: (c) => c.id }),
        (claims) => {
          const payload = encodeState('A', 'plant/boiler', 'high-alarm', claims)
          expect(payload).toBeInstanceOf(Uint8Array)
          const topic = stateTopic(PREFIX, 'A', 'plant/boiler', 'high-alarm') as string
          const read = decodeSyncMessage(PREFIX, topic, payload as Uint8Array)
          expect(read).toEqual({
            kind: 'state',
            console: 'A',
            key: 'plant/boiler',
            slot: 'high-alarm',
            claims
          })
        }
      )
    )
  })

  it('never throw, and what they accept is bounded and finite', () => {
    const topic = stateTopic(PREFIX, 'A', 'plant/boiler', 'high-alarm') as string
    const shelf = shelfTopic(PREFIX, 'A', 'plant/boiler') as string
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.jsonValue().map(bytes),
          fc
            .record({
              v: fc.constantFrom(1, 2, '1'),
              console: fc.constantFrom('A', 'B'),
              key: fc.constant('plant/boiler')
            })
            .chain((head) =>
              fc
                .record({
                  slot: fc.constantFrom('high-alarm', 'low-alarm'),
                  claims: fc.array(fc.oneof(claimArb, fc.jsonValue()), { maxLength: 10 }),
                  at: fc.oneof(time, fc.double()),
                  shelf: fc.oneof(fc.constant(null), fc.jsonValue())
                })
                .map((rest) => bytes({ ...head, ...rest }))
            )
        ),
        fc.constantFrom(topic, shelf),
        (payload, where) => {
          const read = decodeSyncMessage(PREFIX, where, payload)
          if ('error' in read) {
            expect(typeof read.error).toBe('string')
            return
          }
          expect(hasNonFinite(read)).toBe(false)
          if (read.kind === 'state') expect(read.claims.length).toBeLessThanOrEqual(MAX_CLAIMS_PER_SLOT)
          expect(JSON.stringify(read).length).toBeLessThan(4 * MAX_ALARM_SYNC_PAYLOAD_BYTES)
        }
      ),
      { numRuns: 500 }
    )
  })

  it('refuse another version, another topic’s console or key, and oversized payloads, saying so', () => {
    const topic = stateTopic(PREFIX, 'A', 'plant/boiler', 'high-alarm') as string
    const good = { v: 1, console: 'A', key: 'plant/boiler', slot: 'high-alarm', claims: [] }
    const cases: [unknown, RegExp][] = [
      [{ ...good, v: 2 }, /unknown payload version 2/],
      [{ ...good, console: 'B' }, /console/],
      [{ ...good, key: 'plant/other' }, /key/],
      [{ ...good, slot: 'low-alarm' }, /slot/],
      [{ ...good, claims: [{ id: 'x', raisedAt: Infinity }] }, /raisedAt/],
      [{ ...good, claims: [{ id: 'x', raisedAt: 1, ack: { at: 2, by: 'a\u202eb' } }] }, /invisible/],
      [
        {
          ...good,
          claims: [
            { id: 'x', raisedAt: 1 },
            { id: 'x', raisedAt: 1 }
          ]
        },
        /two claims/
      ],
      [
        { ...good, claims: Array.from({ length: 9 }, (_, i) => ({ id: `x${i}`, raisedAt: 1 })) },
        /more than 8/
      ]
    ]
    for (const [wire, reason] of cases) {
      const read = decodeSyncMessage(PREFIX, topic, bytes(wire))
      expect('error' in read && read.error, JSON.stringify(wire)).toMatch(reason)
    }
    const huge = new Uint8Array(MAX_ALARM_SYNC_PAYLOAD_BYTES + 1).fill(0x20)
    expect(decodeSyncMessage(PREFIX, topic, huge)).toEqual({ error: expect.stringMatching(/larger than/) })
    // An empty payload is a removed retained message.
    expect(decodeSyncMessage(PREFIX, topic, new Uint8Array())).toMatchObject({ kind: 'state', claims: [] })
  })

  it('write shelves and refuse non-finite numbers', () => {
    const payload = encodeShelf('A', 'plant/x', { at: 5, shelf: { label: 'X', until: 10, by: 'al' } })
    const read = decodeSyncMessage(
      PREFIX,
      shelfTopic(PREFIX, 'A', 'plant/x') as string,
      payload as Uint8Array
    )
    expect(read).toEqual({
      kind: 'shelf',
      console: 'A',
      key: 'plant/x',
      register: { at: 5, shelf: { label: 'X', until: 10, by: 'al' } }
    })
    expect(encodeShelf('A', 'plant/x', { at: NaN, shelf: null })).toEqual({ error: 'a number is not finite' })
  })
})
