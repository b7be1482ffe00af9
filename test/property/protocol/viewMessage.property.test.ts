import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OPERATOR_LENGTH, MAX_SHELVE_MS, MIN_SHELVE_MS } from '@shared/alarms'
import {
  isCommandName,
  parseCommandArgs,
  type CommandArgs,
  type CommandName
} from '@shared/commands/commandRegistry'
import { MAX_REASON_LENGTH } from '@shared/limits'
import {
  MAX_SYMBOL_LENGTH,
  MAX_WATCHLIST_SYMBOLS,
  parseViewMessage,
  type ReceivedViewMessage
} from '@shared/protocol'
import { GAUGE_STYLES, sensorSettingsEditSchema } from '@shared/sensorSettings'
import { finiteDouble, hostileString, hostileValue, mutated } from '../support/hostile'

/**
 * `parseViewMessage` and `parseCommandArgs`, the engine's checks of everything a view sends: for
 * any input they return `null` / a bounded refusal or a well-formed message within the documented
 * bounds, and every valid message a view can send is accepted and unchanged after a JSON round trip.
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
function expectWellFormed(m: ReceivedViewMessage): void {
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
    case 'command':
      expect(Number.isSafeInteger(m.id) && m.id >= 0).toBe(true)
      expect(m.name.length).toBeGreaterThan(0)
      expect(m.name.length).toBeLessThanOrEqual(64)
      expect(Object.keys(m).sort()).toEqual(['args', 'id', 'name', 'type'])
      if (!isCommandName(m.name)) return
      {
        const parsed = parseCommandArgs(m.name, m.args)
        if (parsed.ok) expectWellFormedArgs(m.name, parsed.args)
        else {
          expect(parsed.error.length).toBeGreaterThan(0)
          expect(parsed.error.length).toBeLessThanOrEqual(MAX_REASON_LENGTH + 40)
        }
      }
      return
    default:
      throw new Error(`unexpected type ${JSON.stringify((m as { type: unknown }).type)}`)
  }
}

function expectWellFormedArgs(name: CommandName, args: CommandArgs<CommandName>): void {
  switch (name) {
    case 'setWatchlist': {
      const a = args as CommandArgs<'setWatchlist'>
      expect(a.source.length).toBeGreaterThan(0)
      expect(a.source.length).toBeLessThanOrEqual(64)
      expect(Array.isArray(a.symbols)).toBe(true)
      expect(a.symbols.length).toBeLessThanOrEqual(MAX_WATCHLIST_SYMBOLS)
      for (const s of a.symbols) {
        expect(s.length).toBeGreaterThan(0)
        expect(s.length).toBeLessThanOrEqual(MAX_SYMBOL_LENGTH)
        // eslint-disable-next-line no-control-regex
        expect(/[\t\n\r\u0000-\u001f\u007f]/.test(s)).toBe(false)
      }
      return
    }
    case 'ackAlarm': {
      const a = args as CommandArgs<'ackAlarm'>
      expect(a.id.length).toBeGreaterThan(0)
      expect(a.id.length).toBeLessThanOrEqual(128)
      expectOperator(a.by)
      return
    }
    case 'ackAllAlarms':
      expectOperator((args as CommandArgs<'ackAllAlarms'>).by)
      return
    case 'shelve': {
      const a = args as CommandArgs<'shelve'>
      expectKey(a.key)
      expectOperator(a.by)
      expect(a.durationMs).toBeGreaterThanOrEqual(MIN_SHELVE_MS)
      expect(a.durationMs).toBeLessThanOrEqual(MAX_SHELVE_MS)
      return
    }
    case 'unshelve':
      expectKey((args as CommandArgs<'unshelve'>).key)
      return
    case 'setSensorSettings': {
      const a = args as CommandArgs<'setSensorSettings'>
      expectKey(a.key)
      expect(sensorSettingsEditSchema.safeParse(a.settings).success).toBe(true)
      for (const v of Object.values(a.settings)) {
        if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
      }
      return
    }
    default:
      return
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

interface CommandCase {
  name: CommandName
  args: Record<string, unknown>
}

const commandCase = (
  name: CommandName,
  args: fc.Arbitrary<Record<string, unknown>>
): fc.Arbitrary<CommandCase> => args.map((a) => ({ name, args: a }))

/** Every command a well-behaved view may send, by name with its arguments. */
const validCommand: fc.Arbitrary<CommandCase> = fc.oneof(
  commandCase(
    'setWatchlist',
    fc.record({
      source: fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/),
      symbols: fc.array(watchSymbol, { maxLength: 30 })
    })
  ),
  commandCase(
    'ackAlarm',
    fc.record({ id: fc.string({ minLength: 1, maxLength: 128 }), by: operator }, { requiredKeys: ['id'] })
  ),
  commandCase('ackAllAlarms', fc.record({ by: operator }, { requiredKeys: [] })),
  commandCase(
    'shelve',
    fc.record(
      { key, durationMs: fc.integer({ min: MIN_SHELVE_MS, max: MAX_SHELVE_MS }), by: operator },
      { requiredKeys: ['key', 'durationMs'] }
    )
  ),
  commandCase('unshelve', fc.record({ key })),
  commandCase('setSensorSettings', fc.record({ key, settings }))
)

type SentMessage =
  | { type: 'ready' }
  | { type: 'ack'; seq: number; paintedAt: number }
  | { type: 'ping'; t0: number }
  | { type: 'command'; id: number; name: string; args: unknown }

/** Every message a well-behaved view may send. */
const validMessage: fc.Arbitrary<SentMessage> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('ack' as const), seq: fc.nat(), paintedAt: finiteDouble }),
  fc.record({ type: fc.constant('ping' as const), t0: finiteDouble }),
  fc
    .tuple(fc.nat(), validCommand)
    .map(([id, c]) => ({ type: 'command' as const, id, name: c.name, args: c.args }))
)

/** A valid command with hostile arguments: wrong types, huge numbers, odd strings, missing fields. */
const hostileCommand: fc.Arbitrary<unknown> = fc.tuple(fc.nat(), validCommand).chain(([id, c]) =>
  fc
    .oneof(
      mutated(c.args),
      c.name === 'setSensorSettings'
        ? mutated({
            ...(c.args.settings as Record<string, unknown>),
            min: 0,
            max: 10,
            deadband: 1,
            lowAlarm: 1,
            lowWarn: 2,
            alarm: 9
          }).map((s) => ({ ...c.args, settings: s }))
        : fc.constant(c.args),
      c.name === 'setWatchlist'
        ? fc
            .array(fc.oneof(watchSymbol, hostileString, hostileValue), { maxLength: 20 })
            .map((symbols) => ({ ...c.args, symbols }))
        : fc.constant(c.args),
      fc.oneof(hostileString, hostileValue).map((by) => ({ ...c.args, by }))
    )
    .map((args) => ({ type: 'command', id, name: c.name, args }))
)

/** A valid message with a hostile envelope. */
const hostileMessage: fc.Arbitrary<unknown> = fc.oneof(
  hostileCommand,
  validMessage.chain((m) => mutated(m as unknown as Record<string, unknown>))
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
          expect(parseCommandArgs('setWatchlist', { source: 'desk', symbols }).ok).toBe(false)
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
        expectWellFormed(parsed as ReceivedViewMessage)
        if (m.type === 'command') {
          const args = parseCommandArgs(m.name as CommandName, m.args)
          expect(args.ok, args.ok ? '' : args.error).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })
})
