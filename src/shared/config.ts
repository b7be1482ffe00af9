import { z } from 'zod'
import { EXCHANGE_URLS, TIME_UNITS } from './marketAdapters'
import { configuredSensorId, parseSparkplugTopic } from './sparkplugTopic'
import {
  dottedPath,
  handshakeHeaders,
  jsonValue,
  marketAuthSchema,
  label,
  maxMessageBytes,
  mqttConnectionShape,
  reconnectDefault,
  reconnectSchema,
  sourceId,
  staleMs,
  symbol,
  tlsSchema,
  urlWithSchemes
} from './configFields'
import { ConfigError, formatJsonPath } from './configError'
import { substituteEnv, type Environment } from './envReferences'
import { DEFAULT_HISTORY_RETENTION_HOURS, MAX_HISTORY_RETENTION_HOURS } from './history'
import { jsonStructureProblem } from './jsonStructure'
import {
  MAX_ALERTS,
  MAX_CONFIG_DEPTH,
  MAX_CONFIGURED_SENSORS,
  MAX_MQTT_STRING_LENGTH,
  MAX_SOURCES,
  MAX_SUBSCRIPTIONS,
  MAX_SYMBOLS_PER_SOURCE,
  MAX_TOPIC_LENGTH,
  MAX_KEY_PATH_LENGTH
} from './limits'
import { limitProblem, sensorSettingsShape } from './sensorSettings'
import { updateSchema } from './updateConfig'
import { checkRepublishSources, republishSchema, topicPrefix } from './republishConfig'
import { alarmSyncSchema } from './alarmSyncConfig'

/**
 * The configuration file (DESIGN.md, "Configuration file"). Objects are strict so a misspelt
 * field is refused rather than silently ignored; every refusal names the JSON path.
 */

export type { ReconnectConfig, TlsConfig } from './configFields'

export { EXCHANGE_URLS, MARKET_ADAPTERS, TIME_UNITS } from './marketAdapters'
export type { MarketAdapterName, TimeUnit } from './marketAdapters'

const jsonMappingSchema = z.strictObject({
  symbol: dottedPath,
  price: dottedPath,
  bid: dottedPath.optional(),
  ask: dottedPath.optional(),
  volume: dottedPath.optional(),
  open: dottedPath.optional(),
  changePct: dottedPath.optional(),
  sequence: dottedPath.optional(),
  /** A trade's size; where it is present, the message is a trade (shown in the chart's trades). */
  size: dottedPath.optional(),
  /** The taker side of a trade: "buy"/"b" or "sell"/"s" (any case); anything else is shown as unknown. */
  side: dottedPath.optional(),
  time: dottedPath.optional(),
  timeUnit: z.enum(TIME_UNITS).default('ms')
})
export type JsonMapping = z.infer<typeof jsonMappingSchema>

/** Fields every market feed has, whatever its protocol. */
const marketCommon = {
  id: sourceId,
  /** Sent with the WebSocket handshake; use `${env:NAME}` for tokens so the file holds none. */
  headers: handshakeHeaders.optional(),
  /** A token sent in the URL query and/or a login message, awaited before subscribing. */
  auth: marketAuthSchema.optional(),
  /** Symbols to watch. For the exchanges these are subscribed; for `json`, empty means all. */
  symbols: z
    .array(symbol)
    .max(MAX_SYMBOLS_PER_SOURCE, `at most ${MAX_SYMBOLS_PER_SOURCE} symbols per source`)
    .default([]),
  /** A symbol with no update for this long is shown stale. */
  staleAfterMs: staleMs.default(30_000),
  reconnect: reconnectSchema.default(reconnectDefault),
  tls: tlsSchema.optional(),
  /**
   * A connection that delivers nothing for this long (half-open TCP, stalled server) is closed
   * and reconnected. Defaults to the adapter's expected heartbeat interval.
   */
  watchdogMs: z.number().int().min(1_000).max(600_000).optional(),
  /** Price alerts: raised through the alarm engine when `last` crosses a level. */
  alerts: z
    .array(
      z
        .strictObject({
          symbol,
          above: z.number().optional(),
          below: z.number().optional(),
          label: label.optional()
        })
        .refine((a) => a.above !== undefined || a.below !== undefined, {
          message: 'an alert needs "above" or "below"'
        })
    )
    .max(MAX_ALERTS)
    .optional(),
  /**
   * A wire message larger than this is refused while it is read (the connection is dropped and
   * re-made) and counted as malformed.
   */
  maxMessageBytes
}

