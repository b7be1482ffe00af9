import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { org } from 'sparkplug-payload/lib/sparkplugPayloadProto'
import {
  decodeSparkplugPayload,
  MAX_SPARKPLUG_METRICS,
  metricValue
} from '../../../src/main/engine/sparkplug/sparkplugPayload'

/**
 * The Sparkplug B decoder on hostile bytes: random bytes, and real payloads (encoded with the
 * Tahu schema) with random metrics, values and datatypes, cut short or flipped. It never throws,
 * and whatever it gives is bounded and finite: names within the key bound, seq 0–255, every value
 * a finite number, a boolean, a bounded text or a refusal, read as any datatype.
 */
const Payload = org.eclipse.tahu.protobuf.Payload

function checkDecoded(bytes: Uint8Array): void {
  const decoded = decodeSparkplugPayload(bytes)
  if (typeof decoded === 'string') {
    expect(decoded.length).toBeLessThan(200)
    return
  }
  expect(decoded.metrics.length).toBeLessThanOrEqual(MAX_SPARKPLUG_METRICS)
  if (decoded.seq !== null) expect(decoded.seq >= 0 && decoded.seq <= 255).toBe(true)
  for (const metric of decoded.metrics) {
    expect(metric.name !== null || metric.alias !== null).toBe(true)
    if (metric.name !== null) expect(metric.name.length).toBeLessThanOrEqual(256)
    if (metric.alias !== null) expect(Number.isSafeInteger(metric.alias)).toBe(true)
    for (const bound of [metric.low, metric.high])
      if (bound !== null) expect(Number.isFinite(bound)).toBe(true)
    if (metric.unit !== null) expect(metric.unit.length).toBeLessThanOrEqual(32)
    for (const datatype of [metric.datatype, 0, 1, 4, 8, 9, 10, 11, 12, 13, 16, 19, 22, 99]) {
      const value = metricValue(metric, datatype)
      if (value === null || typeof value === 'boolean') continue
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true)
      else if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(256)
      else expect(typeof value[0]).toBe('string')
    }
  }
}

const metric = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('Temp/Inlet')),
    alias: fc.oneof(
      fc.nat(),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((b) => Number(b))
    ),
    datatype: fc.integer({ min: -1, max: 40 }),
    isNull: fc.boolean(),
    intValue: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    floatValue: fc.float(),
    doubleValue: fc.double(),
    booleanValue: fc.boolean(),
    stringValue: fc.string({ maxLength: 400 }),
    properties: fc.record({
      keys: fc.array(fc.constantFrom('engUnit', 'engLow', 'engHigh', 'x'), { maxLength: 4 }),
      values: fc.array(
        fc.record(
          {
            type: fc.integer({ min: 0, max: 20 }),
            stringValue: fc.string({ maxLength: 50 }),
            doubleValue: fc.double(),
            intValue: fc.integer({ min: 0, max: 2 ** 32 - 1 })
          },
          { requiredKeys: ['type'] }
        ),
        { maxLength: 4 }
      )
    })
  },
  { requiredKeys: [] }
)

describe('the Sparkplug B payload decoder', () => {
  it('never throws on random bytes, and gives bounded, finite output', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => checkDecoded(bytes)),
      { numRuns: 2_000 }
    )
  })

  it('takes real payloads with random metrics, also cut short or with a byte flipped', () => {
    fc.assert(
      fc.property(
        fc.record({ seq: fc.integer({ min: 0, max: 300 }), metrics: fc.array(metric, { maxLength: 20 }) }),
        fc.nat(),
        fc.nat(),
        (payload, cut, flip) => {
          let bytes: Uint8Array
          try {
            bytes = Payload.encode(Payload.fromObject({ timestamp: 1_700_000_000_000, ...payload })).finish()
          } catch {
            return // fast-check made something the schema cannot even encode
          }
          checkDecoded(bytes)
          checkDecoded(bytes.subarray(0, cut % (bytes.length + 1)))
          if (bytes.length > 0) {
            const flipped = Uint8Array.from(bytes)
            flipped[flip % flipped.length] ^= 0xff
            checkDecoded(flipped)
          }
        }
      ),
      { numRuns: 1_000 }
    )
  })
})
