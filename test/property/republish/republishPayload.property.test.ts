import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_SYMBOL_LENGTH, MAX_TOPIC_LENGTH } from '@shared/limits'
import {
  decodeRepublished,
  encodeRepublished,
  MAX_REPUBLISH_PAYLOAD_BYTES,
  MAX_REPUBLISH_PREFIX_LENGTH,
  parseRepublishTopic,
  prefixProblem,
  republishTopic,
  type RepublishedTick
} from '@shared/republish'
import { symbolProblem } from '@shared/symbolRule'

/**
 * The republish payload and topics: any valid ticker state round-trips exactly (same numbers,
 * same symbol, same source); decoding any input never throws and never yields NaN or Infinity;
 * what is written is bounded.
 */

const symbolArb = fc
  .string({
    unit: fc.constantFrom('A', 'b', '/', '+', '#', '%', ' ', '-', '.', '€', '😀', '2', 'F'),
    minLength: 1,
    maxLength: MAX_SYMBOL_LENGTH
  })
  .filter((s) => symbolProblem(s) === null)
const anySymbolArb = fc.oneof(
  symbolArb,
  fc.string({ maxLength: MAX_SYMBOL_LENGTH }).filter((s) => symbolProblem(s) === null)
)
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n))
const field = fc.option(finite, { nil: null })

// fast-check's records have no prototype; the decoder's objects are plain ones.
const tickArb: fc.Arbitrary<RepublishedTick> = fc
  .record(
    {
      symbol: anySymbolArb,
      last: field,
      bid: field,
      ask: field,
      volume: field,
      changePct: field,
      open: field,
      sequence: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
      time: field,
      receivedAt: finite,
      trade: fc.record({ size: field, side: fc.constantFrom('buy' as const, 'sell' as const, null) })
    },
    {
      requiredKeys: [
        'symbol',
        'last',
        'bid',
        'ask',
        'volume',
        'changePct',
        'open',
        'sequence',
        'time',
        'receivedAt'
      ]
    }
  )
  .map((t) => ({ ...t, ...(t.trade === undefined ? {} : { trade: { ...t.trade } }) }))

function finiteEverywhere(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value === 'object' && value !== null) return Object.values(value).every(finiteEverywhere)
  return true
}

describe('republish payload', () => {
  it('round-trips every valid ticker state exactly, within the size bound', () => {
    fc.assert(
      fc.property(tickArb, (tick) => {
        const bytes = encodeRepublished(tick)
        if (!(bytes instanceof Uint8Array)) throw new Error(bytes.error)
        expect(bytes.byteLength).toBeLessThanOrEqual(MAX_REPUBLISH_PAYLOAD_BYTES)
        expect(decodeRepublished(bytes)).toStrictEqual(tick)
        expect(decodeRepublished(Buffer.from(bytes).toString('utf8'))).toStrictEqual(tick)
      }),
      { numRuns: 500 }
    )
  })

  it('refuses NaN and infinities when encoding, naming the field', () => {
    fc.assert(
      fc.property(
        tickArb,
        fc.constantFrom('last', 'bid', 'ask', 'volume', 'changePct', 'open', 'time', 'receivedAt'),
        fc.constantFrom(NaN, Infinity, -Infinity),
        (tick, name, bad) => {
          const out = encodeRepublished({ ...tick, [name]: bad })
          expect(out).toEqual({ error: `${name} is not a finite number` })
        }
      )
    )
  })

  it('never throws on arbitrary input and never yields a non-finite number', () => {
    const wireLike = fc.record(
      {
        v: fc.oneof(fc.constant(1), fc.anything()),
        sym: fc.oneof(anySymbolArb, fc.anything()),
        last: fc.oneof(finite, fc.anything()),
        rt: fc.oneof(finite, fc.anything()),
        tr: fc.anything()
      },
      { requiredKeys: [] }
    )
    const inputs = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 2_000 }),
      fc.anything().map((v) => JSON.stringify(v) ?? ''),
      wireLike.map((v) => JSON.stringify(v)),
      fc.constantFrom(
        '{"v":1,"sym":"A","rt":1e999}',
        '{"v":1,"sym":"A","last":NaN,"rt":1}',
        '{"__proto__":{"v":1}}'
      )
    )
    fc.assert(
      fc.property(inputs, (input) => {
        const out = decodeRepublished(input)
        if ('error' in out) {
          expect(typeof out.error).toBe('string')
          expect(out.error.length).toBeLessThan(200)
        } else {
          expect(finiteEverywhere(out)).toBe(true)
          expect(symbolProblem(out.symbol)).toBeNull()
        }
      }),
      { numRuns: 1_000 }
    )
  })

  it('refuses unknown versions saying which', () => {
    expect(decodeRepublished('{"v":2,"sym":"A","rt":1}')).toEqual({
      error: 'unknown payload version 2 (this Tickwire reads version 1)'
    })
    expect(decodeRepublished('{"sym":"A","rt":1}')).toEqual({ error: 'payload has no version ("v")' })
  })

  it('refuses payloads over the bound before parsing them', () => {
    const big = JSON.stringify({ v: 1, sym: 'A', rt: 1, pad: 'x'.repeat(MAX_REPUBLISH_PAYLOAD_BYTES) })
    expect(decodeRepublished(big)).toEqual({ error: expect.stringContaining('payload larger than') })
  })
})