const wsUrl = urlWithSchemes(['ws', 'wss'])

const jsonMarketSchema = z.strictObject({
  ...marketCommon,
  adapter: z.literal('json'),
  url: wsUrl,
  mapping: jsonMappingSchema,
  /** Sent on every (re)connect; the string "{{symbols}}" becomes the symbol array. */
  subscribe: jsonValue.optional()
})

/** The public exchanges: the URL defaults to the exchange's production endpoint. */
const exchangeMarket = <A extends string>(adapter: A, defaultUrl: string) =>
  z.strictObject({
    ...marketCommon,
    adapter: z.literal(adapter),
    url: wsUrl.default(defaultUrl),
    symbols: marketCommon.symbols.refine((s) => s.length > 0, {
      message: `the ${adapter} adapter needs at least one symbol`
    })
  })

/**
 * A collector's fan-out read back from a broker (issue 13, `republish` on the collector): the
 * collector's tickers, relayed. The broker connection takes the same fields as a `telemetry[]`
 * entry; topics are `<prefix>/<source>/<symbol>` (republish.ts).
 */
const relayMarketSchema = z.strictObject({
  id: sourceId,
  adapter: z.literal('tickwire'),
  ...mqttConnectionShape,
  /** The collector's `republish.prefix`. */
  prefix: topicPrefix.default('tickwire'),
  /** The collector's market source to show; default: this entry's own id. */
  source: sourceId.optional(),
  /** Symbols to watch, subscribed one topic each; empty means every symbol the collector sends. */
  symbols: marketCommon.symbols,
  staleAfterMs: marketCommon.staleAfterMs,
  alerts: marketCommon.alerts,
  qos: z.union([z.literal(0), z.literal(1)], { error: () => 'must be 0 or 1' }).default(0),
  /** Largest MQTT packet accepted; a larger one drops the connection before it is read. */
  maxMessageBytes
})

export const marketSchema = z.discriminatedUnion(
  'adapter',
  [
    jsonMarketSchema,
    exchangeMarket('binance', EXCHANGE_URLS.binance),
    exchangeMarket('coinbase', EXCHANGE_URLS.coinbase),
    exchangeMarket('kraken', EXCHANGE_URLS.kraken),
    relayMarketSchema
  ],
  { error: () => 'adapter must be one of "json", "binance", "coinbase", "kraken", "tickwire"' }
)
export type MarketConfig = z.infer<typeof marketSchema>
/** A market feed over its own WebSocket, spoken by a MarketAdapter. */
export type WsMarketConfig = Exclude<MarketConfig, { adapter: 'tickwire' }>
/** A collector's fan-out over MQTT (`"adapter": "tickwire"`). */
export type RelayMarketConfig = z.infer<typeof relayMarketSchema>
export type JsonMarketConfig = z.infer<typeof jsonMarketSchema>

