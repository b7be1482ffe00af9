import { describe, expect, it } from 'vitest'
import { decodeCoinbaseMessage } from '../../../../src/main/engine/market/coinbaseMessage'

/** The ticker example from the Coinbase Exchange WebSocket docs. */
const TICKER = {
  type: 'ticker',
  sequence: 37475248783,
  product_id: 'ETH-USD',
  price: '1285.22',
  open_24h: '1310.79',
  volume_24h: '245532.79269678',
  low_24h: '1280.52',
  high_24h: '1313.8',
  volume_30d: '9788783.60117027',
  best_bid: '1285.04',
  best_bid_size: '0.46688654',
  best_ask: '1285.27',
  best_ask_size: '1.56637040',
  side: 'buy',
  time: '2022-10-19T23:28:22.061769Z',
  trade_id: 370843401,
  last_size: '11.4396987'
}

const decode = (value: unknown) =>
  decodeCoinbaseMessage(typeof value === 'string' ? value : JSON.stringify(value))

describe('decodeCoinbaseMessage', () => {
  it('reads the documented ticker', () => {
    const m = decode(TICKER)
    expect(m).toMatchObject({
      kind: 'ticker',
      product: 'ETH-USD',
      last: 1285.22,
      bid: 1285.04,
      ask: 1285.27,
      open: 1310.79,
      volume: 245532.79269678,
      sequence: 37475248783,
      tradeId: 370843401
    })
    expect(m.kind === 'ticker' && m.time).toBeCloseTo(Date.parse('2022-10-19T23:28:22.061Z') + 0.769, 3)
  })

  it('leaves absent optional fields undefined and a missing time null', () => {
    expect(decode({ type: 'ticker', product_id: 'BTC-USD', price: '1', best_bid: null })).toEqual({
      kind: 'ticker',
      product: 'BTC-USD',
      last: 1,
      time: null
    })
  })

  it('reads heartbeat, subscriptions and error', () => {
    expect(
      decode({
        type: 'heartbeat',
        sequence: 90,
        last_trade_id: 20,
        product_id: 'BTC-USD',
        time: '2014-11-07T08:19:28.464459Z'
      })
    ).toEqual({ kind: 'heartbeat', product: 'BTC-USD', lastTradeId: 20 })
    const subs = decode({
      type: 'subscriptions',
      channels: [
        { name: 'ticker', product_ids: ['ETH-USD', 'BTC-USD'] },
        { name: 'heartbeat', product_ids: ['ETH-USD'] },
        'status'
      ]
    })
    expect(subs.kind === 'subscriptions' && Object.fromEntries(subs.channels)).toEqual({
      ticker: ['ETH-USD', 'BTC-USD'],
      heartbeat: ['ETH-USD'],
      status: []
    })
    expect(
      decode({ type: 'error', message: 'Failed to subscribe', reason: 'X-Y is not a valid product' })
    ).toEqual({
      kind: 'error',
      message: 'Failed to subscribe',
      reason: 'X-Y is not a valid product'
    })
  })

  it('ignores documented types of other channels', () => {
    expect(decode({ type: 'status', products: [] })).toEqual({ kind: 'ignored' })
    expect(decode({ type: 'l2update', product_id: 'BTC-USD', changes: [] })).toEqual({ kind: 'ignored' })
  })

  it.each([
    ['{oops', 'not valid JSON'],
    ['[]', 'message is not a JSON object'],
    ['null', 'message is not a JSON object'],
    ['{"price":"1"}', 'message has no "type"'],
    ['{"type":7}', '"type" is not a string'],
    ['{"type":"surprise"}', 'unknown message type "surprise"'],
    ['{"type":"ticker","price":"1"}', 'ticker without product_id'],
    ['{"type":"ticker","product_id":"A-B"}', 'A-B: ticker without price'],
    ['{"type":"ticker","product_id":"A-B","price":"1e400"}', 'A-B: price is not a valid number'],
    [
      '{"type":"ticker","product_id":"A-B","price":"1","best_ask":"x"}',
      'A-B: best_ask is not a valid number'
    ],
    ['{"type":"ticker","product_id":"A-B","price":"1","time":"soon"}', 'A-B: time is not an ISO 8601 time'],
    [
      '{"type":"ticker","product_id":"A-B","price":"1","trade_id":1.5}',
      'A-B: trade_id is not a whole number'
    ],
    ['{"type":"ticker","product_id":"A-B","price":"1","sequence":-1}', 'A-B: sequence is not a whole number'],
    ['{"type":"heartbeat","last_trade_id":1}', 'heartbeat without product_id'],
    ['{"type":"heartbeat","product_id":"A-B"}', 'A-B: heartbeat last_trade_id is not a whole number'],
    ['{"type":"subscriptions"}', 'subscriptions without channels'],
    ['{"type":"subscriptions","channels":[3]}', 'subscriptions channel is not an object']
  ])('refuses %s: %s', (text, reason) => {
    expect(decodeCoinbaseMessage(text)).toEqual({ kind: 'malformed', reason })
  })
})
