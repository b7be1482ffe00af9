import { afterEach, describe, expect, it, vi } from 'vitest'
import { BinanceAdapter, type BinanceMarketConfig } from '../../../../src/main/engine/market/binanceAdapter'
import { binanceSymbolProblem } from '../../../../src/main/engine/market/binanceEvents'
import { CollectingSink } from '../../../harness/collectingSink'
import { recordingAdapterLink as recordingLink } from '../../../harness/recordingAdapterLink'

function config(overrides: Partial<BinanceMarketConfig> = {}): BinanceMarketConfig {
  return {
    id: 'bn',
    adapter: 'binance',
    url: 'wss://stream.binance.com:9443/stream',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

function setup(overrides: Partial<BinanceMarketConfig> = {}) {
  const sink = new CollectingSink()
  const c = config(overrides)
  const adapter = new BinanceAdapter(c, sink)
  const link = recordingLink(sink)
  adapter.opened(link, c.symbols)
  const feed = (message: unknown, receivedAt = 1000): void =>
    adapter.message(typeof message === 'string' ? message : JSON.stringify(message), receivedAt, link)
  return { sink, adapter, link, feed }
}

const wrap = (stream: string, data: unknown) => ({ stream, data })
const trade = (s: string, t: number, p: string, E = 1_700_000_000_000) =>
  wrap(`${s.toLowerCase()}@trade`, { e: 'trade', E, s, t, p, q: '1', T: E - 1, m: true, M: true })
const mini = (s: string, o: string, c: string, v: string, E = 1_700_000_000_000) =>
  wrap(`${s.toLowerCase()}@miniTicker`, { e: '24hrMiniTicker', E, s, o, c, h: c, l: o, v, q: '0' })

afterEach(() => {
  vi.useRealTimers()
})

describe('BinanceAdapter', () => {
  it('keeps the bare combined-stream URL and subscribes every stream in one request', () => {
    const { adapter, link } = setup()
    expect(adapter.connectUrl('wss://stream.binance.com:9443/stream')).toBe(
      'wss://stream.binance.com:9443/stream'
    )
    expect(link.sent).toEqual([
      {
        method: 'SUBSCRIBE',
        params: [
          'btcusdt@trade',
          'btcusdt@bookTicker',
          'btcusdt@miniTicker',
          'ethusdt@trade',
          'ethusdt@bookTicker',
          'ethusdt@miniTicker'
        ],
        id: 1
      }
    ])
    expect(adapter.maxConnectionAgeMs).toBeLessThan(24 * 3_600_000)
    expect(adapter.maxConnectionAgeMs).toBeGreaterThan(23 * 3_600_000)
  })

  it('turns trade, bookTicker and miniTicker events into ticks with the right fields', () => {
    const { sink, feed } = setup()
    feed({ result: null, id: 1 })
    feed(mini('BTCUSDT', '60000', '60100.5', '99.5'))
    feed(wrap('btcusdt@bookTicker', { u: 7, s: 'BTCUSDT', b: '60100.1', B: '1', a: '60100.9', A: '2' }))
    feed(trade('BTCUSDT', 42, '60101.25'))
    feed(mini('BTCUSDT', '60000', '60090', '100.5', 1_700_000_000_500))
    expect(sink.ticks).toEqual([
      {
        source: 'bn',
        symbol: 'BTCUSDT',
        open: 60000,
        volume: 99.5,
        last: 60100.5,
        time: 1_700_000_000_000,
        receivedAt: 1000
      },
      { source: 'bn', symbol: 'BTCUSDT', bid: 60100.1, ask: 60100.9, time: null, receivedAt: 1000 },
      {
        source: 'bn',
        symbol: 'BTCUSDT',
        last: 60101.25,
        sequence: 42,
        time: 1_700_000_000_000,
        receivedAt: 1000,
        // "m": true, the buyer was the maker: the seller took liquidity.
        trade: { size: 1, side: 'sell' }
      },
      // After a trade, the mini ticker's close no longer overwrites the last trade price.
      {
        source: 'bn',
        symbol: 'BTCUSDT',
        open: 60000,
        volume: 100.5,
        time: 1_700_000_000_500,
        receivedAt: 1000
      }
    ])
    expect(sink.symbolStatuses).toEqual([
      { symbol: 'BTCUSDT', status: 'subscribed', detail: undefined },
      { symbol: 'ETHUSDT', status: 'subscribed', detail: undefined }
    ])
    expect(sink.malformedReasons).toEqual([])
  })

  it('reads raw-stream (unwrapped) events too, and microsecond times when the URL asks for them', () => {
    const { sink, feed } = setup({ url: 'wss://stream.binance.com:9443/ws?timeUnit=MICROSECOND' })
    feed({ e: 'trade', E: 1_700_000_000_000_123, s: 'ETHUSDT', t: 5, p: '3000', q: '1', T: 1 })
    expect(sink.ticks.map((t) => [t.symbol, t.last, t.time])).toEqual([
      ['ETHUSDT', 3000, 1_700_000_000_000.123]
    ])
  })

  it('reconnects on every documented form of serverShutdown', () => {
    for (const notice of [
      { e: 'serverShutdown', E: 1 },
      { event: { e: 'serverShutdown', E: 1 } },
      wrap('btcusdt@trade', { e: 'serverShutdown', E: 1 })
    ]) {
      const { link, feed, sink } = setup()
      feed(notice)
      expect(link.reconnects).toEqual(['Binance announced a server shutdown (serverShutdown)'])
      expect(sink.malformedReasons).toEqual([])
    }
  })

  it('counts garbage with a reason, ignores data for symbols no longer watched, never throws', () => {
    const { sink, feed, adapter, link } = setup()
    const cases: [unknown, string][] = [
      ['{oops', 'not valid JSON'],
      ['null', 'message is not a JSON object'],
      [wrap('x', 5), 'combined-stream "data" is not a JSON object'],
      [wrap('btcusdt@trade', { e: 'trade', E: 1 }), 'Binance event without a symbol "s"'],
      [trade('BTCUSDT', 1, 'NaN'), 'BTCUSDT: trade price "p" is not a valid number'],
      [trade('BTCUSDT', -1, '1'), 'BTCUSDT: trade id "t" is not a non-negative integer'],
      [trade('BTCUSDT', 1, '1', -5), 'BTCUSDT: trade event time "E" is not a valid time'],
      [mini('BTCUSDT', '1', '2', 'lots'), 'BTCUSDT: mini ticker "o", "c" or "v" is not a valid number'],
      [
        wrap('btcusdt@bookTicker', { u: 1, s: 'BTCUSDT', b: '', a: '1' }),
        'BTCUSDT: book ticker "b" or "a" is not a valid number'
      ],
      [
        wrap('btcusdt@depth', { e: 'depthUpdate', s: 'BTCUSDT' }),
        'unexpected Binance event type "depthUpdate"'
      ],
      [{ hello: 1 }, 'Binance event without a symbol "s"'],
      [{ result: null, id: 77 }, 'Binance answer to unknown request id 77'],
      [{ id: 1 }, 'Binance answer 1 has neither "result" nor "error"']
    ]
    for (const [message, reason] of cases) {
      expect(() => feed(message)).not.toThrow()
      expect(sink.malformedReasons.at(-1)).toBe(reason)
    }
    expect(sink.malformedReasons).toHaveLength(cases.length)
    adapter.symbolsChanged(link, [], ['ETHUSDT'], ['BTCUSDT'])
    feed(trade('ETHUSDT', 1, '1'))
    feed(trade('SOLUSDT', 1, '1'))
    expect(sink.ticks).toEqual([])
    expect(sink.malformedReasons).toHaveLength(cases.length)
  })

  it('attributes an error without an id to the oldest unanswered request', () => {
    const { sink, feed } = setup()
    feed({ code: 2, msg: 'Invalid request: invalid stream' })
    expect(sink.symbolStatuses.map((s) => [s.symbol, s.status, s.detail])).toEqual([
      ['BTCUSDT', 'rejected', 'Invalid request: invalid stream (code 2)'],
      ['ETHUSDT', 'rejected', 'Invalid request: invalid stream (code 2)']
    ])
    feed({ code: 2, msg: 'again' })
    expect(sink.malformedReasons).toEqual(['Binance error without a request: again (code 2)'])
    // Refused symbols are not watched: their data is ignored.
    feed(trade('BTCUSDT', 1, '1'))
    expect(sink.ticks).toEqual([])
  })

  it('refuses names Binance cannot have before asking, and more symbols than 1024 streams allow', () => {
    expect(binanceSymbolProblem('BTCUSDT')).toBeNull()
    expect(binanceSymbolProblem('币安人生USDT')).toBeNull()
    expect(binanceSymbolProblem('BTCUSDT_261225')).toBeNull()
    expect(binanceSymbolProblem('btcusdt')).toBe('Binance symbols are upper case: did you mean BTCUSDT?')
    expect(binanceSymbolProblem('BTC/USDT')).toMatch(/not a Binance symbol/)
    expect(binanceSymbolProblem('BTC@trade')).toMatch(/not a Binance symbol/)
    expect(binanceSymbolProblem('A'.repeat(33))).toMatch(/not a Binance symbol/)

    const many = Array.from({ length: 342 }, (_, i) => `S${i}USDT`)
    const { sink, link } = setup({ symbols: many })
    const sent = link.sent[0] as { params: string[] }
    expect(sent.params).toHaveLength(341 * 3)
    expect(sink.symbolStatuses).toEqual([
      {
        symbol: 'S341USDT',
        status: 'rejected',
        detail: 'Binance allows 1024 streams (341 symbols) per connection'
      }
    ])
  })

  it('paces control messages: at most one per 400 ms, merging what queued up', () => {
    vi.useFakeTimers()
    const { adapter, link, feed } = setup()
    feed({ result: null, id: 1 })
    adapter.symbolsChanged(link, ['SOLUSDT'], [], ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])
    adapter.symbolsChanged(link, [], ['ETHUSDT'], ['BTCUSDT', 'SOLUSDT'])
    adapter.symbolsChanged(link, ['XRPUSDT', 'ADAUSDT'], [], ['BTCUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'])
    expect(link.sent).toHaveLength(1)
    vi.advanceTimersByTime(399)
    expect(link.sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(link.sent.slice(1)).toEqual([
      { method: 'SUBSCRIBE', params: ['solusdt@trade', 'solusdt@bookTicker', 'solusdt@miniTicker'], id: 2 }
    ])
    vi.advanceTimersByTime(400)
    vi.advanceTimersByTime(400)
    expect(link.sent.slice(2)).toEqual([
      { method: 'UNSUBSCRIBE', params: ['ethusdt@trade', 'ethusdt@bookTicker', 'ethusdt@miniTicker'], id: 3 },
      {
        method: 'SUBSCRIBE',
        params: [
          'xrpusdt@trade',
          'xrpusdt@bookTicker',
          'xrpusdt@miniTicker',
          'adausdt@trade',
          'adausdt@bookTicker',
          'adausdt@miniTicker'
        ],
        id: 4
      }
    ])
    // The connection goes: the queue and its timer go with it.
    adapter.symbolsChanged(link, ['DOTUSDT'], [], ['BTCUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT', 'DOTUSDT'])
    adapter.closed()
    vi.advanceTimersByTime(2000)
    expect(link.sent).toHaveLength(4)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('probes a quiet connection with LIST_SUBSCRIPTIONS and resubscribes what the server lost', () => {
    vi.useFakeTimers()
    const { adapter, link, feed, sink } = setup({ watchdogMs: 3000 })
    feed({ result: null, id: 1 })
    adapter.everySecond(link, Date.now())
    expect(link.sent).toHaveLength(1)
    vi.advanceTimersByTime(1000)
    adapter.everySecond(link, Date.now())
    expect(link.sent.at(-1)).toEqual({ method: 'LIST_SUBSCRIPTIONS', id: 2 })
    adapter.everySecond(link, Date.now())
    expect(link.sent).toHaveLength(2)
    feed({ result: ['btcusdt@trade', 'btcusdt@bookTicker', 'btcusdt@miniTicker', 'ethusdt@trade'], id: 2 })
    expect(sink.gaps).toEqual([
      { symbol: 'ETHUSDT', detail: 'Binance no longer listed the subscription; subscribed again' }
    ])
    vi.advanceTimersByTime(400)
    expect(link.sent.at(-1)).toEqual({
      method: 'SUBSCRIBE',
      params: ['ethusdt@trade', 'ethusdt@bookTicker', 'ethusdt@miniTicker'],
      id: 3
    })
  })

  it('says so when an accepted symbol sends nothing: Binance accepts unlisted names', () => {
    vi.useFakeTimers()
    const { adapter, link, feed, sink } = setup({ staleAfterMs: 5000 })
    feed({ result: null, id: 1 })
    feed(trade('BTCUSDT', 1, '1'))
    vi.advanceTimersByTime(6000)
    adapter.everySecond(link, Date.now())
    expect(sink.symbolStatuses.slice(2)).toEqual([
      {
        symbol: 'ETHUSDT',
        status: 'subscribed',
        detail:
          'no data 6 s after Binance accepted it; Binance accepts unlisted symbols without error, so check the name'
      }
    ])
    adapter.everySecond(link, Date.now())
    expect(sink.symbolStatuses).toHaveLength(3)
    // Late data clears the warning.
    feed(trade('ETHUSDT', 1, '1'))
    expect(sink.symbolStatuses.at(-1)).toEqual({ symbol: 'ETHUSDT', status: 'subscribed', detail: undefined })
  })

  it('does not warn about a symbol whose data overtook the SUBSCRIBE answer', () => {
    vi.useFakeTimers()
    const { adapter, link, feed, sink } = setup({ staleAfterMs: 5000 })
    feed(trade('BTCUSDT', 1, '1'))
    feed(trade('ETHUSDT', 1, '1'))
    feed({ result: null, id: 1 })
    vi.advanceTimersByTime(6000)
    adapter.everySecond(link, Date.now())
    expect(sink.symbolStatuses.map((s) => s.detail)).toEqual([undefined, undefined])
  })

  it('starts request ids at 1 again on a new connection and resubscribes everything', () => {
    const { adapter, link } = setup()
    adapter.symbolsChanged(link, ['SOLUSDT'], [], ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])
    adapter.closed()
    const next = recordingLink(new CollectingSink())
    adapter.opened(next, ['BTCUSDT', 'SOLUSDT'])
    expect(next.sent).toEqual([
      {
        method: 'SUBSCRIBE',
        params: [
          'btcusdt@trade',
          'btcusdt@bookTicker',
          'btcusdt@miniTicker',
          'solusdt@trade',
          'solusdt@bookTicker',
          'solusdt@miniTicker'
        ],
        id: 1
      }
    ])
  })
})