const sensorSchema = z
  .strictObject({
    topic: z.string().min(1).max(MAX_TOPIC_LENGTH),
    id: sourceId,
    /**
     * A Sparkplug B metric: `topic` is its node's or device's topic (any message type, such as
     * `spBv1.0/Plant1/NDATA/Edge1`) and this the metric's name; the sensor is then the metric,
     * keyed `<broker>/<group>/<node>[/<device>]/<metric>`, and this entry sets its presentation,
     * limits and stale alarm.
     */
    metric: z.string().min(1).max(MAX_KEY_PATH_LENGTH).optional(),
    valuePath: dottedPath.optional(),
    timePath: dottedPath.optional(),
    timeUnit: z.enum(TIME_UNITS).default('ms'),
    ...sensorSettingsShape,
    label: sensorSettingsShape.label.optional(),
    unit: sensorSettingsShape.unit.default(''),
    decimals: sensorSettingsShape.decimals.optional(),
    min: sensorSettingsShape.min.optional(),
    max: sensorSettingsShape.max.optional(),
    lowAlarm: sensorSettingsShape.lowAlarm.optional(),
    lowWarn: sensorSettingsShape.lowWarn.optional(),
    warn: sensorSettingsShape.warn.optional(),
    alarm: sensorSettingsShape.alarm.optional(),
    deadband: sensorSettingsShape.deadband.optional(),
    staleAfterMs: sensorSettingsShape.staleAfterMs.optional(),
    gauge: sensorSettingsShape.gauge.optional(),
    group: sensorSettingsShape.group.optional()
  })
  .superRefine((s, ctx) => {
    const problem = limitProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem[1], path: [problem[0]] })
    if (/[+#]/.test(s.topic)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a sensor names one concrete topic (no + or # wildcards)',
        path: ['topic']
      })
    }
  })
export type SensorConfig = z.infer<typeof sensorSchema>

const subscriptionSchema = z.strictObject({
  topic: z
    .string()
    .min(1)
    .max(MAX_TOPIC_LENGTH)
    .refine((t) => /^(?:[^+#]*|\+)(?:\/(?:[^+#]*|\+))*(?:\/#)?$|^#$/.test(t), {
      message: 'is not a valid MQTT topic filter ("+" fills a whole level, "#" only last)'
    }),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0)
})

