import fc from 'fast-check'
import { expect } from 'vitest'
import type { Reading, Tick } from '@shared/model'

/**
 * Generators of hostile wire input shared by the property tests: number-like text that is not a
 * usable number, raw JSON number literals that parse to Infinity, wrong types, deep nesting and
 * huge arrays, and a serializer that can put raw literals (`1e400`) into otherwise valid JSON.
 */

/** A raw JSON fragment to splice into serialized output as is (e.g. the literal `1e400`). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of `value`, writing `Raw` fragments verbatim. Generated values are shallow. */
export function toWire(value: unknown): string {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toWire(v))).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const parts: string[] = []
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toWire(v)}`)
    }
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Number literals that are valid JSON but not usable numbers once parsed (or barely usable). */
export const RAW_NUMBER_LITERALS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '-0.0e0',
  '1E+308',
  '9007199254740993',
  '123456789012345678901234567890',
  '0.1e-320',
  '5e-324'
]

/** Text that looks like a number to someone, and that a parser must not take as a finite price. */
export const NUMBER_LIKE_STRINGS = [
  '1e400',
  '-1e400',
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  '+Infinity',
  '-0',
  '0x10',
  '0b101',
  '0o17',
  '1_000',
  '1,5',
  ' 1',
  '1 ',
  '',
  ' ',
  '.',
  '-',
  '+',
  'e5',
  '1e',
  '--1',
  '1..2',
  '١٢٣',
  '１２３',
  '1\u0000',
  '9'.repeat(400),
  `0.${'0'.repeat(400)}1`,
  '1e308',
  '-1e308',
  '9007199254740993',
  '1.7976931348623157e308',
  '2024-01-01T00:00:00Z',
  'null',
  'true'
]

/** Finite doubles without -0 (JSON writes -0 as 0, so a round trip could not keep it). */
export const finiteDouble = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((v) => (Object.is(v, -0) ? 0 : v))

/** A number or number-like value of any kind a feed might send in a numeric field. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NUMBER_LIKE_STRINGS),
  fc.constantFrom(...RAW_NUMBER_LITERALS).map((t) => new Raw(t)),
  finiteDouble,
  finiteDouble.map(String),
  fc.constantFrom(
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_VALUE,
    1e15,
    1e18,
    -1
  ),
  fc.integer(),
  fc.integer().map(String)
)

/** Any wrong-typed value: not a number, not a string. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [1], { value: 1 }, [[[]]]),
  fc.jsonValue({ maxDepth: 2 })
)

/** Strings that exercise property lookups, escapes and odd code points. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'length',
    '\u202eRTL',
    'a\nb',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    'x'.repeat(10_000)
  )
)

/** A value for any field: a hostile number, a wrong type, a hostile string, or absent. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  wrongType,
  hostileString,
  fc.constant(undefined)
)

/**
 * A structure-aware mutation of `base`: some fields replaced with hostile values, some removed,
 * some unknown fields added. The result is a plain object (or `Raw` values inside it).
 */
export function mutated(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base)
  if (keys.length === 0) return fc.constant({})
  const apply = ({ replace, remove, extra }: Mutation): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base }
    for (const key of remove) delete out[key]
    for (const [key, value] of Object.entries(replace)) out[key] = value
    for (const [key, value] of Object.entries(extra)) if (!(key in base)) out[key] = value
    return out
  }
  const key = fc.constantFrom(...keys)
  const none = fc.constant({})
  return fc
    .oneof(
      // Mostly one field wrong, so the rest of the message is still good enough to reach it.
      {
        weight: 4,
        arbitrary: fc.record({
          replace: fc.dictionary(key, hostileValue, { minKeys: 1, maxKeys: 1 }),
          remove: fc.constant([]),
          extra: none
        })
      },
      {
        weight: 1,
        arbitrary: fc.record({
          replace: none,
          remove: fc.subarray(keys, { minLength: 1, maxLength: 1 }),
          extra: none
        })
      },
      {
        weight: 1,
        arbitrary: fc.record({
          replace: none,
          remove: fc.constant([]),
          extra: fc.dictionary(hostileString, hostileValue, { maxKeys: 3 })
        })
      },
      {
        weight: 2,
        arbitrary: fc.record({
          replace: fc.dictionary(key, hostileValue, { maxKeys: keys.length }),
          remove: fc.subarray(keys),
          extra: fc.dictionary(hostileString, hostileValue, { maxKeys: 3 })
        })
      }
    )
    .map(apply)
}

interface Mutation {
  replace: Record<string, unknown>
  remove: readonly string[]
  extra: Record<string, unknown>
}

/** `depth` levels of arrays (or objects) around `inner`, built as text: no recursion anywhere. */
export function deeplyNested(depth: number, inner = '1', kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`
}

/** A message text: arbitrary strings, arbitrary JSON, or deep/huge shapes. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 12_000 }).map((d) => deeplyNested(d)),
  fc.integer({ min: 1, max: 12_000 }).map((d) => deeplyNested(d, '{}', 'object')),
  fc.integer({ min: 0, max: 20_000 }).map((n) => `[${Array(n).fill('{}').join(',')}]`),
  fc.constantFrom('', ' ', 'null', 'true', '[]', '{}', '"x"', '1e400', '[1e400]', '{"a":1e400}', '\ufeff{}')
)

/** How many objects and arrays a message holds (an upper bound on the records it can carry). */
export function countContainers(text: string): number {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return 0
  }
  let count = 0
  const stack: unknown[] = [parsed]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    count++
    for (const child of Object.values(node)) stack.push(child)
  }
  return count
}

const OPTIONAL_TICK_NUMBERS = ['last', 'bid', 'ask', 'volume', 'open', 'changePct', 'sequence'] as const

/** What every tick any decoder emits must satisfy, whatever came in. */
export function expectWellFormedTick(tick: Tick, source: string, receivedAt: number): void {
  expect(tick.source).toBe(source)
  expect(typeof tick.symbol).toBe('string')
  expect(tick.symbol.length).toBeGreaterThan(0)
  for (const field of OPTIONAL_TICK_NUMBERS) {
    const value = tick[field]
    if (value !== undefined) expect(Number.isFinite(value), `${field} = ${value}`).toBe(true)
  }
  expect(tick.time === null || Number.isFinite(tick.time), `time = ${tick.time}`).toBe(true)
  expect(tick.receivedAt).toBe(receivedAt)
}

/** What every reading must satisfy: a finite number, a boolean, or a short text. */
export function expectWellFormedReading(reading: Reading, maxText: number): void {
  const { value } = reading
  if (typeof value === 'number') expect(Number.isFinite(value), `value = ${value}`).toBe(true)
  else if (typeof value === 'string') {
    expect(value.length).toBeGreaterThan(0)
    expect(value.length).toBeLessThanOrEqual(maxText)
  } else expect(typeof value).toBe('boolean')
  expect(reading.time === null || Number.isFinite(reading.time), `time = ${reading.time}`).toBe(true)
  expect(typeof reading.sensorId).toBe('string')
  expect(reading.sensorId.length).toBeGreaterThan(0)
}
