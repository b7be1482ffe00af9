import { describe, expect, it } from 'vitest'
import { parseEngineMessage } from '@renderer/transport/engineMessage'

const good = {
  source: 'bn',
  adapter: 'binance',
  symbols: ['BTCUSDT', 'NOPE'],
  statuses: {
    NOPE: { status: 'rejected', detail: 'Invalid symbol' },
    BTCUSDT: { status: 'subscribed', detail: null }
  }
}

describe('parseEngineMessage watchlists', () => {
  it('keeps well-formed watchlists and verdicts', () => {
    expect(parseEngineMessage({ type: 'watchlists', watchlists: [good] })).toEqual({
      type: 'watchlists',
      watchlists: [good]
    })
  })

  it('drops broken lists, non-string symbols, unknown verdicts and verdicts on unwatched symbols', () => {
    const message = parseEngineMessage({
      type: 'watchlists',
      watchlists: [
        null,
        { source: 'x' },
        {
          source: 'd',
          symbols: ['A', 3, '', 'B'],
          statuses: {
            A: { status: 'maybe' },
            B: { status: 'rejected', detail: 5 },
            Z: { status: 'rejected' }
          }
        }
      ]
    })
    expect(message).toEqual({
      type: 'watchlists',
      watchlists: [
        {
          source: 'd',
          adapter: '',
          symbols: ['A', 'B'],
          statuses: { B: { status: 'rejected', detail: null } }
        }
      ]
    })
    expect(parseEngineMessage({ type: 'watchlists', watchlists: 'nope' })).toBeNull()
  })

  it('keeps the verdict of a symbol named like an Object property, as its own entry (found by a property test)', () => {
    const wire = JSON.parse(
      '{"type":"watchlists","watchlists":[{"source":"d","adapter":"json","symbols":["__proto__","toString","status"],' +
        '"statuses":{"__proto__":{"status":"rejected","detail":"no"}}}]}'
    ) as unknown
    const message = parseEngineMessage(wire)
    const list = message?.type === 'watchlists' ? message.watchlists[0] : undefined
    expect(Object.keys(list?.statuses ?? {})).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(list?.statuses, '__proto__')?.value).toEqual({
      status: 'rejected',
      detail: 'no'
    })
    // Nothing inherited: no verdict for "toString", and the prototype is untouched.
    expect(Object.hasOwn(list?.statuses ?? {}, 'toString')).toBe(false)
    expect(Object.getPrototypeOf(list?.statuses)).toBe(Object.prototype)
    expect((list?.statuses as Record<string, unknown>).status).toBeUndefined()
  })

  it('reads them from hello, and an older engine without them gives an empty list', () => {
    const hello = { type: 'hello', protocol: 1, engineTime: 1, demo: false, snapshot: {}, stats: null }
    const parsed = parseEngineMessage({ ...hello, watchlists: [good] })
    expect(parsed?.type === 'hello' && parsed.watchlists).toEqual([good])
    const older = parseEngineMessage(hello)
    expect(older?.type === 'hello' && older.watchlists).toEqual([])
  })
})
