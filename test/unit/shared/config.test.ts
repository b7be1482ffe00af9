import { describe, expect, it } from 'vitest'
import { ConfigError, formatJsonPath, parseConfig } from '@shared/config'

const designExample = {
  market: [
    {
      id: 'desk',
      adapter: 'json',
      url: 'ws://10.0.0.5:9000/ticks',
      symbols: ['AAPL', 'MSFT'],
      mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', volume: 'v', time: 'E', timeUnit: 'ms' },
      subscribe: { op: 'subscribe', symbols: '{{symbols}}' }
    }
  ],
  telemetry: [
    {
      id: 'plant',
      url: 'mqtt://127.0.0.1:1883',
      protocolVersion: 5,
      username: 'ops',
      password: 'secret',
      clientId: 'tickwire-desk-3',
      clean: true,
      subscriptions: [{ topic: 'plant/+/temp', qos: 1 }],
      sensors: [
        {
          topic: 'plant/boiler1/temp',
          id: 'boiler1-temp',
          label: 'Boiler 1',
          unit: '°C',
          valuePath: 'value',
          timePath: 'ts',
          timeUnit: 'ms',
          min: 0,
          max: 120,
          warn: 80,
          alarm: 95,
          staleAfterMs: 10000
        }
      ]
    }
  ]
}

function refusal(value: unknown): ConfigError {
  try {
    parseConfig(JSON.stringify(value), 'desk.json')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error('expected the configuration to be refused')
}

function withMarket(patch: Record<string, unknown>) {
  return { ...designExample, market: [{ ...designExample.market[0], ...patch }] }
}

describe('parseConfig', () => {
  it('accepts the DESIGN.md example (json adapter) and fills defaults', () => {
    const config = parseConfig(JSON.stringify(designExample), 'desk.json')
    const desk = config.market[0]
    if (desk.adapter !== 'json') throw new Error('expected the json adapter')
    expect(desk.mapping.timeUnit).toBe('ms')
    expect(desk.maxMessageBytes).toBe(1024 * 1024)
    expect(config.market[0].staleAfterMs).toBe(30_000)
    expect(config.market[0].reconnect).toEqual({ initialDelayMs: 500, maxDelayMs: 30_000 })
    expect(config.telemetry[0].subscriptions[0].qos).toBe(1)
    expect(config.telemetry[0].sensors[0].unit).toBe('°C')
    expect(config.telemetry[0].keepaliveSec).toBe(30)
  })

  it('names the file and the JSON path of a bad field in one line', () => {
    const err = refusal(withMarket({ url: 'http://example.test/feed' }))
    expect(err.message).toBe('desk.json: $.market[0].url: must be a URL starting with ws:// or wss://')
    expect(err.message).not.toContain('\n')
  })

  it('refuses invalid JSON at $', () => {
    expect(() => parseConfig('{"market": [', 'broken.json')).toThrow(/^broken\.json: \$: not valid JSON/)
  })

  it('refuses unknown fields so typos are not silently ignored', () => {
    const err = refusal(withMarket({ symbolz: ['X'] }))
    expect(err.jsonPath).toBe('$.market[0]')
    expect(err.reason).toMatch(/symbolz/)
  })

  it('refuses a bad time unit with its path', () => {
    const err = refusal(withMarket({ mapping: { symbol: 's', price: 'p', timeUnit: 'minutes' } }))
    expect(err.jsonPath).toBe('$.market[0].mapping.timeUnit')
  })

  it('refuses a mapping without a price path', () => {
    expect(refusal(withMarket({ mapping: { symbol: 's' } })).jsonPath).toBe('$.market[0].mapping.price')
  })

  it('refuses duplicate source ids across market and telemetry', () => {
    const config = { ...designExample, telemetry: [{ ...designExample.telemetry[0], id: 'desk' }] }
    const err = refusal(config)
    expect(err.jsonPath).toBe('$.telemetry[0].id')
    expect(err.reason).toBe('duplicate source id "desk"')
  })

  it('refuses ids containing "/" because keys are <source>/<symbol>', () => {
    expect(refusal(withMarket({ id: 'a/b' })).jsonPath).toBe('$.market[0].id')
  })

  it('refuses a configuration with no sources', () => {
    expect(refusal({}).reason).toMatch(/no sources/)
  })

  it('refuses thresholds in the wrong order and inverted ranges', () => {
    const sensor = designExample.telemetry[0].sensors[0]
    const bad = (patch: Record<string, unknown>) => ({
      telemetry: [{ ...designExample.telemetry[0], sensors: [{ ...sensor, ...patch }] }]
    })
    expect(refusal(bad({ warn: 99, alarm: 95 })).jsonPath).toBe('$.telemetry[0].sensors[0].alarm')
    expect(refusal(bad({ min: 10, max: 5 })).jsonPath).toBe('$.telemetry[0].sensors[0].max')
    expect(refusal(bad({ topic: 'plant/+/temp' })).jsonPath).toBe('$.telemetry[0].sensors[0].topic')
  })

  it('refuses invalid topic filters and QoS', () => {
    const withSub = (sub: unknown) => ({
      telemetry: [{ ...designExample.telemetry[0], subscriptions: [sub] }]
    })
    expect(refusal(withSub({ topic: 'plant/#/x' })).jsonPath).toBe('$.telemetry[0].subscriptions[0].topic')
    expect(refusal(withSub({ topic: 'plant/a+' })).jsonPath).toBe('$.telemetry[0].subscriptions[0].topic')
    expect(refusal(withSub({ topic: 'plant/+', qos: 3 })).jsonPath).toBe(
      '$.telemetry[0].subscriptions[0].qos'
    )
    expect(() => parseConfig(JSON.stringify(withSub({ topic: '#' })), 'x.json')).not.toThrow()
    expect(() => parseConfig(JSON.stringify(withSub({ topic: 'a/+/b/#' })), 'x.json')).not.toThrow()
  })

  it('refuses a persistent session without a fixed client id', () => {
    const { clientId: _dropped, ...withoutId } = designExample.telemetry[0]
    const err = refusal({ telemetry: [{ ...withoutId, clean: false }] })
    expect(err.jsonPath).toBe('$.telemetry[0].clientId')
    expect(err.reason).toMatch(/persistent session/)
  })

  it('refuses a deadband that could never let a limit clear', () => {
    const sensor = designExample.telemetry[0].sensors[0]
    const err = refusal({
      telemetry: [{ ...designExample.telemetry[0], sensors: [{ ...sensor, deadband: 500 }] }]
    })
    expect(err.jsonPath).toBe('$.telemetry[0].sensors[0].deadband')
  })

  it('refuses duplicate sensor ids within a broker', () => {
    const sensor = designExample.telemetry[0].sensors[0]
    const err = refusal({ telemetry: [{ ...designExample.telemetry[0], sensors: [sensor, sensor] }] })
    expect(err.jsonPath).toBe('$.telemetry[0].sensors[1].id')
  })
})

describe('formatJsonPath', () => {
  it('uses dots for identifiers and brackets for indices and odd keys', () => {
    expect(formatJsonPath([])).toBe('$')
    expect(formatJsonPath(['market', 2, 'mapping', 'time'])).toBe('$.market[2].mapping.time')
    expect(formatJsonPath(['a b'])).toBe('$["a b"]')
  })
})
