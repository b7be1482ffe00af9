import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ALARM_CONDITIONS,
  ALARM_SEVERITIES,
  ALARM_STATES,
  type AlarmRecord,
  type ShelvedKey
} from '@shared/alarms'
import {
  SENSOR_STATES,
  SOURCE_STATES,
  type SensorPresentation,
  type SensorReading,
  type SensorUpdate,
  type SourceStats,
  type SourceWatchlist,
  type StatsPayload,
  type TickerQuote
} from '@shared/model'
import { GAUGE_STYLES } from '@shared/sensorSettings'
import { LATENCY_BUCKET_COUNT } from '@shared/latencyBuckets'
import {
  parseEngineMessage,
  type ParsedEngineMessage
} from '../../../src/renderer/src/transport/engineMessage'
import { finiteDouble, hostileString, hostileValue, mutated } from '../support/hostile'

/**
 * The renderer's hand validation of what the engine sends (`parseEngineMessage`): for any input
 * it returns `null` or a message whose every number is finite and whose enumerations hold known
 * values; every valid message the engine can send is accepted and unchanged after a JSON round trip.
 */

const MESSAGE_TYPES = ['hello', 'frame', 'sensors', 'watchlists', 'alarms', 'stats', 'pong', 'error']

/** Every number anywhere in `value` is finite (the view would paint NaN otherwise). */
function expectFiniteNumbers(value: unknown): void {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node === 'number') expect(Number.isFinite(node), `number ${node}`).toBe(true)
    else if (typeof node === 'object' && node !== null) stack.push(...Object.values(node))
  }
}

function expectTicker(t: TickerQuote): void {
  expect(typeof t.key).toBe('string')
  expect(t.key.length).toBeGreaterThan(0)
  expect(typeof t.source).toBe('string')
  expect(typeof t.symbol).toBe('string')
  expect(typeof t.stale).toBe('boolean')
}

function expectReading(r: SensorReading): void {
  expectUpdate(r)
  expectPresentation(r)
}

function expectUpdate(r: SensorUpdate): void {
  expect(r.key.length).toBeGreaterThan(0)
  expect(SENSOR_STATES).toContain(r.state)
  expect(r.kind).toBe(
    typeof r.value === 'number' ? 'number' : typeof r.value === 'boolean' ? 'boolean' : 'text'
  )
}

function expectPresentation(r: SensorPresentation): void {
  expect(r.key.length).toBeGreaterThan(0)
  expect(GAUGE_STYLES).toContain(r.gauge)
  expect(r.decimals === null || (Number.isInteger(r.decimals) && r.decimals >= 0 && r.decimals <= 8)).toBe(
    true
  )
  expect(r.deadband).toBeGreaterThanOrEqual(0)
  expect(r.staleAfterMs).toBeGreaterThanOrEqual(0)
  expect(r.group === null || (typeof r.group === 'string' && r.group.length > 0)).toBe(true)
}

function expectAlarm(a: AlarmRecord): void {
  expect(a.id.length).toBeGreaterThan(0)
  expect(a.key.length).toBeGreaterThan(0)
  expect(ALARM_CONDITIONS).toContain(a.condition)
  expect(ALARM_SEVERITIES).toContain(a.severity)
  expect(ALARM_STATES).toContain(a.state)
}

function expectStats(s: StatsPayload): void {
  for (const source of s.sources) {
    expect(source.id.length).toBeGreaterThan(0)
    expect(SOURCE_STATES).toContain(source.state)
    expect(['market', 'telemetry']).toContain(source.kind)
    for (const c of [source.messages, source.malformed, source.reconnects, source.gaps, source.ratePerSec])
      expect(c).toBeGreaterThanOrEqual(0)
  }
}

function expectWatchlist(w: SourceWatchlist): void {
  expect(w.source.length).toBeGreaterThan(0)
  for (const s of w.symbols) expect(typeof s === 'string' && s.length > 0).toBe(true)
  for (const [symbol, verdict] of Object.entries(w.statuses)) {
    expect(w.symbols).toContain(symbol)
    expect(['subscribed', 'unsubscribed', 'rejected']).toContain(verdict.status)
  }
}

