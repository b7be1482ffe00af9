import { describe, expect, it } from 'vitest'
import { parseEngineMessage } from '@renderer/transport/engineMessage'

const ticker = {
  key: 'desk/AAPL',
  source: 'desk',
  symbol: 'AAPL',
  last: 101.5,
  bid: 101.4,
  ask: 101.6,
  volume: 1000,
  changePct: 0.5,
  time: 1,
  receivedAt: 2,
  stale: false
}

describe('parseEngineMessage', () => {
  it('ignores garbage and unknown types', () => {
    for (const raw of [
      null,
      undefined,
      42,
      'frame',
      [],
      {},
      { type: 'nope' },
      { type: 'frame' },
      { type: 'pong', t0: 'x' }
    ]) {
      expect(parseEngineMessage(raw)).toBeNull()
    }
  })

  it('accepts a frame and drops only its broken entries', () => {
    const msg = parseEngineMessage({
      type: 'frame',
      seq: 3,
      sentAt: 10,
      tickers: [ticker, { key: 5 }, null, { ...ticker, key: 'desk/MSFT', last: 'NaN', bid: Infinity }],
      readings: [
        { key: 'p/t', value: { deep: 1 }, receivedAt: 1 },
        { key: 'p/v', value: NaN, receivedAt: 1 },
        { key: 'p/u', value: 20, receivedAt: 1, state: 'boiling' }
      ]
    })
    expect(msg?.type).toBe('frame')
    if (msg?.type !== 'frame') return
    expect(msg.tickers.map((t) => t.key)).toEqual(['desk/AAPL', 'desk/MSFT'])
    expect(msg.tickers[1].last).toBeNull()
    expect(msg.tickers[1].bid).toBeNull()
    expect(msg.readings).toHaveLength(1)
    // A frame carries values only; presentation arrives in "sensors" messages.
    expect(msg.readings[0]).toEqual({
      key: 'p/u',
      value: 20,
      kind: 'number',
      state: 'normal',
      time: null,
      receivedAt: 1,
      retained: false
    })
  })

  it('accepts a sensors message with defaults for missing presentation and drops broken entries', () => {
    const msg = parseEngineMessage({
      type: 'sensors',
      sensors: [{ key: 'p/u', label: 'Pump', decimals: 12, gauge: 'dial?' }, { key: 7 }, null]
    })
    expect(msg?.type).toBe('sensors')
    if (msg?.type !== 'sensors') return
    expect(msg.sensors).toHaveLength(1)
    expect(msg.sensors[0]).toMatchObject({
      key: 'p/u',
      source: 'p',
      sensorId: 'u',
      label: 'Pump',
      unit: '',
      decimals: null,
      gauge: 'radial',
      min: null
    })
    expect(parseEngineMessage({ type: 'sensors', sensors: 'x' })).toBeNull()
  })

  it('refuses a frame without a usable seq', () => {
    expect(parseEngineMessage({ type: 'frame', seq: -1, tickers: [], readings: [] })).toBeNull()
    expect(parseEngineMessage({ type: 'frame', seq: 1.5, tickers: [], readings: [] })).toBeNull()
  })

  it('accepts hello with a broken snapshot/stats as empty', () => {
    const msg = parseEngineMessage({
      type: 'hello',
      protocol: 1,
      engineTime: 5,
      demo: true,
      snapshot: 'x',
      stats: 7
    })
    expect(msg).toMatchObject({ type: 'hello', demo: true, snapshot: { tickers: [], readings: [] } })
    if (msg?.type === 'hello') expect(msg.stats.sources).toEqual([])
  })

  it('sanitizes stats so counters are never NaN and states are known', () => {
    const msg = parseEngineMessage({
      type: 'stats',
      stats: {
        uptimeMs: 5,
        windowMs: 60000,
        sources: [
          {
            id: 'desk',
            kind: 'market',
            state: 'weird',
            messages: NaN,
            ratePerSec: -3,
            latencyMs: { feed: { count: 2, p50: 'x', p95: 1.5 } }
          },
          { nope: 1 }
        ],
        display: null
      }
    })
    expect(msg?.type).toBe('stats')
    if (msg?.type !== 'stats') return
    expect(msg.stats.sources).toHaveLength(1)
    expect(msg.stats.sources[0]).toMatchObject({
      state: 'closed',
      messages: 0,
      ratePerSec: 0,
      latencyMs: { feed: { count: 2, p50: null, p95: 1.5, p99: null } }
    })
    expect(msg.stats.display).toEqual({
      frames: 0,
      superseded: 0,
      latencyMs: { count: 0, p50: null, p95: null, p99: null, max: null }
    })
  })

  it('passes pong and error through', () => {
    expect(parseEngineMessage({ type: 'pong', t0: 1, engineTime: 2 })).toEqual({
      type: 'pong',
      t0: 1,
      engineTime: 2
    })
    expect(parseEngineMessage({ type: 'error', message: 'bad' })).toEqual({ type: 'error', message: 'bad' })
  })
})

describe('internal errors in stats', () => {
  it('are read as a count and a bounded line; absent from older engines; 0 and null when broken', () => {
    const stats = (extra: Record<string, unknown>) =>
      parseEngineMessage({ type: 'stats', stats: { uptimeMs: 1, windowMs: 60_000, sources: [], ...extra } })
    expect(stats({ internalErrors: 2, lastInternalError: 'source a: open: Error: x' })).toMatchObject({
      stats: { internalErrors: 2, lastInternalError: 'source a: open: Error: x' }
    })
    const old = stats({})
    expect(old?.type === 'stats' && 'internalErrors' in old.stats).toBe(false)
    expect(stats({ internalErrors: -1, lastInternalError: 5 })).toMatchObject({
      stats: { internalErrors: 0, lastInternalError: null }
    })
    const long = stats({ internalErrors: 1, lastInternalError: 'x'.repeat(5_000) })
    expect(long?.type === 'stats' && long.stats.lastInternalError?.length).toBe(300)
  })
})
