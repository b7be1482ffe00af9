import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KrakenAdapter } from '../../../src/main/engine/market/krakenAdapter'
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
 * Kraken v2 through its public `message(text, receivedAt, link)`: never throws, every tick is
 * well formed, no more ticks than `data` elements, and every element about a watched symbol is a
 * tick or a counted refusal.
 */

const WATCHED = ['BTC/USD', 'ETH/USD']

const config = exchangeConfig('kraken', 'kr', WATCHED)
const opened = () => openAdapter((sink) => new KrakenAdapter(config, sink), WATCHED)

const captured = capturedObjects('kraken.jsonl', 'kraken_extra_2024.jsonl')

const ELEMENTS: Record<string, unknown>[] = [
  {
    symbol: 'BTC/USD',
    bid: 81413.2,
    bid_qty: 0.26067066,
    ask: 81413.3,
    ask_qty: 0.17418936,
    last: 81413.2,
    volume: 2208.75208029,
    vwap: 81232.4,
    low: 80823.7,
    high: 81915.0,
    change: 558.4,
    change_pct: 0.69,
    timestamp: '2026-09-19T18:57:42.076589Z'
  },
  ...captured
    .filter((m) => m.channel === 'ticker' && Array.isArray(m.data))
    .flatMap((m) => m.data as Record<string, unknown>[])
]

const OTHERS: Record<string, unknown>[] = [
  { channel: 'heartbeat' },
  { method: 'pong', req_id: 3 },
  {
    method: 'subscribe',
    result: { channel: 'ticker', symbol: 'BTC/USD' },
    success: true,
    req_id: 1,
    time_in: '2026-09-19T18:57:42.603536Z'
  },
  {
    error: 'Currency pair not supported XBT/USD',
    method: 'subscribe',
    success: false,
    symbol: 'XBT/USD',
    req_id: 1
  },
  { error: 'Unsupported event', method: 'subscribe', req_id: 1, success: false },
  ...captured.filter((m) => m.channel !== 'ticker')
]

const element = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ELEMENTS).chain((e) => mutated(e)) },
  { weight: 1, arbitrary: hostileValue }
)

const tickerMessage = fc
  .record({
    type: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('snapshot', 'update') },
      { weight: 1, arbitrary: hostileValue }
    ),
    data: fc.oneof(
      { weight: 8, arbitrary: fc.array(element, { minLength: 1, maxLength: 20 }) },
      { weight: 1, arbitrary: hostileValue }
    )
  })
  .map(({ type, data }) => ({ channel: 'ticker', type, data }))

const other = fc.constantFrom(...OTHERS).chain((m) => mutated(m))

const isWatched = (item: unknown): boolean =>
  typeof item === 'object' &&
  item !== null &&
  !Array.isArray(item) &&
  WATCHED.includes((item as Record<string, unknown>).symbol as string)

describe('KrakenAdapter.message (property)', () => {
  it('never throws on arbitrary text, and every tick is well formed', () => {
    assertNeverThrowsOnText(opened, 'kr', null)
  })

  it('accounts for every data element of a mutated ticker message', () => {
    fc.assert(
      fc.property(tickerMessage, (message) => {
        const { sink, adapter, link } = opened()
        adapter.message(toWire(message), RECEIVED_AT, link)
        for (const tick of sink.ticks) {
          expectWellFormedTick(tick, 'kr', RECEIVED_AT)
          expect(WATCHED).toContain(tick.symbol)
          expect(tick.last !== undefined || tick.bid !== undefined || tick.ask !== undefined).toBe(true)
        }
        const data = message.data
        const readable =
          (message.type === 'snapshot' || message.type === 'update') && Array.isArray(data) && data.length > 0
        if (!readable) {
          expect(sink.ticks).toEqual([])
          expect(sink.malformedReasons).toHaveLength(1)
          return
        }
        const elements = data as unknown[]
        const outcomes = sink.ticks.length + sink.malformedReasons.length
        expect(outcomes).toBeLessThanOrEqual(elements.length)
        // Only elements for symbols nobody watches may pass silently.
        expect(outcomes).toBeGreaterThanOrEqual(elements.filter(isWatched).length)
      }),
      { numRuns: 500 }
    )
  })

  it('survives any interleaving of hostile ticker, status and method messages', () => {
    const message = fc.oneof(tickerMessage.map(toWire), other.map(toWire), arbitraryText)
    assertSurvivesInterleaving(opened, 'kr', message, null)
  })

  it('decodes valid ticker elements back to their numbers and timestamp (round trip)', () => {
    const num = fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v))
    const valid = fc.record(
      {
        symbol: fc.constantFrom(...WATCHED),
        last: num,
        bid: num,
        ask: num,
        volume: num,
        change_pct: num,
        timestamp: fc.date({
          min: new Date(1),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true
        })
      },
      { requiredKeys: ['symbol', 'last'] }
    )
    fc.assert(
      fc.property(fc.array(valid, { minLength: 1, maxLength: 10 }), (items) => {
        const { sink, adapter, link } = opened()
        const data = items.map((i) => ({ ...i, timestamp: i.timestamp?.toISOString() }))
        adapter.message(JSON.stringify({ channel: 'ticker', type: 'update', data }), RECEIVED_AT, link)
        expect(sink.malformedReasons).toEqual([])
        expect(sink.ticks).toEqual(
          items.map((i) => ({
            source: 'kr',
            symbol: i.symbol,
            last: i.last,
            ...(i.bid === undefined ? {} : { bid: i.bid }),
            ...(i.ask === undefined ? {} : { ask: i.ask }),
            ...(i.volume === undefined ? {} : { volume: i.volume }),
            ...(i.change_pct === undefined ? {} : { changePct: i.change_pct }),
            time: i.timestamp === undefined ? null : i.timestamp.getTime(),
            receivedAt: RECEIVED_AT
          }))
        )
      }),
      { numRuns: 300 }
    )
  })
})
