import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BinanceAdapter } from '../../../src/main/engine/market/binanceAdapter'
import { capturedObjects } from '../support/captures'
import {
  assertNeverThrowsOnText,
  assertSurvivesInterleaving,
  exchangeConfig,
  openAdapter,
  RECEIVED_AT
} from '../support/exchangeAdapters'
import { arbitraryText, expectWellFormedTick, hostileValue, mutated, toWire } from '../support/hostile'

/**
 * Binance through its public `message(text, receivedAt, link)`: never throws, every tick is well
 * formed, at most one tick per message, and a data event for a watched symbol is a tick or a
 * counted refusal, never silently lost.
 */

const WATCHED = ['BTCUSDT', 'ETHUSDT']

const config = exchangeConfig('binance', 'bn', WATCHED)
const opened = () => openAdapter((sink) => new BinanceAdapter(config, sink), WATCHED)

/** The three data events the adapter reads, as the docs and the captures show them. */
const EVENTS: Record<string, unknown>[] = [
  { e: 'trade', E: 1723161255000, s: 'BTCUSDT', t: 3727453512, p: '60123.45', q: '0.001', T: 1723161254999 },
  {
    e: '24hrMiniTicker',
    E: 1601628771865,
    s: 'ETHUSDT',
    c: '1792.84',
    o: '1764.61',
    h: '1810',
    l: '1740',
    v: '471703.5',
    q: '0'
  },
  {
    u: 50093239212,
    s: 'BTCUSDT',
    b: '61837.63000000',
    B: '3.78826000',
    a: '61837.64000000',
    A: '1.54698000'
  },
  ...capturedObjects('binance.jsonl')
    .map((m) => m.data)
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
]

const event = fc.constantFrom(...EVENTS).chain((e) => mutated(e))

/** An event in the combined-stream envelope (or bare, as raw-stream endpoints send it). */
const eventMessage = fc.tuple(event, fc.boolean()).map(([data, wrapped]) => ({
  data,
  // A mutated `s` may be anything, even an object String() cannot convert: the stream name is only a label.
  text: toWire(
    wrapped
      ? { stream: `${typeof data.s === 'string' ? data.s.toLowerCase() : 'mutated'}@trade`, data }
      : data
  )
}))

/** Control traffic: answers, errors, LIST_SUBSCRIPTIONS results, shutdown notices, mutated. */
const controlMessage = fc
  .constantFrom<Record<string, unknown>>(
    { result: null, id: 1 },
    { result: ['btcusdt@trade', 'btcusdt@bookTicker'], id: 2 },
    { error: { code: 2, msg: 'Invalid request' }, id: 1 },
    { code: 3, msg: 'Invalid JSON' },
    { e: 'serverShutdown', E: 1723161255000 },
    { event: { e: 'serverShutdown', E: 1723161255000 } },
    { stream: 'btcusdt@trade', data: null }
  )
  .chain((m) => mutated(m))
  .map(toWire)

describe('BinanceAdapter.message (property)', () => {
  it('never throws on arbitrary text, and emits at most one well-formed tick per message', () => {
    assertNeverThrowsOnText(opened, 'bn', 1)
  })

  it('turns each mutated data event of a watched symbol into one tick or one refusal', () => {
    fc.assert(
      fc.property(eventMessage, ({ data, text }) => {
        const { sink, adapter, link } = opened()
        adapter.message(text, RECEIVED_AT, link)
        for (const tick of sink.ticks) {
          expectWellFormedTick(tick, 'bn', RECEIVED_AT)
          expect(WATCHED).toContain(tick.symbol)
        }
        const outcomes = sink.ticks.length + sink.malformedReasons.length
        if (typeof data.s === 'string' && WATCHED.includes(data.s)) expect(outcomes).toBe(1)
        else expect(outcomes).toBeLessThanOrEqual(1)
        if (sink.ticks.length === 1 && sink.ticks[0].time !== null) {
          // Binance event times pass the plausibility window (epoch ms, 1970 to ~year 5000).
          expect(sink.ticks[0].time).toBeGreaterThan(0)
          expect(sink.ticks[0].time).toBeLessThan(1e14)
        }
        adapter.closed()
      }),
      { numRuns: 500 }
    )
  })

  it('survives any interleaving of hostile control and data messages on one connection', () => {
    const message = fc.oneof(
      eventMessage.map((m) => m.text),
      controlMessage,
      arbitraryText,
      hostileValue.map(toWire)
    )
    assertSurvivesInterleaving(opened, 'bn', message, 1)
  })

  it('decodes valid trades back to their price, trade id and event time (round trip)', () => {
    const trade = fc.record({
      s: fc.constantFrom(...WATCHED),
      p: fc.double({ min: 0, max: 1e12, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
      t: fc.nat(),
      E: fc.integer({ min: 1, max: 99_999_999_999_999 })
    })
    fc.assert(
      fc.property(trade, ({ s, p, t, E }) => {
        const { sink, adapter, link } = opened()
        const data = { e: 'trade', E, s, t, p: String(p), q: '1', T: E, m: true, M: true }
        adapter.message(JSON.stringify({ stream: `${s.toLowerCase()}@trade`, data }), RECEIVED_AT, link)
        expect(sink.malformedReasons).toEqual([])
        expect(sink.ticks).toEqual([
          {
            source: 'bn',
            symbol: s,
            last: p,
            sequence: t,
            time: E,
            receivedAt: RECEIVED_AT,
            // "q": 1 and "m": true (the buyer made the market): a sale of 1.
            trade: { size: 1, side: 'sell' }
          }
        ])
        adapter.closed()
      }),
      { numRuns: 200 }
    )
  })
})
