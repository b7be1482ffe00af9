import { z } from 'zod'
import {
  MAX_HEADER_VALUE_LENGTH,
  MAX_HEADERS,
  MAX_KEY_PATH_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_MQTT_STRING_LENGTH,
  MAX_SERVERNAME_LENGTH,
  MAX_URL_LENGTH,
  MIN_STALE_AFTER_MS
} from './limits'
import { symbolProblem } from './symbolRule'
import { userTextProblem } from './visibleText'

/**
 * The field schemas the configuration's entries share (ids, paths, URLs, times, TLS, reconnect,
 * symbols, labels, handshake headers): each with its bound and the message a refusal shows.
 */

export const sourceId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "." (no "/")')

export const dottedPath = z
  .string()
  .min(1)
  .max(MAX_KEY_PATH_LENGTH)
  .regex(/^[^.]+(\.[^.]+)*$/, 'must be a dotted path such as "data.price"')

export function urlWithSchemes(schemes: readonly string[]) {
  return z
    .string()
    .max(MAX_URL_LENGTH)
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''))
        } catch {
          return false
        }
      },
      { message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}` }
    )
}

export const positiveMs = z.number().int().positive().max(86_400_000)
/** A stale time: at least a second (shorter flaps between two normal updates), at most a day. */
export const staleMs = z
  .number()
  .int()
  .min(MIN_STALE_AFTER_MS, `must be at least ${MIN_STALE_AFTER_MS} ms`)
  .max(86_400_000)

export const maxMessageBytes = z
  .number()
  .int()
  .min(1_024)
  .max(64 * 1024 * 1024)
  .default(1024 * 1024)

export const tlsSchema = z.strictObject({
  /** Paths are resolved relative to the configuration file. */
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  servername: z.string().min(1).max(MAX_SERVERNAME_LENGTH).optional(),
  rejectUnauthorized: z.boolean().default(true)
})
export type TlsConfig = z.infer<typeof tlsSchema>

export const reconnectSchema = z
  .strictObject({
    initialDelayMs: positiveMs.default(500),
    maxDelayMs: positiveMs.default(30_000)
  })
  .refine((r) => r.maxDelayMs >= r.initialDelayMs, {
    message: 'maxDelayMs must be at least initialDelayMs',
    path: ['maxDelayMs']
  })
export type ReconnectConfig = z.infer<typeof reconnectSchema>
export const reconnectDefault = { initialDelayMs: 500, maxDelayMs: 30_000 }

export const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue)
  ])
)

/** A symbol as a configuration names it: the one symbol rule (`symbolProblem`). */
export const symbol = z.string().superRefine((s, ctx) => {
  const problem = symbolProblem(s)
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
})

/** A label a person reads: the same text rule as operator names. */
export const label = z.string().superRefine((s, ctx) => {
  const problem = userTextProblem(s, MAX_LABEL_LENGTH)
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
})

/**
 * Extra handshake headers (`Authorization: Bearer …`, an API key, a cookie). The WebSocket
 * handshake's own headers are ws's to set; a value must be one header line.
 */
export const handshakeHeaders = z
  .record(
    z.string(),
    z
      .string()
      .max(MAX_HEADER_VALUE_LENGTH)
      // eslint-disable-next-line no-control-regex
      .refine((value) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value), {
        message: 'must be one line without control characters'
      })
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers)
    if (names.length > MAX_HEADERS)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_HEADERS} headers` })
    for (const name of names) {
      // Names are checked here rather than by a key schema, so the refusal says what is wrong.
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/.test(name))
        ctx.addIssue({ code: 'custom', message: 'is not an HTTP header name', path: [name] })
      else if (/^(sec-websocket-.*|host|upgrade|connection|content-length)$/i.test(name))
        ctx.addIssue({ code: 'custom', message: 'is set by the WebSocket handshake itself', path: [name] })
    }
  })

/** The token placeholder in a login message (`"Bearer {{token}}"`), replaced on every connect. */
export const TOKEN_TOKEN = '{{token}}'

/**
 * Application-layer authentication of a WebSocket feed: a token (use `${env:NAME}`), sent in the
 * URL query and/or in a login message on every connect, before the subscribe; with `login`, the
 * feed's acknowledgement is awaited (`ackPath` equal to `ackValue`) and any other value at
 * `ackPath` is a refusal.
 */
export const marketAuthSchema = z.strictObject({
  token: z.string().min(1, 'must not be empty').max(MAX_HEADER_VALUE_LENGTH),
  /** Adds `?<queryParam>=<token>` to the URL at connect (never shown: stats show the bare URL). */
  queryParam: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a query parameter name (letters, digits, _ . -)')
    .optional(),
  login: z
    .strictObject({
      /** Any JSON; every "{{token}}" inside a string becomes the token. */
      message: jsonValue,
      ackPath: z.string().min(1).max(MAX_KEY_PATH_LENGTH),
      ackValue: z.union([z.string().max(200), z.number(), z.boolean()]),
      timeoutMs: z.number().int().min(500).max(60_000).default(5_000)
    })
    .optional()
})
export type MarketAuthConfig = z.infer<typeof marketAuthSchema>

/**
 * How Tickwire connects to an MQTT broker: the fields a `telemetry[]` entry and the `republish`
 * section share, so both connect (TLS, credentials, reconnect) the same way.
 */
export const mqttConnectionShape = {
  url: urlWithSchemes(['mqtt', 'mqtts', 'ws', 'wss']),
  /** 4 is MQTT 3.1.1, 5 is MQTT 5. */
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5),
  username: z.string().max(MAX_MQTT_STRING_LENGTH).optional(),
  password: z.string().max(MAX_MQTT_STRING_LENGTH).optional(),
  clientId: z.string().min(1).max(128).optional(),
  keepaliveSec: z.number().int().min(0).max(65_535).default(30),
  tls: tlsSchema.optional(),
  reconnect: reconnectSchema.default(reconnectDefault)
}
