import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CoinbaseAdapter } from '../../../src/main/engine/market/coinbaseAdapter'
import { decodeCoinbaseMessage } from '../../../src/main/engine/market/coinbaseMessage'
import { capturedObjects } from '../support/captures'
import {
  assertNeverThrowsOnText,
  assertSurvivesInterleaving,
  exchangeConfig,
  openAdapter,
  RECEIVED_AT
} from '../support/exchangeAdapters'
import {
  arbitraryText,
  expectWellFormedTick,
  finiteDouble,
  hostileValue,
  mutated,
  toWire
} from '../support/hostile'

/**
 * Coinbase Exchange through its public `message(text, receivedAt, link)` and its decoder: never
 * throws, every tick is well formed, at most one tick per message, and a ticker for a watched
 * product is a tick or a counted refusal (the only silent drop is an out-of-order sequence, which
 * the feed documents as ignorable and which a fresh connection cannot have).
 */

const WATCHED = ['BTC-USD', 'ETH-USD']

const config = exchangeConfig('coinbase', 'cb', WATCHED)
const opened = () => openAdapter((sink) => new CoinbaseAdapter(config, sink), WATCHED)

const captured = capturedObjects('coinbase.jsonl', 'coinbase_exchange_2021.jsonl')

const TICKERS: Record<string, unknown>[] = [
  {
    type: 'ticker',
    sequence: 136382977700,
    product_id: 'BTC-USD',
    price: '81414.79',
    open_24h: '80926.37',
    volume_24h: '4779.82744103',
    best_bid: '81414.79',
    best_ask: '81414.80',
    side: 'sell',
    time: '2026-09-19T18:57:40.386328Z',
    trade_id: 1095325590,
    last_size: '0.00000012'
  },
  ...captured.filter((m) => m.type === 'ticker' && WATCHED.includes(m.product_id as string))
]

const OTHERS: Record<string, unknown>[] = [
  {
    type: 'heartbeat',
    sequence: 90,
    last_trade_id: 20,
    product_id: 'BTC-USD',
    time: '2014-11-07T08:19:28.464459Z'
  },
  {
    type: 'subscriptions',
    channels: [
      { name: 'ticker', product_ids: WATCHED },
      { name: 'heartbeat', product_ids: WATCHED }
    ]
  },
  { type: 'error', message: 'Failed to subscribe', reason: 'ETH-USD is not a valid product' },
  ...captured.filter((m) => m.type !== 'ticker')
]

const ticker = fc.constantFrom(...TICKERS).chain((t) => mutated(t))
const other = fc.constantFrom(...OTHERS).chain((m) => mutated(m))

describe('Coinbase decoding (property)', () => {
  it('never throws on arbitrary text, and emits at most one well-formed tick per message', () => {
    assertNeverThrowsOnText(opened, 'cb', 1)
  })

  it('turns each mutated ticker of a watched product into one tick or one refusal', () => {
    fc.assert(
      fc.property(ticker, (message) => {
        const { sink, adapter, link } = opened()
        adapter.message(toWire(message), RECEIVED_AT, link)
        for (const tick of sink.ticks) {
          expectWellFormedTick(tick, 'cb', RECEIVED_AT)
          expect(WATCHED).toContain(tick.symbol)
          expect(tick.last).toBeDefined()
        }
        const outcomes = sink.ticks.length + sink.malformedReasons.length
        const watchedProduct = typeof message.product_id === 'string' && WATCHED.includes(message.product_id)
        if (message.type === 'ticker' && watchedProduct) expect(outcomes).toBe(1)
        else expect(outcomes).toBeLessThanOrEqual(1)
      }),
      { numRuns: 500 }
    )
  })

  it('decodes every message kind without throwing, with finite numbers in what it returns', () => {
    fc.assert(
      fc.property(fc.oneof(ticker, other, hostileValue).map(toWire), (text) => {
        const decoded = decodeCoinbaseMessage(text)
        if (decoded.kind === 'ticker') {
          for (const v of [decoded.last, decoded.bid, decoded.ask, decoded.open, decoded.volume]) {
            if (v !== undefined) expect(Number.isFinite(v)).toBe(true)
          }
          for (const v of [decoded.sequence, decoded.tradeId]) {
            if (v !== undefined) expect(Number.isSafeInteger(v) && v >= 0).toBe(true)
          }
          expect(decoded.time === null || Number.isFinite(decoded.time)).toBe(true)
          expect(decoded.product.length).toBeGreaterThan(0)
        } else if (decoded.kind === 'heartbeat') {
          expect(Number.isSafeInteger(decoded.lastTradeId) && decoded.lastTradeId >= 0).toBe(true)
        } else if (decoded.kind === 'subscriptions') {
          for (const products of decoded.channels.values())
            for (const p of products) expect(typeof p).toBe('string')
        }
      }),
      { numRuns: 500 }
    )
  })

  it('survives any interleaving of hostile tickers, heartbeats, subscriptions and errors', () => {
    assertSurvivesInterleaving(
      opened,
      'cb',
      fc.oneof(ticker.map(toWire), other.map(toWire), arbitraryText),
      1
    )
  })

  it('decodes valid tickers back to their prices and time (round trip)', () => {
    const price = fc.double({ min: 0, max: 1e12, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v))
    const valid = fc.record(
      {
        product_id: fc.constantFrom(...WATCHED),
        price,
        best_bid: price,
        best_ask: price,
        open_24h: price,
        volume_24h: finiteDouble.filter((v) => Math.abs(v) <= Number.MAX_SAFE_INTEGER),
        time: fc.date({ min: new Date(1), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
      },
      { requiredKeys: ['product_id', 'price'] }
    )
    fc.assert(
      fc.property(valid, (t) => {
        const { sink, adapter, link } = opened()
        const wire = {
          type: 'ticker',
          product_id: t.product_id,
          price: String(t.price),
          ...(t.best_bid === undefined ? {} : { best_bid: String(t.best_bid) }),
          ...(t.best_ask === undefined ? {} : { best_ask: String(t.best_ask) }),
          ...(t.open_24h === undefined ? {} : { open_24h: String(t.open_24h) }),
          ...(t.volume_24h === undefined ? {} : { volume_24h: String(t.volume_24h) }),
          ...(t.time === undefined ? {} : { time: t.time.toISOString() })
        }
        adapter.message(JSON.stringify(wire), RECEIVED_AT, link)
        expect(sink.malformedReasons).toEqual([])
        expect(sink.ticks).toEqual([
          {
            source: 'cb',
            symbol: t.product_id,
            last: t.price,
            ...(t.best_bid === undefined ? {} : { bid: t.best_bid }),
            ...(t.best_ask === undefined ? {} : { ask: t.best_ask }),
            ...(t.open_24h === undefined ? {} : { open: t.open_24h }),
            ...(t.volume_24h === undefined ? {} : { volume: t.volume_24h }),
            time: t.time === undefined ? null : t.time.getTime(),
            receivedAt: RECEIVED_AT
          }
        ])
      }),
      { numRuns: 300 }
    )
  })
})
