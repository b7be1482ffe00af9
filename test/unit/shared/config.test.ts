import { describe, expect, it } from 'vitest'
import { parseConfig } from '@shared/config'
import { ConfigError, formatJsonPath } from '@shared/configError'

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

describe('configuration edge cases (issue 7)', () => {
  const refusal = (text: string): [string, string] => {
    try {
      parseConfig(text, 'desk.json')
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      return [(err as ConfigError).jsonPath, (err as ConfigError).reason]
    }
    throw new Error('accepted')
  }
  const market = (extra: Record<string, unknown> = {}) => ({
    id: 'desk',
    adapter: 'json',
    url: 'ws://127.0.0.1:9000/',
    mapping: { symbol: 's', price: 'p' },
    ...extra
  })

  it('refuses duplicate keys, naming the key (JSON.parse silently kept the last)', () => {
    const one = JSON.stringify([market()])
    expect(refusal(`{"market":${one},"market":${one}}`)).toEqual(['$.market', 'duplicate key "market"'])
    expect(refusal(`{"market":[{"id":"a","id":"b"}]}`)).toEqual(['$.market[0].id', 'duplicate key "id"'])
    // The same key spelt with an escape is the same key.
    expect(refusal(`{"market":${one},"m\\u0061rket":${one}}`)).toEqual(['$.market', 'duplicate key "market"'])
    // Equal keys in different objects are fine.
    expect(() =>
      parseConfig(JSON.stringify({ market: [market(), market({ id: 'desk2' })] }), 'd.json')
    ).not.toThrow()
  })

  it('bounds nesting: a subscribe template 5000 deep is refused with its path, not a stack overflow', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    const text = `{"market":[{"id":"desk","adapter":"json","url":"ws://127.0.0.1:1/","mapping":{"symbol":"s","price":"p"},"subscribe":${deep}}]}`
    const [path, reason] = refusal(text)
    expect(reason).toBe('nested deeper than 32 levels')
    expect(path.startsWith('$.market[0].subscribe[0][0]')).toBe(true)
    const fine = '['.repeat(20) + '"{{symbols}}"' + ']'.repeat(20)
    expect(() =>
      parseConfig(JSON.stringify({ market: [market({ subscribe: JSON.parse(fine) })] }), 'd.json')
    ).not.toThrow()
  })

  it('caps symbols per source at 500 and refuses control, bidi and whitespace characters in symbols', () => {
    const symbols = Array.from({ length: 501 }, (_, i) => `S${i}`)
    expect(refusal(JSON.stringify({ market: [market({ symbols })] }))).toEqual([
      '$.market[0].symbols',
      'at most 500 symbols per source'
    ])
    expect(() =>
      parseConfig(JSON.stringify({ market: [market({ symbols: symbols.slice(0, 500) })] }), 'd.json')
    ).not.toThrow()
    for (const bad of ['AB\u202eCD', 'A\u0000B', 'A\tB', 'A  B', ' A', 'A\u00a0B', 'A\u200bB']) {
      expect(
        refusal(JSON.stringify({ market: [market({ symbols: ['OK', bad] })] }))[0],
        JSON.stringify(bad)
      ).toBe('$.market[0].symbols[1]')
    }
  })

  it('refuses over-long topics and labels with control or bidi characters', () => {
    const telemetry = (extra: Record<string, unknown>) => ({
      telemetry: [
        { id: 'plant', url: 'mqtt://127.0.0.1:1883', subscriptions: [{ topic: 'plant/#' }], ...extra }
      ]
    })
    expect(
      refusal(JSON.stringify(telemetry({ subscriptions: [{ topic: 'p/'.repeat(300) + '#' }] })))[0]
    ).toBe('$.telemetry[0].subscriptions[0].topic')
    const sensor = { topic: 'plant/a', id: 'a', label: 'Boiler\u202e1' }
    expect(refusal(JSON.stringify(telemetry({ sensors: [sensor] })))).toEqual([
      '$.telemetry[0].sensors[0].label',
      'must not contain control, bidirectional or invisible characters'
    ])
    expect(refusal(JSON.stringify(telemetry({ staleAfterMs: 1 })))).toEqual([
      '$.telemetry[0].staleAfterMs',
      'must be at least 1000 ms'
    ])
  })
})

describe('${env:NAME} references (issue 8)', () => {
  const feed = (extra: Record<string, unknown>) =>
    JSON.stringify({
      market: [
        {
          id: 'desk',
          adapter: 'json',
          url: 'ws://127.0.0.1:9000/',
          mapping: { symbol: 's', price: 'p' },
          ...extra
        }
      ]
    })

  it('are replaced in any string from the environment given', () => {
    const config = parseConfig(
      feed({ url: 'wss://${env:FEED_HOST}/ticks?token=${env:FEED_TOKEN}', symbols: ['${env:SYM}'] }),
      'desk.json',
      { FEED_HOST: 'feed.example:9443', FEED_TOKEN: 's3cret', SYM: 'AAPL' }
    )
    expect(config.market[0].url).toBe('wss://feed.example:9443/ticks?token=s3cret')
    expect(config.market[0].symbols).toEqual(['AAPL'])
  })

  it('refuse the file naming the variable and the JSON path when one is not set', () => {
    try {
      parseConfig(feed({ symbols: ['A', 'B ${env:NOPE_NOT_SET}'] }), 'desk.json', {})
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).message).toBe(
        'desk.json: $.market[0].symbols[1]: environment variable NOPE_NOT_SET is not set'
      )
    }
  })

  it('leave text that only looks similar alone, and validate what the substitution produced', () => {
    expect(parseConfig(feed({ symbols: ['${envX}'] }), 'd.json', {}).market[0].symbols).toEqual(['${envX}'])
    // The substituted value goes through the schema like any other: a tab in a symbol is refused.
    expect(() => parseConfig(feed({ symbols: ['${env:S}'] }), 'd.json', { S: 'A\tB' })).toThrow(
      /\$\.market\[0\]\.symbols\[0\]: symbol has whitespace/
    )
  })
})