const prefixArb = fc
  .array(fc.stringMatching(/^[a-z0-9_.-]{1,20}$/), { minLength: 1, maxLength: 4 })
  .map((levels) => levels.join('/'))
const sourceArb = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)

describe('republish topics', () => {
  it('one level per symbol, no wildcard or separator inside it, and back to the same source and symbol', () => {
    fc.assert(
      fc.property(prefixArb, sourceArb, anySymbolArb, (prefix, source, symbol) => {
        const topic = republishTopic(prefix, source, symbol)
        if (typeof topic !== 'string') throw new Error(topic.error)
        expect(Buffer.byteLength(topic)).toBeLessThanOrEqual(MAX_TOPIC_LENGTH)
        const level = topic.slice(prefix.length + source.length + 2)
        // eslint-disable-next-line no-control-regex
        expect(level).not.toMatch(/[/+#\u0000]/)
        expect(parseRepublishTopic(prefix, topic)).toEqual({ source, symbol })
      }),
      { numRuns: 500 }
    )
  })

  it('the longest prefix, source and symbol still fit a topic', () => {
    const topic = republishTopic(
      'p'.repeat(MAX_REPUBLISH_PREFIX_LENGTH),
      's'.repeat(64),
      '/'.repeat(MAX_SYMBOL_LENGTH)
    )
    expect(typeof topic).toBe('string')
  })

  it('parsing never throws on arbitrary topics', () => {
    fc.assert(
      fc.property(prefixArb, fc.string({ maxLength: 600 }), (prefix, rest) => {
        const out = parseRepublishTopic(prefix, `${prefix}/${rest}`)
        if (!('error' in out)) expect(symbolProblem(out.symbol)).toBeNull()
      })
    )
    expect(parseRepublishTopic('md', 'md/kraken/BTC%2FUSD')).toEqual({ source: 'kraken', symbol: 'BTC/USD' })
    expect(parseRepublishTopic('md', 'md/kraken/BTC%2')).toHaveProperty('error')
    expect(parseRepublishTopic('md', 'md/kraken/BTC%41')).toHaveProperty('error')
    expect(parseRepublishTopic('md', 'md/kraken/a/b')).toHaveProperty('error')
    expect(parseRepublishTopic('md', 'other/kraken/A')).toHaveProperty('error')
  })

  it('prefixes: levels without wildcards, "$" or empty levels', () => {
    expect(prefixProblem('desk/md')).toBeNull()
    for (const bad of ['', 'a/+', 'a/#', '$SYS/x', '/a', 'a/', 'a//b', 'a\u0000b', 'x'.repeat(201)])
      expect(prefixProblem(bad), JSON.stringify(bad)).not.toBeNull()
  })
})
