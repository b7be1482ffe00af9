import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TIME_UNITS, type JsonMapping } from '@shared/config'
import { MarketMessageDecoder } from '../../../src/main/engine/marketMessage'
import { CollectingSink } from '../../harness/collectingSink'
import {
  arbitraryText,
  expectWellFormedTick,
  finiteDouble,
  hostileValue,
  mutated,
  toWire
} from '../support/hostile'

/**
 * The `json` adapter's decoder (`MarketMessageDecoder`): whatever text arrives, it never throws,
 * every tick is well formed, and every object of the message becomes exactly one tick or exactly
 * one `malformed` (when every symbol is watched).
 */

const RECEIVED_AT = 1_700_000_000_123

const mapping: JsonMapping = {
  symbol: 's',
  price: 'p',
  bid: 'q.b',
  ask: 'q.a',
  volume: 'v',
  open: 'o',
  changePct: 'c',
  sequence: 'n',
  time: 'E',
  timeUnit: 'ms'
}

function decoderFor(m: JsonMapping = mapping, symbols: string[] = []) {
  const sink = new CollectingSink()
  return { decoder: new MarketMessageDecoder('desk', m, symbols, sink), sink }
}

/** Top-level records of a message: the array's items, or the message itself. */
function recordsOf(text: string): number | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  return Array.isArray(parsed) ? parsed.length : 1
}

function expectAccounted(text: string, sink: CollectingSink): void {
  for (const tick of sink.ticks) expectWellFormedTick(tick, 'desk', RECEIVED_AT)
  const records = recordsOf(text)
  if (records === null) {
    expect(sink.ticks).toEqual([])
    expect(sink.malformedReasons).toEqual(['not valid JSON'])
  } else if (records === 0) {
    expect(sink.ticks).toEqual([])
    expect(sink.malformedReasons).toHaveLength(1)
  } else {
    // Every record: one tick or one refusal, never both, never neither.
    expect(sink.ticks.length + sink.malformedReasons.length).toBe(records)
  }
  expect(sink.malformedReasons.every((reason) => typeof reason === 'string' && reason !== '')).toBe(true)
}

/** A realistic in-house tick message for `mapping`, before mutation. */
const validRecord = fc.record({
  s: fc.oneof(fc.constantFrom('AAPL', 'MSFT', 'EURUSD', 'BTC/USD'), fc.string({ minLength: 1 })),
  p: fc.oneof(finiteDouble, finiteDouble.map(String)),
  q: fc.record({ b: finiteDouble, a: finiteDouble }),
  v: finiteDouble,
  o: finiteDouble,
  c: finiteDouble,
  n: fc.nat(),
  E: fc.integer({ min: 1, max: 4_000_000_000_000 })
})

/** The record with hostile values in its fields, including inside the nested quote. */
const hostileRecord: fc.Arbitrary<unknown> = validRecord.chain((r) =>
  mutated(r).chain((top) =>
    fc.oneof(
      fc.constant(top),
      mutated(r.q).map((q) => ({ ...top, q })),
      hostileValue.map((q) => ({ ...top, q }))
    )
  )
)

describe('MarketMessageDecoder (property)', () => {
  it('never throws on arbitrary text, and accounts for every record', () => {
    fc.assert(
      fc.property(arbitraryText, (text) => {
        const { decoder, sink } = decoderFor()
        decoder.decode(text, RECEIVED_AT)
        expectAccounted(text, sink)
      }),
      { numRuns: 300 }
    )
  })

  it('takes hostile field values in real-shaped messages without throwing or emitting a bad tick', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileRecord.map(toWire),
          fc.array(hostileRecord, { minLength: 1, maxLength: 40 }).map(toWire)
        ),
        fc.constantFrom(...TIME_UNITS),
        (text, timeUnit) => {
          const { decoder, sink } = decoderFor({ ...mapping, timeUnit })
          decoder.decode(text, RECEIVED_AT)
          expectAccounted(text, sink)
        }
      ),
      { numRuns: 500 }
    )
  })

  it('never emits more ticks than the message has records, with a watchlist filter', () => {
    fc.assert(
      fc.property(
        fc.array(hostileRecord, { maxLength: 30 }).map(toWire),
        fc.array(fc.constantFrom('AAPL', 'MSFT', 'EURUSD'), { maxLength: 3 }),
        (text, symbols) => {
          const { decoder, sink } = decoderFor(mapping, symbols)
          decoder.decode(text, RECEIVED_AT)
          for (const tick of sink.ticks) {
            expectWellFormedTick(tick, 'desk', RECEIVED_AT)
            if (symbols.length > 0) expect(symbols).toContain(tick.symbol)
          }
          const records = recordsOf(text) ?? 0
          expect(sink.ticks.length + sink.malformedReasons.length).toBeLessThanOrEqual(Math.max(1, records))
        }
      ),
      { numRuns: 300 }
    )
  })

  it('decodes what a valid in-house feed sends back to the same values (round trip)', () => {
    const quote = fc.record(
      {
        s: fc.string({ minLength: 1, maxLength: 64 }),
        p: fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
        bid: fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
        n: fc.nat(),
        E: fc.integer({ min: 1, max: 99_999_999_999_999 })
      },
      { requiredKeys: ['s', 'p'] }
    )
    fc.assert(
      fc.property(fc.array(quote, { minLength: 1, maxLength: 20 }), fc.boolean(), (quotes, asText) => {
        const m: JsonMapping = {
          symbol: 's',
          price: 'p',
          bid: 'q.bid',
          sequence: 'n',
          time: 'E',
          timeUnit: 'ms'
        }
        const { decoder, sink } = decoderFor(m)
        const wire = quotes.map(({ s, p, bid, n, E }) => ({
          s,
          p: asText ? String(p) : p,
          ...(bid === undefined ? {} : { q: { bid } }),
          n,
          E
        }))
        decoder.decode(JSON.stringify(wire), RECEIVED_AT)
        expect(sink.malformedReasons).toEqual([])
        expect(sink.ticks).toEqual(
          quotes.map(({ s, p, bid, n, E }) => ({
            source: 'desk',
            symbol: s,
            last: p,
            ...(bid === undefined ? {} : { bid }),
            ...(n === undefined ? {} : { sequence: n }),
            time: E ?? null,
            receivedAt: RECEIVED_AT
          }))
        )
      }),
      { numRuns: 300 }
    )
  })
})
