import { describe, expect, it } from 'vitest'
import { marketSchema, type RelayMarketConfig } from '@shared/config'
import { encodeRepublished, republishTopic, type RepublishedTick } from '@shared/republish'
import { RelayIntake } from '../../../../src/main/engine/relay/relayIntake'
import { CollectingSink } from '../../../harness/collectingSink'

function relay(overrides: Record<string, unknown> = {}): RelayMarketConfig {
  const parsed = marketSchema.parse({
    id: 'desk',
    adapter: 'tickwire',
    url: 'mqtt://127.0.0.1:1883',
    prefix: 'md/eu',
    source: 'kraken',
    ...overrides
  })
  if (parsed.adapter !== 'tickwire') throw new Error('not a relay config')
  return parsed
}

const state = (symbol: string, fields: Partial<RepublishedTick> = {}): RepublishedTick => ({
  symbol,
  last: 100,
  bid: 99,
  ask: 101,
  volume: 5,
  changePct: 0.5,
  open: 99.5,
  sequence: 7,
  time: 1_000,
  receivedAt: 1_010,
  ...fields
})

function payload(tick: RepublishedTick): Uint8Array {
  const bytes = encodeRepublished(tick)
  if ('error' in bytes) throw new Error(bytes.error)
  return bytes
}

function topic(symbol: string, source = 'kraken'): string {
  const t = republishTopic('md/eu', source, symbol)
  if (typeof t !== 'string') throw new Error(t.error)
  return t
}

describe('RelayIntake', () => {
  it('turns a republished state back into the tick the collector had, stamped with both hops', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay(), sink)
    intake.receive(
      topic('BTC/USD'),
      payload(state('BTC/USD', { trade: { size: 0.5, side: 'sell' } })),
      false,
      1_030
    )
    expect(sink.messages).toBe(1)
    expect(sink.malformedReasons).toEqual([])
    expect(sink.ticks).toEqual([
      {
        source: 'desk',
        symbol: 'BTC/USD',
        last: 100,
        bid: 99,
        ask: 101,
        volume: 5,
        open: 99.5,
        changePct: 0.5,
        trade: { size: 0.5, side: 'sell' },
        time: 1_000,
        receivedAt: 1_030,
        relay: { at: 1_010, retained: false }
      }
    ])
    // The wire sequence stays with the collector: a conflated stream is not a gap.
    expect(sink.ticks[0].sequence).toBeUndefined()
  })

  it('leaves fields the collector never saw unset, and marks a retained copy', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay(), sink)
    const sparse = state('ETH/USD', {
      bid: null,
      ask: null,
      volume: null,
      changePct: null,
      open: null,
      time: null
    })
    intake.receive(topic('ETH/USD'), payload(sparse), true, 2_000)
    const tick = sink.ticks[0]
    expect(tick).toMatchObject({ last: 100, time: null, relay: { at: 1_010, retained: true } })
    for (const field of ['bid', 'ask', 'volume', 'changePct', 'open'] as const)
      expect(tick[field]).toBeUndefined()
  })

  it('counts what it cannot use as malformed, naming the topic or symbol, and never throws', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay(), sink)
    intake.receive('other/kraken/BTC%2FUSD', payload(state('BTC/USD')), false, 1)
    intake.receive(topic('BTC/USD', 'binance'), payload(state('BTC/USD')), false, 1)
    intake.receive(topic('BTC/USD'), new TextEncoder().encode('{"v":2}'), false, 1)
    intake.receive(topic('BTC/USD'), new TextEncoder().encode('not json'), false, 1)
    intake.receive(topic('BTC/USD'), payload(state('ETH/USD')), false, 1)
    intake.receive(topic('BTC/USD'), new Uint8Array([0xff, 0xfe]), false, 1)
    expect(sink.ticks).toEqual([])
    expect(sink.messages).toBe(6)
    expect(sink.malformedReasons).toHaveLength(6)
    expect(sink.malformedReasons[0]).toMatch(/^other\/kraken\/BTC%2FUSD: topic is not under "md\/eu\/"/)
    expect(sink.malformedReasons[1]).toMatch(/a tick of source "binance", not "kraken"/)
    expect(sink.malformedReasons[2]).toMatch(/^BTC\/USD: unknown payload version 2/)
    expect(sink.malformedReasons[3]).toMatch(/not JSON/)
    expect(sink.malformedReasons[4]).toMatch(/another symbol \("ETH\/USD"\)/)
    expect(sink.malformedReasons[5]).toMatch(/not UTF-8/)
  })

  it('ignores a deleted retained value and symbols no longer watched, without calling them bad', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay({ symbols: ['BTC/USD'] }), sink)
    intake.receive(topic('BTC/USD'), new Uint8Array(0), true, 1)
    intake.receive(topic('ETH/USD'), payload(state('ETH/USD')), false, 1)
    expect(sink.ticks).toEqual([])
    expect(sink.malformedReasons).toEqual([])
    intake.setSymbols([])
    intake.receive(topic('ETH/USD'), payload(state('ETH/USD')), false, 1)
    expect(sink.ticks.map((t) => t.symbol)).toEqual(['ETH/USD'])
  })

  it('reads its own id as the collector source when none is named', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay({ id: 'kraken', source: undefined }), sink)
    intake.receive(topic('BTC/USD'), payload(state('BTC/USD')), false, 5)
    expect(sink.ticks[0].source).toBe('kraken')
  })

  it('marks a copy it had, or one from before it subscribed, as old (no latency), and applies it', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay(), sink)
    intake.subscribing(1_005)
    // Received by the collector before the desk subscribed: a stored copy passed on as live.
    intake.receive(topic('BTC/USD'), payload(state('BTC/USD', { receivedAt: 1_000 })), false, 2_000)
    intake.receive(topic('BTC/USD'), payload(state('BTC/USD', { receivedAt: 1_010 })), false, 2_001)
    // The same value again (a bridge's retained copy after it came back): old.
    intake.receive(topic('BTC/USD'), payload(state('BTC/USD', { receivedAt: 1_010 })), false, 2_002)
    intake.receive(topic('BTC/USD'), payload(state('BTC/USD', { receivedAt: 1_020 })), false, 2_003)
    expect(sink.ticks.map((t) => t.relay?.retained)).toEqual([true, false, true, false])
  })

  it('refuses a topic too long or outside its prefix without keeping it', () => {
    const sink = new CollectingSink()
    const intake = new RelayIntake(relay({ source: undefined, id: 'kraken' }), sink)
    intake.receive(`md/eu/kraken/${'x'.repeat(70_000)}`, payload(state('BTC/USD')), false, 1)
    intake.receive('md/eu/binance/BTC', payload(state('BTC')), false, 1)
    expect(sink.malformedReasons).toHaveLength(2)
    expect(sink.malformedReasons[0]).toMatch(/topic longer than/)
    expect(sink.malformedReasons[0].length).toBeLessThan(700)
    expect(sink.malformedReasons[1]).toMatch(/source "binance", not "kraken"/)
  })
})
