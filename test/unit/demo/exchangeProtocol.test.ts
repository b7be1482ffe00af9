import { describe, expect, it } from 'vitest'
import { encodeQuote, parseExchangeCommand } from '../../../src/main/demo/exchangeProtocol'

describe('exchange protocol', () => {
  it('parses subscribe and unsubscribe commands', () => {
    expect(parseExchangeCommand('{"op":"subscribe","symbols":["AAPL","EURUSD"]}')).toEqual({
      op: 'subscribe',
      symbols: ['AAPL', 'EURUSD']
    })
    expect(parseExchangeCommand('{"op":"unsubscribe","symbols":[]}')).toEqual({
      op: 'unsubscribe',
      symbols: []
    })
  })

  it.each([
    '',
    'nope',
    '[]',
    'null',
    '{"op":"buy","symbols":[]}',
    '{"op":"subscribe","symbols":"AAPL"}',
    '{"op":"subscribe","symbols":[1]}'
  ])('refuses %j', (text) => {
    expect(parseExchangeCommand(text)).toBeNull()
  })

  it('encodes a quote with the documented short field names', () => {
    const text = encodeQuote({
      symbol: 'AAPL',
      last: 189.32,
      bid: 189.31,
      ask: 189.33,
      volume: 123400,
      size: 25,
      side: 'buy',
      sequence: 9,
      time: 1_700_000_000_123
    })
    expect(JSON.parse(text)).toEqual({
      s: 'AAPL',
      p: 189.32,
      b: 189.31,
      a: 189.33,
      v: 123400,
      E: 1_700_000_000_123,
      q: 9,
      z: 25,
      t: 'b'
    })
  })
})