export const telemetrySchema = z
  .strictObject({
    id: sourceId,
    /** url, protocolVersion, username, password, clientId, keepaliveSec, tls, reconnect. */
    ...mqttConnectionShape,
    clean: z.boolean().default(true),
    /** MQTT 5: how long the broker keeps a persistent session (`clean: false`) after a disconnect. */
    sessionExpirySec: z.number().int().min(0).max(4_294_967_295).optional(),
    /** Published by the broker if Tickwire disappears without saying goodbye. */
    will: z
      .strictObject({
        topic: z
          .string()
          .min(1)
          .max(MAX_TOPIC_LENGTH)
          .refine((t) => !/[+#]/.test(t), { message: 'no wildcards in a will topic' }),
        payload: z.string().max(MAX_MQTT_STRING_LENGTH).default(''),
        qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
        retain: z.boolean().default(false)
      })
      .optional(),
    subscriptions: z.array(subscriptionSchema).min(1).max(MAX_SUBSCRIPTIONS),
    sensors: z.array(sensorSchema).max(MAX_CONFIGURED_SENSORS).default([]),
    /** Staleness for discovered sensors and configured ones that do not set their own. */
    staleAfterMs: staleMs.default(30_000),
    /**
     * Largest MQTT packet accepted (the whole PUBLISH: topic, properties, payload). Announced to
     * MQTT 5 brokers in CONNECT; a larger packet drops the connection before it is read.
     */
    maxMessageBytes: maxMessageBytes,
    /**
     * Tickwire may send on this connection: the Publish panel, and Sparkplug B Rebirth requests
     * (NCMD) to edge nodes whose data arrives before their birth. Off unless set.
     */
    publish: z.boolean().optional()
  })
  .superRefine((t, ctx) => {
    if (!t.clean && t.clientId === undefined) {
      // A random id per start would leave a never-expiring session behind each time and resume none.
      ctx.addIssue({
        code: 'custom',
        message: 'a persistent session ("clean": false) needs a fixed "clientId"',
        path: ['clientId']
      })
    }
    t.sensors.forEach((s, i) => {
      if (s.metric === undefined) return
      const topic = parseSparkplugTopic(s.topic)
      if (typeof topic === 'string' || topic.kind === 'state')
        ctx.addIssue({
          code: 'custom',
          message: `a Sparkplug metric needs its node's or device's spBv1.0 topic (${typeof topic === 'string' ? topic : 'not a STATE topic'})`,
          path: ['sensors', i, 'topic']
        })
    })
    // Two entries for one Sparkplug metric: the second would silently win.
    const metrics = new Set<string>()
    t.sensors.forEach((s, i) => {
      if (s.metric === undefined) return
      const key = configuredSensorId(s)
      if (metrics.has(key))
        ctx.addIssue({
          code: 'custom',
          message: `a second entry for the Sparkplug metric "${key}"`,
          path: ['sensors', i, 'metric']
        })
      metrics.add(key)
    })
    const seen = new Set<string>()
    t.sensors.forEach((s, i) => {
      if (seen.has(s.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate sensor id "${s.id}"`, path: ['sensors', i, 'id'] })
      }
      seen.add(s.id)
    })
  })
export type TelemetryConfig = z.infer<typeof telemetrySchema>

/** How much history is kept (memory and disk) and for how long. */
const historySettingsSchema = z.strictObject({
  retentionHours: z
    .number()
    .min(1, 'must be at least 1 hour')
    .max(MAX_HISTORY_RETENTION_HOURS, `must be at most ${MAX_HISTORY_RETENTION_HOURS} hours`)
    .default(DEFAULT_HISTORY_RETENTION_HOURS),
  maxDiskMB: z.number().int().min(16, 'must be at least 16').max(1_048_576).default(512),
  maxMemoryMB: z.number().int().min(16, 'must be at least 16').max(65_536).default(512)
})
export type HistorySettings = z.infer<typeof historySettingsSchema>
export const DEFAULT_HISTORY_SETTINGS: HistorySettings = historySettingsSchema.parse({})

export const configSchema = z
  .strictObject({
    market: z.array(marketSchema).default([]),
    telemetry: z.array(telemetrySchema).default([]),
    history: historySettingsSchema.optional(),
    /** Where updates come from and how often to ask (updateConfig.ts); absent: never. */
    update: updateSchema.optional(),
    /** Every tick of the market sources published to a broker (republishConfig.ts); absent: none. */
    republish: republishSchema.optional(),
    /** One alarm state across consoles through a broker (alarmSyncConfig.ts); absent: this console alone. */
    alarmSync: alarmSyncSchema.optional()
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>()
    for (const [list, entries] of [
      ['market', c.market],
      ['telemetry', c.telemetry]
    ] as const) {
      entries.forEach((entry, i) => {
        if (seen.has(entry.id)) {
          ctx.addIssue({
            code: 'custom',
            message: `duplicate source id "${entry.id}"`,
            path: [list, i, 'id']
          })
        }
        seen.add(entry.id)
      })
    }
    checkRepublishSources(c.republish, c.market, ctx)
    if (c.market.length + c.telemetry.length > MAX_SOURCES) {
      ctx.addIssue({
        code: 'custom',
        message: `at most ${MAX_SOURCES} sources in one configuration`,
        path: []
      })
    }
    if (c.market.length + c.telemetry.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'no sources: add at least one "market" or "telemetry" entry',
        path: []
      })
    }
  })

export type TickwireConfig = z.infer<typeof configSchema>

/**
 * Parses and validates configuration text; throws `ConfigError` on the first problem. Duplicate
 * keys (JSON.parse would keep only the last) and nesting past 32 levels are refused first; then
 * `${env:NAME}` references are replaced from `env` (a missing variable refuses the file).
 */
export function parseConfig(text: string, file: string, env: Environment = {}): TickwireConfig {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(file, '$', `not valid JSON (${(err as Error).message})`)
  }
  const structure = jsonStructureProblem(text, MAX_CONFIG_DEPTH)
  if (structure !== null) throw new ConfigError(file, formatJsonPath(structure.path), structure.message)
  const substituted = substituteEnv(raw, env)
  if (!('value' in substituted))
    throw new ConfigError(file, formatJsonPath(substituted.path), substituted.message)
  const result = configSchema.safeParse(substituted.value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new ConfigError(file, formatJsonPath(issue.path), issue.message)
  }
  return result.data
}
