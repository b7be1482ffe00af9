import { describe, expect, it } from 'vitest'
import type { JsonMapping } from '@shared/config'
import { MarketMessageDecoder } from '../../../src/main/engine/marketMessage'
import { CollectingSink } from '../../harness/collectingSink'

const mapping: JsonMapping = {
  symbol: 's',
  price: 'p',
  bid: 'q.b',
  ask: 'q.a',
  sequence: 'n',
  time: 'E',
  timeUnit: 'ms'
}

function decoder(symbols: string[] = []): { d: MarketMessageDecoder; sink: CollectingSink } {
  const sink = new CollectingSink()
  return { d: new MarketMessageDecoder('desk', mapping, symbols, sink), sink }
}

describe('market message decoding', () => {
  it('reads a trade where the size is mapped: its size and taker side', () => {
    const sink = new CollectingSink()
    const d = new MarketMessageDecoder('desk', { ...mapping, size: 'z', side: 'sd' }, [], sink)
    d.decode(
      JSON.stringify([
        { s: 'A', p: 1, z: '2.5', sd: 'BUY' },
        { s: 'A', p: 1, z: 3, sd: 's' },
        { s: 'A', p: 1, z: 4, sd: 'bid' },
        { s: 'A', p: 1 },
        { s: 'A', p: 1, z: -1 }
      ]),
      1
    )
    expect(sink.ticks.map((t) => t.trade)).toEqual([
      { size: 2.5, side: 'buy' },
      { size: 3, side: 'sell' },
      // "bid" says which book was hit, not who took: unknown rather than guessed.
      { size: 4, side: null },
      undefined
    ])
    expect(sink.malformedReasons).toEqual(['A: size is not a valid number'])
  })

  it('maps fields through dotted paths, including decimal strings', () => {
    const { d, sink } = decoder()
    d.decode(
      JSON.stringify({ s: 'AAPL', p: '187.5', q: { b: 187.4, a: '187.6' }, n: 7, E: 1_700_000_000_000 }),
      42
    )
    expect(sink.ticks).toEqual([
      {
        source: 'desk',
        symbol: 'AAPL',
        last: 187.5,
        bid: 187.4,
        ask: 187.6,
        sequence: 7,
        time: 1_700_000_000_000,
        receivedAt: 42
      }
    ])
  })
  it('handles array messages and leaves absent fields undefined', () => {
    const { d, sink } = decoder()
    d.decode(
      JSON.stringify([
        { s: 'A', p: 1 },
        { s: 'B', p: 2 }
      ]),
      1
    )
    expect(sink.ticks.map((t) => [t.symbol, t.last, t.bid, t.time])).toEqual([
      ['A', 1, undefined, null],
      ['B', 2, undefined, null]
    ])
  })
  it('ignores unlisted symbols without calling them malformed', () => {
    const { d, sink } = decoder(['A'])
    d.decode(
      JSON.stringify([
        { s: 'A', p: 1 },
        { s: 'Z', p: 2 }
      ]),
      1
    )
    expect(sink.ticks.map((t) => t.symbol)).toEqual(['A'])
    expect(sink.malformedReasons).toEqual([])
  })
  it('refuses bad JSON, missing fields, non-numeric strings, huge numbers and bad times', () => {
    const { d, sink } = decoder()
    const bad = [
      '{nope',
      '42',
      '{"p":1}',
      '{"s":"A"}',
      '{"s":"A","p":"abc"}',
      '{"s":"A","p":1e400}',
      '{"s":"A","p":1e300}',
      '{"s":"A","p":1,"q":{"b":"x"}}',
      '{"s":"A","p":1,"E":"later"}',
      '[]'
    ]
    for (const text of bad) d.decode(text, 1)
    expect(sink.ticks).toEqual([])
    expect(sink.malformedReasons).toHaveLength(bad.length)
    expect(sink.malformedReasons[0]).toBe('not valid JSON')
  })
})
