import { describe, expect, it } from 'vitest'
import { KrakenAdapter, type KrakenMarketConfig } from '../../../../src/main/engine/market/krakenAdapter'
import { CollectingSink } from '../../../harness/collectingSink'
import { recordingAdapterLink as recordingLink } from '../../../harness/recordingAdapterLink'

function config(overrides: Partial<KrakenMarketConfig> = {}): KrakenMarketConfig {
  return {
    id: 'kr',
    adapter: 'kraken',
    url: 'wss://ws.kraken.com/v2',
    symbols: ['BTC/USD', 'ETH/USD'],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

function setup(overrides: Partial<KrakenMarketConfig> = {}) {
  const sink = new CollectingSink()
  const adapter = new KrakenAdapter(config(overrides), sink)
  const link = recordingLink(sink)
  adapter.opened(link, config(overrides).symbols)
  const feed = (message: unknown, receivedAt = 1000): void =>
    adapter.message(typeof message === 'string' ? message : JSON.stringify(message), receivedAt, link)
  return { sink, adapter, link, feed }
}

const btc = {
  symbol: 'BTC/USD',
  bid: 63500.1,
  bid_qty: 0.5,
  ask: 63500.2,
  ask_qty: 1.25,
  last: 63500.15,
  volume: 1234.5,
  vwap: 63000,
  low: 62000,
  high: 64000,
  change: 500.15,
  change_pct: 0.79
}

describe('KrakenAdapter', () => {
  it('subscribes to the ticker channel with a req_id on open', () => {
    const { link, adapter } = setup()
    expect(adapter.defaultWatchdogMs).toBe(10_000)
    expect(adapter.maxConnectionAgeMs).toBeNull()
    expect(adapter.connectUrl('wss://ws.kraken.com/v2')).toBe('wss://ws.kraken.com/v2')
    expect(link.sent).toEqual([
      { method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] }, req_id: 1 }
    ])
  })

  it('turns snapshot and update data into ticks: last, bid, ask, volume, change_pct, timestamp', () => {
    const { sink, feed } = setup()
    feed({ channel: 'ticker', type: 'snapshot', data: [btc] }, 5)
    feed({
      channel: 'ticker',
      type: 'update',
      data: [
        { ...btc, last: 63501, timestamp: '2024-05-01T12:00:00.123456Z' },
        { ...btc, symbol: 'ETH/USD', last: 3100.5, bid: '3100.4', change_pct: -1.5 }
      ]
    })
    expect(sink.ticks).toEqual([
      {
        source: 'kr',
        symbol: 'BTC/USD',
        last: 63500.15,
        bid: 63500.1,
        ask: 63500.2,
        volume: 1234.5,
        changePct: 0.79,
        time: null,
        receivedAt: 5
      },
      {
        source: 'kr',
        symbol: 'BTC/USD',
        last: 63501,
        bid: 63500.1,
        ask: 63500.2,
        volume: 1234.5,
        changePct: 0.79,
        time: expect.closeTo(Date.UTC(2024, 4, 1, 12, 0, 0, 123) + 0.456, 6) as number,
        receivedAt: 1000
      },
      {
        source: 'kr',
        symbol: 'ETH/USD',
        last: 3100.5,
        bid: 3100.4,
        ask: 63500.2,
        volume: 1234.5,
        changePct: -1.5,
        time: null,
        receivedAt: 1000
      }
    ])
    expect(sink.ticks[0].sequence).toBeUndefined()
    expect(sink.malformedReasons).toEqual([])
  })

  it('leaves fields a partial element lacks undefined', () => {
    const { sink, feed } = setup()
    feed({ channel: 'ticker', type: 'update', data: [{ symbol: 'BTC/USD', bid: 1, ask: 2 }] })
    expect(sink.ticks).toEqual([
      { source: 'kr', symbol: 'BTC/USD', bid: 1, ask: 2, time: null, receivedAt: 1000 }
    ])
  })

  it('treats heartbeat, status and pong as protocol, not malformed', () => {
    const { sink, feed } = setup()
    feed({ channel: 'heartbeat' })
    feed({
      channel: 'status',
      type: 'update',
      data: [{ version: '2.0.10', system: 'online', api_version: 'v2', connection_id: 7 }]
    })
    feed({
      method: 'pong',
      req_id: 3,
      time_in: '2024-05-01T12:00:00.000001Z',
      time_out: '2024-05-01T12:00:00.000002Z'
    })
    expect(sink.malformedReasons).toEqual([])
    expect(sink.ticks).toEqual([])
  })

  it('counts garbage with a clear reason and keeps the good elements of a message', () => {
    const { sink, feed } = setup()
    const bad: [unknown, string][] = [
      ['{nope', 'not valid JSON'],
      ['[1,2]', 'message is not a JSON object'],
      ['42', 'message is not a JSON object'],
      [{ hello: 1 }, 'message has neither channel nor method'],
      [{ channel: 'book', type: 'update', data: [] }, 'unexpected channel "book"'],
      [{ method: 'add_order' }, 'unexpected method "add_order"'],
      [
        { channel: 'ticker', type: 'delta', data: [btc] },
        'ticker message type is neither snapshot nor update'
      ],
      [{ channel: 'ticker', type: 'update', data: [] }, 'ticker message without data'],
      [{ channel: 'ticker', type: 'update' }, 'ticker message without data'],
      [{ channel: 'ticker', type: 'update', data: ['x'] }, 'ticker data element is not an object'],
      [{ channel: 'ticker', type: 'update', data: [{ last: 1 }] }, 'ticker without symbol'],
      [
        { channel: 'ticker', type: 'update', data: [{ symbol: 5, last: 1 }] },
        'ticker symbol is not a string'
      ],
      [
        { channel: 'ticker', type: 'update', data: [{ ...btc, last: 'abc' }] },
        'BTC/USD: last is not a valid number'
      ],
      [
        { channel: 'ticker', type: 'update', data: [{ ...btc, ask: 1e300 }] },
        'BTC/USD: ask is not a valid number'
      ],
      [
        { channel: 'ticker', type: 'update', data: [{ ...btc, change_pct: true }] },
        'BTC/USD: change_pct is not a valid number'
      ],
      [
        { channel: 'ticker', type: 'update', data: [{ symbol: 'BTC/USD', volume: 3 }] },
        'BTC/USD: ticker without last, bid or ask'
      ],
      [
        { channel: 'ticker', type: 'update', data: [{ ...btc, timestamp: 'yesterday' }] },
        'BTC/USD: timestamp is not an RFC 3339 time'
      ],
      [{ method: 'subscribe', result: { channel: 'ticker' } }, 'subscribe response without success']
    ]
    for (const [message] of bad) feed(message)
    expect(sink.malformedReasons).toEqual(bad.map(([, reason]) => reason))
    expect(sink.ticks).toEqual([])

    feed({
      channel: 'ticker',
      type: 'update',
      data: [
        { symbol: 'BTC/USD', last: 'x' },
        { ...btc, last: 7 }
      ]
    })
    expect(sink.ticks.map((t) => t.last)).toEqual([7])
    expect(sink.malformedReasons.at(-1)).toBe('BTC/USD: last is not a valid number')
  })

  it('ignores data for symbols no longer watched (in flight after an unsubscribe)', () => {
    const { sink, feed, adapter, link } = setup()
    adapter.symbolsChanged(link, [], ['ETH/USD'], ['BTC/USD'])
    feed({ channel: 'ticker', type: 'update', data: [{ ...btc, symbol: 'ETH/USD' }] })
    expect(sink.ticks).toEqual([])
    expect(sink.malformedReasons).toEqual([])
  })

  it('reports each acknowledgement as the symbol status, including refusals', () => {
    const { sink, feed } = setup({ symbols: ['BTC/USD', 'XBT/USD'] })
    feed({
      method: 'subscribe',
      result: { channel: 'ticker', event_trigger: 'trades', snapshot: true, symbol: 'BTC/USD' },
      success: true,
      time_in: '2024-05-01T12:00:00.000001Z',
      time_out: '2024-05-01T12:00:00.000002Z',
      req_id: 1
    })
    feed({
      error: 'Currency pair not supported XBT/USD',
      method: 'subscribe',
      success: false,
      symbol: 'XBT/USD',
      req_id: 1
    })
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'BTC/USD', status: 'subscribed', detail: undefined },
      { symbol: 'XBT/USD', status: 'rejected', detail: 'Currency pair not supported XBT/USD' }
    ])
    expect(sink.malformedReasons).toEqual([])
  })

  it('attributes a refusal that names no symbol through its req_id', () => {
    const { sink, feed, adapter, link } = setup({ symbols: ['BTC/USD'] })
    adapter.symbolsChanged(link, ['FOO/BAR', 'ETH/USD'], [], ['BTC/USD', 'FOO/BAR', 'ETH/USD'])
    expect(link.sent.at(-1)).toEqual({
      method: 'subscribe',
      params: { channel: 'ticker', symbol: ['FOO/BAR', 'ETH/USD'] },
      req_id: 2
    })
    // The error text names the pair.
    feed({ error: 'Currency pair not supported FOO/BAR', method: 'subscribe', success: false, req_id: 2 })
    // Names nothing: every still unanswered symbol of that request.
    adapter.symbolsChanged(link, ['A/B', 'C/D'], [], ['BTC/USD', 'FOO/BAR', 'ETH/USD', 'A/B', 'C/D'])
    feed({ method: 'subscribe', result: { channel: 'ticker', symbol: 'A/B' }, success: true, req_id: 3 })
    feed({ error: 'Exceeded subscription limit', method: 'subscribe', success: false, req_id: 3 })
    // Unknown req_id and no symbol: nothing to attribute it to.
    feed({ error: 'Internal error', method: 'subscribe', success: false, req_id: 99 })
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'FOO/BAR', status: 'rejected', detail: 'Currency pair not supported FOO/BAR' },
      { symbol: 'A/B', status: 'subscribed', detail: undefined },
      { symbol: 'C/D', status: 'rejected', detail: 'Exceeded subscription limit' }
    ])
    expect(sink.malformedReasons).toEqual(['subscribe refused without naming a symbol: Internal error'])
  })

  it('changes symbols live: unsubscribe the removed, subscribe the added, with fresh req_ids', () => {
    const { sink, link, adapter, feed } = setup()
    adapter.symbolsChanged(link, ['SOL/USD'], ['ETH/USD'], ['BTC/USD', 'SOL/USD'])
    expect(link.sent.slice(1)).toEqual([
      { method: 'unsubscribe', params: { channel: 'ticker', symbol: ['ETH/USD'] }, req_id: 2 },
      { method: 'subscribe', params: { channel: 'ticker', symbol: ['SOL/USD'] }, req_id: 3 }
    ])
    feed({
      method: 'unsubscribe',
      result: { channel: 'ticker', symbol: 'ETH/USD' },
      success: true,
      req_id: 2
    })
    feed({
      error: 'Subscription Not Found',
      method: 'unsubscribe',
      success: false,
      symbol: 'LTC/USD',
      req_id: 2
    })
    // LTC/USD was neither watched nor asked about: the exchange's word on it is not a verdict
    // (echoes of other symbols must not push real verdicts out of the bounded status map).
    expect(sink.symbolStatuses).toEqual([{ symbol: 'ETH/USD', status: 'unsubscribed', detail: undefined }])
  })

  it('pings at half the watchdog period, at most every 10 s', () => {
    const pingsAt = (watchdogMs: number | undefined, offsets: number[]): unknown[] => {
      const { link, adapter } = setup(watchdogMs === undefined ? {} : { watchdogMs })
      const t0 = Date.now()
      for (const offset of offsets) adapter.everySecond(link, t0 + offset)
      return link.sent.slice(1)
    }
    // Default watchdog 10 s: a ping every 5 s.
    expect(pingsAt(undefined, [4_000, 5_100, 6_100, 9_000])).toEqual([{ method: 'ping', req_id: 2 }])
    expect(pingsAt(undefined, [5_100, 10_200])).toEqual([
      { method: 'ping', req_id: 2 },
      { method: 'ping', req_id: 3 }
    ])
    expect(pingsAt(3_000, [1_600, 3_200])).toEqual([
      { method: 'ping', req_id: 2 },
      { method: 'ping', req_id: 3 }
    ])
    expect(pingsAt(60_000, [9_000, 10_100, 19_000])).toEqual([{ method: 'ping', req_id: 2 }])
  })

  it('forgets pending requests when the connection closes', () => {
    const { sink, adapter, link, feed } = setup()
    adapter.closed()
    adapter.opened(link, ['BTC/USD', 'ETH/USD'])
    expect(link.sent.at(-1)).toEqual({
      method: 'subscribe',
      params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] },
      req_id: 2
    })
    // An answer to the old connection's request id names no symbol and is not attributable.
    feed({ error: 'late', method: 'subscribe', success: false, req_id: 1 })
    expect(sink.symbolStatuses).toEqual([])
    expect(sink.malformedReasons).toEqual(['subscribe refused without naming a symbol: late'])
  })
})
