import { describe, expect, it } from 'vitest'
import { compilePath, lookupPath } from '../../../src/main/engine/dottedPath'
import { guessEpochMs, parseIsoMs, toEpochMs } from '../../../src/main/engine/eventTime'
import { toValidNumber } from '../../../src/main/engine/numericValue'
import { renderSubscribe } from '../../../src/main/engine/subscribeTemplate'
import { stripCredentials } from '../../../src/main/engine/sourceUrl'

describe('dotted paths', () => {
  it('walks objects and array indices', () => {
    const msg = { data: { px: 1.5, levels: [{ p: 2 }, { p: 3 }] } }
    expect(lookupPath(msg, compilePath('data.px'))).toBe(1.5)
    expect(lookupPath(msg, compilePath('data.levels.1.p'))).toBe(3)
  })
  it('returns undefined for missing steps and through primitives', () => {
    expect(lookupPath({ a: 1 }, compilePath('b.c'))).toBeUndefined()
    expect(lookupPath({ a: 1 }, compilePath('a.b'))).toBeUndefined()
    expect(lookupPath(null, compilePath('a'))).toBeUndefined()
  })
})

describe('number validation', () => {
  it('accepts finite numbers and all-decimal strings', () => {
    expect(toValidNumber(123.45)).toBe(123.45)
    expect(toValidNumber('123.45')).toBe(123.45)
    expect(toValidNumber('-0.5')).toBe(-0.5)
    expect(toValidNumber('1e3')).toBe(1000)
    expect(toValidNumber(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER)
  })
  it('refuses non-numbers, partial numbers and huge magnitudes', () => {
    for (const bad of [
      'abc',
      '12abc',
      '',
      ' 1',
      '0x10',
      'NaN',
      'Infinity',
      null,
      true,
      {},
      [],
      1e300,
      -1e300,
      Infinity,
      NaN,
      '1e400'
    ]) {
      expect(toValidNumber(bad), String(bad)).toBeUndefined()
    }
    expect(toValidNumber(Number.MAX_SAFE_INTEGER + 2)).toBeUndefined()
  })
})

describe('time units', () => {
  const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 678)
  it('converts s, ms, us, ns to epoch ms', () => {
    expect(toEpochMs(ms / 1000, 's')).toBeCloseTo(ms, 3)
    expect(toEpochMs(ms, 'ms')).toBe(ms)
    expect(toEpochMs(ms * 1000 + 500, 'us')).toBeCloseTo(ms + 0.5, 6)
    expect(toEpochMs(String(ms) + '000000', 'ns')).toBeCloseTo(ms, 3)
    expect(toEpochMs(`${ms}`, 'ms')).toBe(ms)
  })
  it('parses ISO 8601 keeping microseconds and offsets', () => {
    expect(parseIsoMs('2024-01-02T03:04:05.678123Z')).toBeCloseTo(ms + 0.123, 6)
    expect(toEpochMs('2024-01-02T03:04:05Z', 'iso')).toBe(ms - 678)
    expect(parseIsoMs('2024-01-02T05:04:05.678+02:00')).toBe(ms)
    expect(parseIsoMs('2024-01-02T03:04:05.678')).toBe(ms)
  })
  it('refuses junk and implausible values', () => {
    expect(toEpochMs('yesterday', 'iso')).toBeUndefined()
    expect(toEpochMs(1234, 'iso')).toBeUndefined()
    expect(toEpochMs('abc', 'ms')).toBeUndefined()
    expect(toEpochMs(-5, 'ms')).toBeUndefined()
    expect(toEpochMs(ms, 's')).toBeUndefined()
  })
  it('guesses the unit of discovered times by magnitude', () => {
    expect(guessEpochMs(ms / 1000)).toBeCloseTo(ms, 3)
    expect(guessEpochMs(ms)).toBe(ms)
    expect(guessEpochMs(ms * 1000)).toBe(ms)
    expect(guessEpochMs(ms * 1e6)).toBeCloseTo(ms, 0)
    expect(guessEpochMs('2024-01-02T03:04:05.678Z')).toBe(ms)
    expect(guessEpochMs('soon')).toBeUndefined()
  })
})

describe('subscribe template', () => {
  it('replaces every exact "{{symbols}}" string deeply and nothing else', () => {
    const template = {
      op: 'sub',
      args: ['{{symbols}}', { nested: '{{symbols}}' }],
      note: 'x {{symbols}}',
      n: 1
    }
    expect(renderSubscribe(template, ['A', 'B'])).toEqual({
      op: 'sub',
      args: [['A', 'B'], { nested: ['A', 'B'] }],
      note: 'x {{symbols}}',
      n: 1
    })
    expect(template.args[0]).toBe('{{symbols}}')
  })
})

describe('source URLs', () => {
  it('strips credentials', () => {
    expect(stripCredentials('wss://user:secret@feed.example:9443/s?x=1')).toBe(
      'wss://feed.example:9443/s?x=1'
    )
  })
  it('masks secret query parameters but keeps the rest', () => {
    expect(
      stripCredentials('wss://feed.example/s?apikey=abc123&streams=btcusdt@trade&access_token=t0k')
    ).toBe('wss://feed.example/s?apikey=***&streams=btcusdt%40trade&access_token=***')
  })
})
