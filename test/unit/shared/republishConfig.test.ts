import { describe, expect, it } from 'vitest'
import { parseConfig } from '@shared/config'
import { ConfigError } from '@shared/configError'

const market = [
  { id: 'desk', adapter: 'json', url: 'ws://127.0.0.1:9000/', mapping: { symbol: 's', price: 'p' } },
  { id: 'kraken', adapter: 'kraken', symbols: ['BTC/USD'] }
]

function parse(republish: unknown) {
  return parseConfig(JSON.stringify({ market, republish }), 'collector.json')
}

function refusal(republish: unknown): string {
  try {
    parse(republish)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error('accepted')
}

describe('the republish section', () => {
  it('is optional', () => {
    expect(parseConfig(JSON.stringify({ market }), 'c.json').republish).toBeUndefined()
  })

  it('fills in its defaults, with the telemetry connection defaults', () => {
    expect(parse({ url: 'mqtt://broker:1883' })).toMatchObject({
      republish: {
        url: 'mqtt://broker:1883',
        protocolVersion: 5,
        keepaliveSec: 30,
        reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
        prefix: 'tickwire',
        qos: 0,
        intervalMs: 100,
        retain: false
      }
    })
    expect(parse({ url: 'mqtt://b' }).republish?.sources).toBeUndefined()
  })

  it('takes every connection field a telemetry entry takes', () => {
    const full = {
      url: 'mqtts://broker:8883',
      protocolVersion: 4,
      username: 'collector',
      password: 'pw',
      clientId: 'collector-1',
      keepaliveSec: 10,
      tls: { ca: 'ca.pem', servername: 'broker.example', rejectUnauthorized: true },
      reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
      prefix: 'md/eu',
      qos: 1,
      sources: ['kraken'],
      intervalMs: 250,
      retain: true
    }
    expect(parse(full).republish).toEqual(full)
  })

  it('refuses each bad field naming the file and its JSON path', () => {
    expect(refusal({ url: 'http://broker' })).toMatch(/^collector\.json: \$\.republish\.url: must be a URL/)
    expect(refusal({ url: 'mqtt://b', prefix: 'md/#' })).toBe(
      'collector.json: $.republish.prefix: must not contain the MQTT wildcards "+" or "#"'
    )
    expect(refusal({ url: 'mqtt://b', prefix: 'md/' })).toMatch(/^collector\.json: \$\.republish\.prefix: /)
    expect(refusal({ url: 'mqtt://b', prefix: '$SYS' })).toMatch(/\$\.republish\.prefix: must not start/)
    expect(refusal({ url: 'mqtt://b', qos: 2 })).toBe('collector.json: $.republish.qos: must be 0 or 1')
    expect(refusal({ url: 'mqtt://b', intervalMs: 5 })).toBe(
      'collector.json: $.republish.intervalMs: must be at least 10 ms'
    )
    expect(refusal({ url: 'mqtt://b', intervalMs: 600_000 })).toMatch(
      /\$\.republish\.intervalMs: must be at most/
    )
    expect(refusal({ url: 'mqtt://b', retain: 'yes' })).toMatch(/\$\.republish\.retain: /)
    expect(refusal({ url: 'mqtt://b', reconnect: { initialDelayMs: 900, maxDelayMs: 100 } })).toMatch(
      /\$\.republish\.reconnect\.maxDelayMs: /
    )
    expect(refusal({ url: 'mqtt://b', subscriptions: [] })).toMatch(
      /^collector\.json: \$\.republish: .*subscriptions/
    )
    expect(refusal({ prefix: 'md' })).toMatch(/\$\.republish\.url: /)
  })

  it('refuses source ids that are not market sources of the file, and duplicates', () => {
    expect(refusal({ url: 'mqtt://b', sources: ['desk', 'nope'] })).toBe(
      'collector.json: $.republish.sources[1]: "nope" is not a market source of this file'
    )
    expect(refusal({ url: 'mqtt://b', sources: ['desk', 'desk'] })).toBe(
      'collector.json: $.republish.sources[1]: "desk" is listed twice'
    )
    expect(refusal({ url: 'mqtt://b', sources: [] })).toMatch(
      /\$\.republish\.sources: must name at least one/
    )
    const withTelemetry = {
      market,
      telemetry: [{ id: 'plant', url: 'mqtt://b', subscriptions: [{ topic: '#' }] }],
      republish: { url: 'mqtt://b', sources: ['plant'] }
    }
    expect(() => parseConfig(JSON.stringify(withTelemetry), 'c.json')).toThrow(
      'c.json: $.republish.sources[0]: "plant" is not a market source of this file'
    )
  })
})
