import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TIME_UNITS, type SensorConfig } from '@shared/config'
import {
  MAX_TEXT_LENGTH,
  TelemetryPayloadDecoder,
  toSensorValue
} from '../../../src/main/engine/telemetryPayload'
import { CollectingSink } from '../../harness/collectingSink'
import {
  deeplyNested,
  expectWellFormedReading,
  finiteDouble,
  hostileNumber,
  hostileString,
  hostileValue,
  toWire
} from '../support/hostile'

/**
 * The MQTT payload decoder: whatever bytes arrive, it never throws, values are finite numbers,
 * booleans or short texts, a message yields at most 1000 readings, and each message yields
 * readings or exactly one `malformed`, never both and never neither.
 */

const MAX_READINGS = 1_000
const RECEIVED_AT = 1_700_000_000_123

const boiler: SensorConfig = {
  topic: 'plant/boiler1/temp',
  id: 'boiler1-temp',
  unit: '°C',
  valuePath: 'value',
  timePath: 'meta.at',
  timeUnit: 's'
}
const pump: SensorConfig = { topic: 'plant/pump/state', id: 'pump-state', unit: '', timeUnit: 'ms' }
const TOPICS = [boiler.topic, pump.topic, 'plant/line3', 'room/1/temp']

function decoderWith(sensors: SensorConfig[] = [boiler, pump]) {
  const sink = new CollectingSink()
  return { decoder: new TelemetryPayloadDecoder('plant', sensors, sink), sink }
}

function expectOneOutcome(sink: CollectingSink, topic: string, retained: boolean): void {
  for (const reading of sink.readings) {
    expectWellFormedReading(reading, MAX_TEXT_LENGTH)
    expect(reading.topic).toBe(topic)
    expect(reading.source).toBe('plant')
    expect(reading.retained).toBe(retained)
    expect(reading.receivedAt).toBe(RECEIVED_AT)
  }
  expect(sink.readings.length).toBeLessThanOrEqual(MAX_READINGS)
  if (sink.readings.length > 0) expect(sink.malformedReasons).toEqual([])
  else expect(sink.malformedReasons).toHaveLength(1)
  // Discovered sensor ids are unique within one message.
  expect(new Set(sink.readings.map((r) => r.sensorId)).size).toBe(sink.readings.length)
}

/** JSON objects shaped like plant telemetry, with hostile leaves and odd keys. */
const telemetryObject: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileNumber,
    fc.boolean(),
    hostileString,
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('value', 'ts', 'time', 'timestamp', 'meta')),
      tie('node'),
      {
        maxKeys: 6
      }
    )
  )
})).node

const configuredPayload = fc
  .record({
    value: hostileValue,
    meta: fc.oneof(fc.record({ at: hostileValue }), hostileValue),
    ts: hostileValue,
    extra: telemetryObject
  })
  .map(toWire)

/** Payload bytes: anything at all, UTF-8 text, JSON, shaped telemetry, deep or wide shapes. */
const payload: fc.Arbitrary<Buffer | string> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.constantFrom(
    Buffer.from([0xff, 0xfe, 0xfd]),
    Buffer.from([0xc3]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('\ufeff42'),
    Buffer.from('{"value":1e400}'),
    Buffer.from('1e400'),
    Buffer.from('-0'),
    Buffer.from('NaN'),
    Buffer.from(''),
    Buffer.from(' \n\t'),
    Buffer.from('RUNNING'),
    Buffer.from('x'.repeat(MAX_TEXT_LENGTH + 1)),
    Buffer.from(`  ${'y'.repeat(MAX_TEXT_LENGTH)}  `),
    Buffer.from('a\u0000b'),
    Buffer.from('a\nb')
  ),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  telemetryObject.map(toWire),
  configuredPayload,
  hostileNumber.map(toWire)
)

