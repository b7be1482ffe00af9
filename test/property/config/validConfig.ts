import fc from 'fast-check'
import { GAUGE_STYLES } from '@shared/sensorSettings'
import { TIME_UNITS } from '@shared/config'

/**
 * A generator of valid configuration files (as the JSON value a user would write), inside every
 * documented bound: ids unique across market and telemetry, limits ordered, symbols plain.
 */

type Json = Record<string, unknown>

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/)
const dottedPath = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}(\.[a-z0-9_]{1,8}){0,3}$/)
const symbol = fc.oneof(
  fc.constantFrom('BTCUSDT', 'ETH-USD', 'BTC/USD', 'AAPL', 'EURUSD'),
  fc.stringMatching(/^[A-Z0-9][A-Z0-9/_.-]{0,63}$/)
)
const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ()%.-]{0,78}[A-Za-z0-9)]$/)
const ms = fc.integer({ min: 1_000, max: 86_400_000 })
const reconnect = fc
  .tuple(fc.integer({ min: 1, max: 86_400_000 }), fc.integer({ min: 1, max: 86_400_000 }))
  .map(([a, b]) => ({ initialDelayMs: Math.min(a, b), maxDelayMs: Math.max(a, b) }))
const tls = fc.record(
  {
    ca: fc.constantFrom('ca.pem', 'certs/ca.crt'),
    servername: fc.constantFrom('broker.example.com', 'feed.local'),
    rejectUnauthorized: fc.boolean()
  },
  { requiredKeys: ['rejectUnauthorized'] }
)
const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v))

/** A subscribe template: shallow JSON with the `{{symbols}}` token somewhere, finite numbers. */
const subscribe = fc.record({
  op: fc.constantFrom('subscribe', 'sub'),
  symbols: fc.constant('{{symbols}}'),
  args: fc.array(fc.oneof(word, finite, fc.boolean(), fc.constant(null)), { maxLength: 4 })
})

const alert = fc
  .record({ symbol, above: finite, below: finite, label }, { requiredKeys: ['symbol'] })
  .filter((a) => a.above !== undefined || a.below !== undefined)

const marketCommon = {
  symbols: fc.uniqueArray(symbol, { minLength: 1, maxLength: 20 }),
  staleAfterMs: ms,
  reconnect,
  maxMessageBytes: fc.integer({ min: 1_024, max: 64 * 1024 * 1024 })
}
const marketOptional = fc.record(
  {
    tls,
    watchdogMs: fc.integer({ min: 1_000, max: 600_000 }),
    alerts: fc.array(alert, { maxLength: 5 })
  },
  { requiredKeys: [] }
)

const jsonMarket = fc
  .record({
    ...marketCommon,
    adapter: fc.constant('json'),
    url: fc.constantFrom('ws://10.0.0.5:9000/ticks', 'wss://feed.example.com/v1', 'ws://127.0.0.1:8080'),
    mapping: fc
      .record(
        {
          symbol: dottedPath,
          price: dottedPath,
          bid: dottedPath,
          ask: dottedPath,
          volume: dottedPath,
          time: dottedPath,
          timeUnit: fc.constantFrom(...TIME_UNITS)
        },
        { requiredKeys: ['symbol', 'price', 'timeUnit'] }
      )
      .map((m) => m as Json),
    extra: fc.record({ subscribe }, { requiredKeys: [] })
  })
  .map(({ extra, ...m }) => ({ ...m, ...extra }) as Json)

const exchangeMarket = fc
  .record({
    ...marketCommon,
    adapter: fc.constantFrom('binance', 'coinbase', 'kraken'),
    url: fc.constantFrom(
      'wss://stream.binance.com:9443/stream',
      'wss://ws-feed.exchange.coinbase.com',
      'wss://ws.kraken.com/v2'
    )
  })
  .map((m) => m as Json)

const market = fc
  .tuple(fc.oneof(jsonMarket, exchangeMarket), marketOptional)
  .map(([m, optional]) => ({ ...m, ...optional }) as Json)

