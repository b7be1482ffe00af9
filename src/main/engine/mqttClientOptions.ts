import type { IClientOptions } from 'mqtt'
import type { ClientOptions as WebSocketOptions } from 'ws'
import type { TelemetryConfig } from '@shared/config'
import { loadTls, type TlsMaterial } from './tlsFiles'

/** How long MQTT.js waits for the TCP/TLS/WebSocket handshake and the CONNACK. */
export const CONNECT_TIMEOUT_MS = 10_000

/**
 * MQTT 5 session expiry when `clean: false` and no `sessionExpirySec` is configured: the session
 * never expires, which is what `clean: false` means in MQTT 3.1.1. (With an expiry of 0 an MQTT 5
 * broker drops the session at disconnect, so "persistent" would silently mean nothing.)
 */
export const NEVER_EXPIRES_SEC = 0xffff_ffff

/** What the client options are made of: a telemetry entry, or the `republish` section's connection. */
export type MqttConnectionConfig = Pick<
  TelemetryConfig,
  | 'url'
  | 'protocolVersion'
  | 'clean'
  | 'keepaliveSec'
  | 'sessionExpirySec'
  | 'maxMessageBytes'
  | 'username'
  | 'password'
  | 'will'
  | 'tls'
>

/**
 * The MQTT.js options for one telemetry entry. MQTT.js picks the transport from the URL scheme
 * (`mqtt`, `mqtts`, `ws`, `wss`); reconnecting and resubscribing are left to `TelemetrySource`.
 * Throws (naming the file) when a TLS file cannot be read.
 */
export function mqttClientOptions(config: MqttConnectionConfig, clientId: string): IClientOptions {
  const options: IClientOptions = {
    protocolVersion: config.protocolVersion,
    clientId,
    clean: config.clean,
    keepalive: config.keepaliveSec,
    reconnectPeriod: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    resubscribe: false,
    // MQTT.js logs through `debug` on every packet: a few percent of a flood even when no one
    // listens. Kept when asked for (DEBUG=mqttjs*), as `debug` itself would.
    ...(wantsMqttDebug() ? {} : { log: () => {} })
  }
  if (config.protocolVersion === 5) {
    // The broker must not send us a packet larger than this (MQTT 5 §3.1.2.11.4); 3.1.1 has no
    // such property, so TelemetrySource also guards the stream itself.
    options.properties = { maximumPacketSize: config.maxMessageBytes }
    const expiry = config.sessionExpirySec ?? (config.clean ? undefined : NEVER_EXPIRES_SEC)
    if (expiry !== undefined) options.properties.sessionExpiryInterval = expiry
  }
  if (config.username !== undefined) options.username = config.username
  if (config.password !== undefined) options.password = config.password
  if (config.will !== undefined) {
    options.will = {
      topic: config.will.topic,
      payload: Buffer.from(config.will.payload, 'utf8'),
      qos: config.will.qos,
      retain: config.will.retain
    }
  }
  if (config.tls !== undefined || isSecureScheme(config.url)) {
    const tls = loadTls(config.tls)
    Object.assign(options, tls)
    // MQTT.js copies ca/cert/key/rejectUnauthorized to the WebSocket for wss:// but not
    // servername, so the WebSocket gets its TLS options spelled out.
    if (schemeOf(config.url) === 'wss') options.wsOptions = wsTlsOptions(tls)
  }
  if (schemeOf(config.url) === 'ws' || schemeOf(config.url) === 'wss') {
    // A frame may carry several packets (or part of one); the packet guard bounds packets, this
    // bounds what ws buffers for one frame, refused while it is read.
    options.wsOptions = { ...options.wsOptions, maxPayload: wsFrameLimit(config.maxMessageBytes) }
  }
  return options
}

const MIB = 1024 * 1024

/**
 * Largest WebSocket frame an MQTT-over-WebSocket connection takes. A broker may batch several
 * packets into one frame, so it is 4 × maxMessageBytes but never under 4 MiB (small packet limits
 * must not refuse valid batches) and never over 64 MiB or one packet, whichever is larger (the
 * memory bound this exists for).
 */
export function wsFrameLimit(maxMessageBytes: number): number {
  return Math.max(maxMessageBytes, Math.min(Math.max(4 * maxMessageBytes, 4 * MIB), 64 * MIB))
}

/** `ws` hands these on to `tls.connect`, which takes `servername`. */
type WebSocketTlsOptions = WebSocketOptions & { servername?: string }

function wsTlsOptions(tls: TlsMaterial): WebSocketTlsOptions {
  const ws: WebSocketTlsOptions = { rejectUnauthorized: tls.rejectUnauthorized }
  if (tls.ca) ws.ca = tls.ca
  if (tls.cert) ws.cert = tls.cert
  if (tls.key) ws.key = tls.key
  if (tls.servername !== undefined) ws.servername = tls.servername
  return ws
}

function schemeOf(url: string): string {
  try {
    return new URL(url).protocol.replace(/:$/, '')
  } catch {
    return ''
  }
}

function isSecureScheme(url: string): boolean {
  const scheme = schemeOf(url)
  return scheme === 'mqtts' || scheme === 'wss'
}

function wantsMqttDebug(): boolean {
  return /mqttjs/.test(process.env.DEBUG ?? '')
}