describe('TelemetryPayloadDecoder (property)', () => {
  it('never throws, and gives readings or exactly one refusal for any payload on any topic', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TOPICS), payload, fc.boolean(), (topic, bytes, retained) => {
        const { decoder, sink } = decoderWith()
        decoder.decode(topic, bytes, retained, RECEIVED_AT)
        expectOneOutcome(sink, topic, retained)
      }),
      { numRuns: 500 }
    )
  })

  it('reads configured value and time paths in every time unit without a non-finite time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TIME_UNITS),
        fc.constantFrom<Partial<SensorConfig>>(
          {},
          { valuePath: 'value' },
          { valuePath: 'meta.at' },
          { valuePath: '0' }
        ),
        configuredPayload,
        (timeUnit, paths, text) => {
          const { decoder, sink } = decoderWith([{ ...boiler, ...paths, timeUnit }])
          decoder.decode(boiler.topic, text, false, RECEIVED_AT)
          expectOneOutcome(sink, boiler.topic, false)
        }
      ),
      { numRuns: 400 }
    )
  })

  it('refuses deep nesting (10,000 levels, built as text) without overflowing the stack', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 10_000 }),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
        fc.constantFrom(...TOPICS),
        (depth, kind, topic) => {
          const { decoder, sink } = decoderWith()
          decoder.decode(topic, Buffer.from(deeplyNested(depth, '1', kind)), false, RECEIVED_AT)
          expectOneOutcome(sink, topic, false)
          if (depth > 40) expect(sink.readings).toEqual([])
        }
      ),
      { numRuns: 50 }
    )
    const { decoder, sink } = decoderWith()
    decoder.decode('room/1/temp', `{"value":${deeplyNested(10_000)}}`, false, RECEIVED_AT)
    expect(sink.malformedReasons).toHaveLength(1)
  })

  it('never yields more than 1000 readings from one message, however many leaves it has', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(999, 1_000, 1_001), fc.integer({ min: 990, max: 5_000 })),
        fc.constantFrom(...TOPICS),
        fc.boolean(),
        (leaves, topic, withValue) => {
          const { decoder, sink } = decoderWith()
          const body: Record<string, unknown> = withValue ? { value: 1, meta: { at: 1_700_000_000 } } : {}
          for (let i = 0; i < leaves; i++) body[`k${i}`] = i % 3 === 0 ? true : i
          decoder.decode(topic, JSON.stringify(body), false, RECEIVED_AT)
          expectOneOutcome(sink, topic, false)
        }
      ),
      { numRuns: 40 }
    )
  })

  it('discovers every numeric and true/false leaf back with its value (round trip)', () => {
    const leaf = fc.oneof(
      fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
      fc.boolean()
    )
    const key = fc
      .stringMatching(/^[a-z][a-z0-9_]{0,11}$/)
      .filter((k) => !['ts', 'time', 'timestamp'].includes(k))
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 4 })), {
          minKeys: 1,
          maxKeys: 20
        }),
        (body) => {
          const { decoder, sink } = decoderWith()
          decoder.decode('plant/line3', JSON.stringify(body), true, RECEIVED_AT)
          const expected: [string, unknown][] = []
          for (const [k, v] of Object.entries(body)) {
            if (typeof v === 'object')
              for (const [k2, v2] of Object.entries(v)) expected.push([`${k}.${k2}`, v2])
            else expected.push([k, v])
          }
          expect(sink.malformedReasons).toEqual([])
          expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual(
            expected.map(([path, v]) => [`plant/line3#${path}`, v])
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it('takes a plain number, true/false or text payload as its own value (round trip)', () => {
    const notJson = (s: string): boolean => {
      try {
        JSON.parse(s)
        return false
      } catch {
        return true
      }
    }
    const text = fc.string({ minLength: 1, maxLength: MAX_TEXT_LENGTH }).filter(
      (s) =>
        s.trim() === s &&
        !/^[[{]/.test(s) &&
        // eslint-disable-next-line no-control-regex
        !/[\u0000-\u001f\u007f]/.test(s) &&
        notJson(s) &&
        !/^[+-]?[\d.]/.test(s)
    )
    const number = finiteDouble.filter((v) => Math.abs(v) <= Number.MAX_SAFE_INTEGER)
    fc.assert(
      fc.property(fc.oneof(number, fc.boolean(), text), (value) => {
        const { decoder, sink } = decoderWith()
        decoder.decode('room/1/temp', Buffer.from(String(value)), false, RECEIVED_AT)
        expect(sink.malformedReasons).toEqual([])
        expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual([['room/1/temp', value]])
      }),
      { numRuns: 300 }
    )
  })
})

describe('toSensorValue (property)', () => {
  it('returns a finite number, a boolean, a short visible text or a reason, for any value', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, fc.anything()), (raw) => {
        const value = toSensorValue(raw)
        if (Array.isArray(value)) {
          expect(value).toHaveLength(1)
          expect(typeof value[0]).toBe('string')
        } else if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true)
        else if (typeof value === 'string') {
          expect(value.length).toBeGreaterThan(0)
          expect(value.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH)
          expect(value).toBe(value.trim())
        } else expect(typeof value).toBe('boolean')
      }),
      { numRuns: 500 }
    )
  })
})