/** Sensor limits: strictly increasing levels, a subset of them kept, a deadband inside the span. */
const limits = fc
  .record({
    levels: fc.uniqueArray(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 6, maxLength: 6 }),
    keep: fc.subarray(['min', 'max', 'lowAlarm', 'lowWarn', 'warn', 'alarm'] as const),
    deadbandShare: fc.constantFrom(0, 0.1, 0.5)
  })
  .map(({ levels, keep, deadbandShare }) => {
    const sorted = [...levels].sort((a, b) => a - b)
    // min below every level, max above every level, the four limits in order between.
    const at = {
      min: sorted[0],
      lowAlarm: sorted[1],
      lowWarn: sorted[2],
      warn: sorted[3],
      alarm: sorted[4],
      max: sorted[5]
    }
    const out: Json = {}
    for (const field of keep) out[field] = at[field]
    const present = (['lowAlarm', 'lowWarn', 'warn', 'alarm'] as const).filter((f) => keep.includes(f))
    const span =
      keep.includes('min') && keep.includes('max')
        ? at.max - at.min
        : present.length >= 2
          ? at[present[present.length - 1]] - at[present[0]]
          : null
    if (span !== null && deadbandShare > 0) out.deadband = span * deadbandShare
    return out
  })

const topic = fc.stringMatching(/^[a-z0-9]{1,8}(\/[a-z0-9]{1,8}){0,4}$/)
const sensor = (id: string) =>
  fc
    .tuple(
      fc.record(
        {
          topic,
          valuePath: dottedPath,
          timePath: dottedPath,
          timeUnit: fc.constantFrom(...TIME_UNITS),
          label,
          unit: fc.constantFrom('', '°C', 'bar', 'rpm', '%', 'm³/h'),
          decimals: fc.integer({ min: 0, max: 8 }),
          staleAfterMs: ms,
          gauge: fc.constantFrom(...GAUGE_STYLES),
          group: fc.constantFrom('Boilers', 'Line 3', 'Pumps')
        },
        { requiredKeys: ['topic', 'timeUnit', 'unit'] }
      ),
      limits
    )
    .map(([s, l]) => ({ id, ...s, ...l }) as Json)

const subscription = fc.record({
  topic: fc.oneof(
    topic,
    topic.map((t) => `${t}/#`),
    topic.map((t) => `+/${t}`),
    fc.constant('#')
  ),
  qos: fc.constantFrom(0, 1, 2)
})

const telemetry = fc
  .record({
    url: fc.constantFrom(
      'mqtt://127.0.0.1:1883',
      'mqtts://broker.example.com:8883',
      'ws://10.0.0.9:9001/mqtt'
    ),
    protocolVersion: fc.constantFrom(4, 5),
    clean: fc.boolean(),
    keepaliveSec: fc.integer({ min: 0, max: 65_535 }),
    subscriptions: fc.array(subscription, { minLength: 1, maxLength: 5 }),
    sensorIds: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/), { maxLength: 5 }),
    staleAfterMs: ms,
    reconnect,
    maxMessageBytes: fc.integer({ min: 1_024, max: 64 * 1024 * 1024 }),
    optional: fc.record(
      {
        username: word,
        password: fc.string({ maxLength: 40 }),
        clientId: fc.stringMatching(/^[a-z0-9-]{1,32}$/),
        sessionExpirySec: fc.integer({ min: 0, max: 4_294_967_295 }),
        will: fc.record({
          topic,
          payload: fc.string({ maxLength: 40 }),
          qos: fc.constantFrom(0, 1, 2),
          retain: fc.boolean()
        }),
        tls
      },
      { requiredKeys: [] }
    )
  })
  .chain(({ sensorIds, optional, ...t }) =>
    fc.tuple(...sensorIds.map(sensor)).map((sensors) => {
      const entry: Json = { ...t, ...optional, sensors }
      // A persistent session needs a fixed client id.
      if (t.clean === false && entry.clientId === undefined) entry.clientId = 'tickwire-desk'
      return entry
    })
  )

/** A whole valid configuration file's JSON value. */
export const validConfig: fc.Arbitrary<Json> = fc
  .record({
    market: fc.array(market, { maxLength: 3 }),
    telemetry: fc.array(telemetry, { maxLength: 3 })
  })
  .filter((c) => c.market.length + c.telemetry.length > 0)
  .chain((c) =>
    fc
      .uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), {
        minLength: c.market.length + c.telemetry.length,
        maxLength: c.market.length + c.telemetry.length
      })
      .map((ids) => ({
        market: c.market.map((m, i) => ({ id: ids[i], ...m })),
        telemetry: c.telemetry.map((t, i) => ({ id: ids[c.market.length + i], ...t }))
      }))
  )