function expectWellFormed(m: ParsedEngineMessage): void {
  expect(MESSAGE_TYPES).toContain(m.type)
  expectFiniteNumbers(m)
  switch (m.type) {
    case 'hello':
      m.snapshot.tickers.forEach(expectTicker)
      m.snapshot.readings.forEach(expectReading)
      m.snapshot.alarms.forEach(expectAlarm)
      expectStats(m.stats)
      m.watchlists?.forEach(expectWatchlist)
      m.alarms?.alarms.forEach(expectAlarm)
      m.alarms?.history.forEach(expectAlarm)
      if (m.operator !== undefined) expect(m.operator.trim()).not.toBe('')
      return
    case 'frame':
      expect(Number.isSafeInteger(m.seq) && m.seq >= 0).toBe(true)
      m.tickers.forEach(expectTicker)
      m.readings.forEach(expectUpdate)
      // Values only: presentation travels in "sensors" messages.
      for (const r of m.readings) expect(r).not.toHaveProperty('label')
      return
    case 'sensors':
      m.sensors.forEach(expectPresentation)
      return
    case 'watchlists':
      m.watchlists.forEach(expectWatchlist)
      return
    case 'alarms':
      m.alarms.alarms.forEach(expectAlarm)
      m.alarms.history.forEach(expectAlarm)
      return
    case 'stats':
      expectStats(m.stats)
      return
    case 'pong':
    case 'error':
      return
  }
}

// Generators of what the engine really sends, in the exact shape the validator returns.

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })
const text = fc.string({ maxLength: 40 })
const nonEmpty = fc.string({ minLength: 1, maxLength: 40 })
const count = fc.oneof(
  fc.nat(),
  fc.double({ min: 0, max: 1e9, noNaN: true }).map((v) => (v === 0 ? 0 : v))
)
const key = fc.tuple(fc.stringMatching(/^[a-z0-9_-]{1,12}$/), nonEmpty).map(([s, id]) => `${s}/${id}`)
const sensorValue = fc.oneof(finiteDouble, fc.boolean(), text)

const ticker: fc.Arbitrary<TickerQuote> = fc.record({
  key,
  source: text,
  symbol: text,
  last: nullable(finiteDouble),
  bid: nullable(finiteDouble),
  ask: nullable(finiteDouble),
  volume: nullable(finiteDouble),
  changePct: nullable(finiteDouble),
  time: nullable(finiteDouble),
  receivedAt: finiteDouble,
  stale: fc.boolean()
})

const update: fc.Arbitrary<SensorUpdate> = fc
  .record({
    key,
    value: sensorValue,
    state: fc.constantFrom(...SENSOR_STATES),
    time: nullable(finiteDouble),
    receivedAt: finiteDouble,
    retained: fc.boolean()
  })
  .map((r) => ({
    ...r,
    kind:
      typeof r.value === 'number'
        ? ('number' as const)
        : typeof r.value === 'boolean'
          ? ('boolean' as const)
          : ('text' as const)
  }))

const presentation: fc.Arbitrary<SensorPresentation> = fc.record({
  key,
  source: text,
  sensorId: text,
  topic: text,
  label: text,
  unit: text,
  decimals: nullable(fc.integer({ min: 0, max: 8 })),
  min: nullable(finiteDouble),
  max: nullable(finiteDouble),
  lowAlarm: nullable(finiteDouble),
  lowWarn: nullable(finiteDouble),
  warn: nullable(finiteDouble),
  alarm: nullable(finiteDouble),
  deadband: count,
  staleAfterMs: count,
  gauge: fc.constantFrom(...GAUGE_STYLES),
  group: nullable(nonEmpty),
  edited: fc.boolean(),
  discovered: fc.boolean()
})

