import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OPERATOR_LENGTH, MAX_SHELVE_MS, MIN_SHELVE_MS } from '@shared/alarms'
import {
  MAX_SYMBOL_LENGTH,
  MAX_WATCHLIST_SYMBOLS,
  parseViewMessage,
  type ViewMessage
} from '@shared/protocol'
import { GAUGE_STYLES, sensorSettingsEditSchema } from '@shared/sensorSettings'
import { finiteDouble, hostileString, hostileValue, mutated } from '../support/hostile'

/**
 * `parseViewMessage`, the engine's check of everything a view sends: for any input it returns
 * `null` or a well-formed message within the documented bounds, and every valid message a view
 * can send is accepted and unchanged after a JSON round trip.
 */

// eslint-disable-next-line no-control-regex
const FORGING = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/

function expectOperator(by: string | undefined): void {
  if (by === undefined) return
  expect(by.length).toBeGreaterThan(0)
  expect(by.length).toBeLessThanOrEqual(MAX_OPERATOR_LENGTH)
  expect(by).toBe(by.trim())
  expect(FORGING.test(by), JSON.stringify(by)).toBe(false)
}

function expectKey(key: string): void {
  expect(key.length).toBeGreaterThanOrEqual(3)
  expect(key.length).toBeLessThanOrEqual(1024)
  expect(key).toContain('/')
}

/** What any accepted message must look like, field by field, with no fields beyond its type's. */
function expectWellFormed(m: ViewMessage): void {
  switch (m.type) {
    case 'ready':
      expect(Object.keys(m)).toEqual(['type'])
      return
    case 'ack':
      expect(Number.isSafeInteger(m.seq) && m.seq >= 0).toBe(true)
      expect(Number.isFinite(m.paintedAt)).toBe(true)
      expect(Object.keys(m).sort()).toEqual(['paintedAt', 'seq', 'type'])
      return
    case 'ping':
      expect(Number.isFinite(m.t0)).toBe(true)
      expect(Object.keys(m).sort()).toEqual(['t0', 'type'])
      return
    case 'setWatchlist':
      expect(m.source.length).toBeGreaterThan(0)
      expect(m.source.length).toBeLessThanOrEqual(64)
      expect(Array.isArray(m.symbols)).toBe(true)
      expect(m.symbols.length).toBeLessThanOrEqual(MAX_WATCHLIST_SYMBOLS)
      for (const s of m.symbols) {
        expect(s.length).toBeGreaterThan(0)
        expect(s.length).toBeLessThanOrEqual(MAX_SYMBOL_LENGTH)
        // eslint-disable-next-line no-control-regex
        expect(/[\s\u0000-\u001f\u007f]/.test(s)).toBe(false)
      }
      return
    case 'ackAlarm':
      expect(m.id.length).toBeGreaterThan(0)
      expect(m.id.length).toBeLessThanOrEqual(128)
      expectOperator(m.by)
      return
    case 'ackAllAlarms':
      expectOperator(m.by)
      return
    case 'shelve':
      expectKey(m.key)
      expectOperator(m.by)
      expect(m.durationMs).toBeGreaterThanOrEqual(MIN_SHELVE_MS)
      expect(m.durationMs).toBeLessThanOrEqual(MAX_SHELVE_MS)
      return
    case 'unshelve':
      expectKey(m.key)
      return
    case 'setSensorSettings':
      expectKey(m.key)
      expect(sensorSettingsEditSchema.safeParse(m.settings).success).toBe(true)
      for (const v of Object.values(m.settings)) {
        if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
      }
      return
    default:
      throw new Error(`unexpected type ${JSON.stringify((m as { type: unknown }).type)}`)
  }
}

const operator = fc
  .string({ minLength: 1, maxLength: MAX_OPERATOR_LENGTH })
  .filter((s) => s.trim() === s && s.length > 0 && !FORGING.test(s))
const key = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), fc.string({ minLength: 1, maxLength: 200 }))
  .map(([source, id]) => `${source}/${id}`)
const watchSymbol = fc.oneof(
  fc.constantFrom('BTCUSDT', 'BTC/USD', 'ETH-USD', '__proto__', 'constructor'),
  fc.stringMatching(/^[!-~]{1,64}$/)
)
const limit = finiteDouble.filter((v) => Math.abs(v) <= 1e12)

