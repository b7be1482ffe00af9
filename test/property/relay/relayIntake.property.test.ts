import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { marketSchema } from '@shared/config'
import { encodeRepublished, republishTopic } from '@shared/republish'
import { RelayIntake } from '../../../src/main/engine/relay/relayIntake'
import { CollectingSink } from '../../harness/collectingSink'

/**
 * A desk's intake of a collector's fan-out, fed anything a hostile broker could send on its
 * topics: it never throws, makes at most one tick per message, every number on a tick is finite,
 * and every message is counted exactly once (as a tick, a refusal, or a value no longer wanted).
 */

const config = marketSchema.parse({
  id: 'desk',
  adapter: 'tickwire',
  url: 'mqtt://127.0.0.1:1883',
  prefix: 'md',
  source: 'kraken'
})
if (config.adapter !== 'tickwire') throw new Error('not a relay config')

const good = (symbol: string, last: number): Uint8Array => {
  const bytes = encodeRepublished({
    symbol,
    last,
    bid: null,
    ask: null,
    volume: null,
    changePct: null,
    open: null,
    sequence: null,
    time: 1,
    receivedAt: 2
  })
  return 'error' in bytes ? new Uint8Array(0) : bytes
}

const topicArb = fc.oneof(
  fc.constantFrom('md/kraken/BTC%2FUSD', 'md/kraken/ETH', 'md/other/BTC', 'md/kraken/%ZZ', 'md/kraken', 'x'),
  fc.string({ maxLength: 300 }),
  fc.string({ maxLength: 70 }).map((s) => `md/kraken/${s}`),
  fc.integer({ min: 500, max: 70_000 }).map((n) => `md/kraken/${'x'.repeat(n)}`)
)
const payloadArb = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }),
  fc.string({ maxLength: 1_200 }).map((s) => new TextEncoder().encode(s)),
  fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
  fc
    .record({
      v: fc.constantFrom(1, 2, '1'),
      sym: fc.string({ maxLength: 70 }),
      last: fc.anything(),
      rt: fc.anything()
    })
    .map((r) => new TextEncoder().encode(JSON.stringify(r))),
  fc
    .tuple(fc.constantFrom('BTC/USD', 'ETH'), fc.double({ noNaN: true, noDefaultInfinity: true }))
    .map(([s, n]) => good(s, n))
)

describe('RelayIntake (property)', () => {
  it('never throws, counts each message once, and yields only finite, bounded ticks', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(topicArb, payloadArb, fc.boolean()), { maxLength: 30 }), (messages) => {
        const sink = new CollectingSink()
        const intake = new RelayIntake(config, sink)
        for (const [topic, payload, retained] of messages) intake.receive(topic, payload, retained, 10)
        expect(sink.messages).toBe(messages.length)
        // Watching every symbol, only an empty payload (a deleted retained value) goes unsaid.
        const empty = messages.filter(([, payload]) => payload.byteLength === 0).length
        expect(sink.ticks.length + sink.malformedReasons.length).toBe(messages.length - empty)
        for (const tick of sink.ticks) {
          expect(tick.source).toBe('desk')
          expect(tick.symbol.length).toBeGreaterThan(0)
          expect(tick.symbol.length).toBeLessThanOrEqual(64)
          for (const v of [tick.last, tick.bid, tick.ask, tick.volume, tick.open, tick.changePct, tick.time])
            if (v !== undefined && v !== null) expect(Number.isFinite(v)).toBe(true)
          expect(Number.isFinite(tick.relay?.at)).toBe(true)
          const topic = republishTopic('md', 'kraken', tick.symbol)
          expect(typeof topic).toBe('string')
        }
        for (const reason of sink.malformedReasons) expect(reason.length).toBeLessThan(2_000)
      }),
      { numRuns: 300 }
    )
  })
})