const reading: fc.Arbitrary<SensorReading> = fc
  .tuple(presentation, update)
  .map(([p, u]) => ({ ...p, ...u, key: p.key }))

const alarm: fc.Arbitrary<AlarmRecord> = fc.record({
  id: nonEmpty,
  key,
  source: text,
  label: text,
  condition: fc.constantFrom(...ALARM_CONDITIONS),
  severity: fc.constantFrom(...ALARM_SEVERITIES),
  state: fc.constantFrom(...ALARM_STATES),
  threshold: nullable(finiteDouble),
  value: nullable(sensorValue),
  lastValue: nullable(sensorValue),
  unit: text,
  raisedAt: finiteDouble,
  clearedAt: nullable(finiteDouble),
  ackedAt: nullable(finiteDouble),
  ackedBy: nullable(text)
})

const shelf: fc.Arbitrary<ShelvedKey> = fc.record({
  key,
  label: text,
  until: finiteDouble,
  by: text,
  at: finiteDouble
})
const alarmSummary = fc.record({
  alarms: fc.array(alarm, { maxLength: 4 }),
  shelved: fc.array(shelf, { maxLength: 3 }),
  history: fc.array(alarm, { maxLength: 4 })
})

const latency = fc.record(
  {
    count,
    p50: nullable(finiteDouble),
    p95: nullable(finiteDouble),
    p99: nullable(finiteDouble),
    max: nullable(finiteDouble),
    buckets: fc.array(fc.nat(), { minLength: LATENCY_BUCKET_COUNT, maxLength: LATENCY_BUCKET_COUNT })
  },
  { requiredKeys: ['count', 'p50', 'p95', 'p99', 'max'] }
)
const source: fc.Arbitrary<SourceStats> = fc.record({
  id: nonEmpty,
  kind: fc.constantFrom('market' as const, 'telemetry' as const),
  url: text,
  state: fc.constantFrom(...SOURCE_STATES),
  messages: count,
  malformed: count,
  reconnects: count,
  gaps: count,
  ratePerSec: count,
  lastError: nullable(text),
  lastMalformed: nullable(text),
  connectedSince: nullable(finiteDouble),
  insecure: fc.boolean(),
  latencyMs: fc.record({ feed: latency }),
  clockAhead: count,
  implausibleTimes: count
})
const stats: fc.Arbitrary<StatsPayload> = fc
  .tuple(
    fc.record({
      uptimeMs: count,
      windowMs: count,
      sources: fc.array(source, { maxLength: 3 }),
      display: fc.record({ frames: count, superseded: count, latencyMs: latency })
    }),
    // Engines that predate internal errors send neither field; newer ones send both.
    fc.option(
      fc.record({ internalErrors: count, lastInternalError: nullable(fc.string({ maxLength: 300 })) }),
      {
        nil: undefined
      }
    )
  )
  .map(([base, faults]) => ({ ...base, ...faults }))

const watchSymbol = fc.oneof(
  nonEmpty,
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')
)
const watchlist: fc.Arbitrary<SourceWatchlist> = fc
  .record({
    source: nonEmpty,
    adapter: fc.constantFrom('json', 'binance', 'coinbase', 'kraken'),
    symbols: fc.uniqueArray(watchSymbol, { maxLength: 6 }),
    verdicts: fc.array(
      fc.record({
        status: fc.constantFrom('subscribed' as const, 'unsubscribed' as const, 'rejected' as const),
        detail: nullable(text)
      }),
      { maxLength: 6 }
    )
  })
  .map(({ source, adapter, symbols, verdicts }) => {
    const statuses: SourceWatchlist['statuses'] = {}
    symbols.forEach((s, i) => {
      if (verdicts[i] !== undefined)
        Object.defineProperty(statuses, s, {
          value: verdicts[i],
          enumerable: true,
          writable: true,
          configurable: true
        })
    })
    return { source, adapter, symbols, statuses }
  })