const settings = fc.record(
  {
    label: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,78}[A-Za-z0-9]$/), { nil: null }),
    unit: fc.option(fc.constantFrom('', '°C', 'bar'), { nil: null }),
    decimals: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
    min: fc.option(fc.integer({ min: -1000, max: 0 }), { nil: null }),
    max: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
    warn: fc.option(limit, { nil: null }),
    staleAfterMs: fc.option(fc.integer({ min: 1_000, max: 86_400_000 }), { nil: null }),
    gauge: fc.option(fc.constantFrom(...GAUGE_STYLES), { nil: null }),
    group: fc.option(fc.constantFrom('Boilers', 'Line 3'), { nil: null })
  },
  { requiredKeys: [] }
)

/** Every message a well-behaved view may send. */
const validMessage: fc.Arbitrary<ViewMessage> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('ack' as const), seq: fc.nat(), paintedAt: finiteDouble }),
  fc.record({ type: fc.constant('ping' as const), t0: finiteDouble }),
  fc.record({
    type: fc.constant('setWatchlist' as const),
    source: fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/),
    symbols: fc.array(watchSymbol, { maxLength: 30 })
  }),
  fc.record(
    { type: fc.constant('ackAlarm' as const), id: fc.string({ minLength: 1, maxLength: 128 }), by: operator },
    { requiredKeys: ['type', 'id'] }
  ),
  fc.record({ type: fc.constant('ackAllAlarms' as const), by: operator }, { requiredKeys: ['type'] }),
  fc.record(
    {
      type: fc.constant('shelve' as const),
      key,
      durationMs: fc.integer({ min: MIN_SHELVE_MS, max: MAX_SHELVE_MS }),
      by: operator
    },
    { requiredKeys: ['type', 'key', 'durationMs'] }
  ),
  fc.record({ type: fc.constant('unshelve' as const), key }),
  fc.record({ type: fc.constant('setSensorSettings' as const), key, settings })
)

/** A valid message with hostile fields: wrong types, huge numbers, odd strings, missing fields. */
const hostileMessage: fc.Arbitrary<unknown> = validMessage.chain((m) =>
  fc.oneof(
    mutated(m as unknown as Record<string, unknown>),
    m.type === 'setSensorSettings'
      ? mutated({ ...m.settings, min: 0, max: 10, deadband: 1, lowAlarm: 1, lowWarn: 2, alarm: 9 }).map(
          (s) => ({ ...m, settings: s })
        )
      : fc.constant(m),
    m.type === 'setWatchlist'
      ? fc
          .array(fc.oneof(watchSymbol, hostileString, hostileValue), { maxLength: 20 })
          .map((symbols) => ({ ...m, symbols }))
      : fc.constant(m),
    fc.oneof(hostileString, hostileValue).map((by) => ({ ...m, by }))
  )
)

describe('parseViewMessage (property)', () => {
  it('returns null or a well-formed message for anything at all', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), hostileValue), (raw) => {
        const parsed = parseViewMessage(raw)
        if (parsed !== null) expectWellFormed(parsed)
      }),
      { numRuns: 500 }
    )
  })

  it('returns null or a well-formed message for hostile variations of every message type', () => {
    fc.assert(
      fc.property(hostileMessage, (raw) => {
        const parsed = parseViewMessage(raw)
        if (parsed !== null) expectWellFormed(parsed)
      }),
      { numRuns: 500 }
    )
  })

  it('refuses watchlists beyond 500 symbols or with a symbol that is too long', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .integer({ min: MAX_WATCHLIST_SYMBOLS + 1, max: 2_000 })
            .map((n) => Array.from({ length: n }, (_, i) => `S${i}`)),
          fc.constant(['X'.repeat(MAX_SYMBOL_LENGTH + 1)])
        ),
        (symbols) => {
          expect(parseViewMessage({ type: 'setWatchlist', source: 'desk', symbols })).toBeNull()
        }
      ),
      { numRuns: 50 }
    )
  })

  it('accepts every valid message unchanged after a JSON round trip', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        const wire = JSON.parse(JSON.stringify(m)) as unknown
        const parsed = parseViewMessage(wire)
        expect(parsed).not.toBeNull()
        expect(parsed).toEqual(m)
        expectWellFormed(parsed as ViewMessage)
      }),
      { numRuns: 500 }
    )
  })
})
