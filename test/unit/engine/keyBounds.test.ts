import { describe, expect, it } from 'vitest'
import { symbolProblem } from '@shared/symbolRule'
import { MAX_SENSORS_PER_SOURCE, MAX_TICKERS_PER_SOURCE } from '@shared/limits'
import type { TelemetryConfig } from '@shared/config'
import { SensorCatalog } from '../../../src/main/engine/sensorCatalog'
import { type ChannelHost, SourceChannel, sensorIdProblem } from '../../../src/main/engine/sourceChannel'

function host(applied: string[] = []): ChannelHost {
  return {
    applyTick: () => false,
    applyReading: (r) => {
      applied.push(r.sensorId)
    },
    sensorDescribed: () => undefined,
    sensorsOffline: () => undefined,
    sourceStateChanged: () => undefined,
    sourceFault: () => undefined
  }
}

describe('key bounds', () => {
  it('symbols: 1-64 characters, no whitespace, control, bidi or invisible characters', () => {
    expect(symbolProblem('BTC/USD')).toBeNull()
    expect(symbolProblem('BTC-USD')).toBeNull()
    expect(symbolProblem('BRK B')).toBeNull()
    expect(symbolProblem('AAPL US Equity')).toBeNull()
    for (const spaced of ['BTC\u00a0', 'BTC\u3000', 'A\tB', 'A  B', ' A', 'A '])
      expect(symbolProblem(spaced), JSON.stringify(spaced)).toBe(
        'symbol has whitespace other than single spaces between characters'
      )
    expect(symbolProblem('x'.repeat(64))).toBeNull()
    expect(symbolProblem('x'.repeat(65))).toBe('symbol longer than 64 characters (65)')
    expect(symbolProblem('')).toBe('symbol is empty')
    // Look-alikes the review found: soft hyphen, combining grapheme joiner, a tag character,
    // a variation selector, a Hangul filler, a Mongolian vowel separator.
    for (const bad of [
      'AB\u202eCD',
      'A\u0000B',
      'A\u200bB',
      'A\u2066B',
      'BTC\u00ad',
      'BTC\u034f',
      'BTC\u{E0041}',
      'BTC\ufe0f',
      'BTC\u3164',
      'BTC\u180e'
    ])
      expect(symbolProblem(bad), JSON.stringify(bad)).toBe(
        'symbol has control, bidirectional or invisible characters'
      )
  })

  it('sensor ids: topic ≤ 512, discovered key path ≤ 256', () => {
    expect(sensorIdProblem('plant/boiler')).toBeNull()
    expect(sensorIdProblem(`${'t'.repeat(512)}#${'k'.repeat(256)}`)).toBeNull()
    expect(sensorIdProblem('t'.repeat(513))).toBe('topic longer than 512 characters (513)')
    expect(sensorIdProblem(`plant/x#${'k'.repeat(257)}`)).toBe('key path longer than 256 characters (257)')
    expect(sensorIdProblem('plant/x#a\u202eb')).toBe('has control, bidirectional or invisible characters')
  })
})

describe('exchange verdicts per source', () => {
  it('are bounded by forgetting the oldest, so the newest verdict always shows', () => {
    const channel = new SourceChannel('bn', 'market', 'wss://x', false, 30_000, null, host(), 0)
    for (let i = 0; i < 1_500; i++) channel.symbolStatus(`S${i}`, 'subscribed')
    channel.symbolStatus('NEW', 'rejected', 'not a symbol')
    expect(channel.symbolStatuses.size).toBe(1_000)
    expect(channel.symbolStatuses.get('NEW')).toEqual({ status: 'rejected', detail: 'not a symbol' })
    expect(channel.symbolStatuses.has('S0')).toBe(false)
    expect(channel.symbolStatuses.has('S1499')).toBe(true)
    expect(channel.stats(0).lastError).toBe('NEW: not a symbol')
  })
})

describe('keys per source', () => {
  it('a broker takes up to 10,000 sensors, then refuses new ones (old ones still update), counted', () => {
    expect(MAX_SENSORS_PER_SOURCE).toBe(10_000)
    expect(MAX_TICKERS_PER_SOURCE).toBe(2_000)
    const config = {
      id: 'plant',
      url: 'mqtt://x',
      subscriptions: [],
      sensors: []
    } as unknown as TelemetryConfig
    const applied: string[] = []
    const channel = new SourceChannel(
      'plant',
      'telemetry',
      'mqtt://x',
      false,
      30_000,
      new SensorCatalog(config),
      host(applied),
      0
    )
    const reading = (sensorId: string) => ({
      source: 'plant',
      sensorId,
      topic: sensorId,
      value: 1,
      time: null,
      receivedAt: 1,
      retained: false
    })
    for (let i = 0; i < MAX_SENSORS_PER_SOURCE + 3; i++) channel.reading(reading(`line/${i}`))
    channel.reading(reading('line/0'))
    expect(applied.length).toBe(MAX_SENSORS_PER_SOURCE + 1)
    expect(applied.at(-1)).toBe('line/0')
    const stats = channel.stats(2)
    expect(stats.malformed).toBe(3)
    expect(stats.lastMalformed).toBe(
      'line/10002: refused, this source already has 10000 sensors (narrow the subscriptions)'
    )
  })
})