const validMessage: fc.Arbitrary<ParsedEngineMessage> = fc.oneof(
  fc
    .record(
      {
        protocol: fc.constant(1),
        engineTime: finiteDouble,
        demo: fc.boolean(),
        snapshot: fc.record({
          tickers: fc.array(ticker, { maxLength: 3 }),
          readings: fc.array(reading, { maxLength: 3 }),
          alarms: fc.array(alarm, { maxLength: 3 })
        }),
        stats,
        watchlists: fc.array(watchlist, { maxLength: 3 }),
        alarms: alarmSummary,
        operator: nonEmpty.filter((s) => s.trim() !== '')
      },
      { requiredKeys: ['protocol', 'engineTime', 'demo', 'snapshot', 'stats', 'watchlists'] }
    )
    .map((m) => ({ type: 'hello' as const, ...m })),
  fc
    .record({
      seq: fc.nat(),
      sentAt: finiteDouble,
      tickers: fc.array(ticker, { maxLength: 5 }),
      readings: fc.array(update, { maxLength: 5 })
    })
    .map((m) => ({ type: 'frame' as const, ...m })),
  fc.array(presentation, { maxLength: 4 }).map((sensors) => ({ type: 'sensors' as const, sensors })),
  fc.array(watchlist, { maxLength: 4 }).map((watchlists) => ({ type: 'watchlists' as const, watchlists })),
  alarmSummary.map((alarms) => ({ type: 'alarms' as const, alarms })),
  stats.map((s) => ({ type: 'stats' as const, stats: s })),
  fc.record({ t0: finiteDouble, engineTime: finiteDouble }).map((m) => ({ type: 'pong' as const, ...m })),
  text.map((message) => ({ type: 'error' as const, message }))
)

/** Mutates one record somewhere inside a message (a ticker, a reading, an alarm, a stats entry…). */
function mutateDeep(value: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) return fc.constant(value)
    return fc
      .tuple(fc.nat({ max: value.length - 1 }), fc.constant(null))
      .chain(([i]) => mutateDeep(value[i]).map((v) => value.map((old, j) => (j === i ? v : old))))
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    return fc.oneof(
      mutated(record),
      keys.length === 0
        ? fc.constant(record)
        : fc.constantFrom(...keys).chain((k) => mutateDeep(record[k]).map((v) => ({ ...record, [k]: v })))
    )
  }
  return fc.oneof(hostileValue, hostileString)
}

describe('parseEngineMessage (property)', () => {
  it('returns null or a well-formed message for anything at all', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), hostileValue), (raw) => {
        const parsed = parseEngineMessage(raw)
        if (parsed !== null) expectWellFormed(parsed)
      }),
      { numRuns: 500 }
    )
  })

  it('returns null or a well-formed message for hostile values deep inside real messages', () => {
    fc.assert(
      fc.property(validMessage.chain(mutateDeep), (raw) => {
        const parsed = parseEngineMessage(raw)
        if (parsed !== null) expectWellFormed(parsed)
      }),
      { numRuns: 500 }
    )
  })

  it('fills in the source and symbol of a frame ticker from its key (the engine leaves them out)', () => {
    fc.assert(
      fc.property(ticker, (t) => {
        const { source: _source, symbol: _symbol, ...entry } = t
        const parsed = parseEngineMessage({
          type: 'frame',
          seq: 1,
          sentAt: 0,
          tickers: [entry],
          readings: []
        })
        if (parsed?.type !== 'frame') throw new Error('frame refused')
        const slash = t.key.indexOf('/')
        expect(parsed.tickers[0]).toEqual({
          ...t,
          source: t.key.slice(0, slash),
          symbol: t.key.slice(slash + 1)
        })
      }),
      { numRuns: 200 }
    )
  })

  it('accepts every valid engine message unchanged after a JSON round trip', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        const parsed = parseEngineMessage(JSON.parse(JSON.stringify(m)))
        expect(parsed).not.toBeNull()
        expect(parsed).toEqual(m)
        expectWellFormed(parsed as ParsedEngineMessage)
      }),
      { numRuns: 400 }
    )
  })
})
