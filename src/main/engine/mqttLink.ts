import mqtt, {
  type ClientSubscribeCallback,
  type IClientOptions,
  type IConnackPacket,
  type IDisconnectPacket,
  type IPublishPacket,
  type MqttClient
} from 'mqtt'
import type { ReconnectConfig } from '@shared/config'
import type { SourceState } from '@shared/model'
import { Backoff } from './backoff'
import { guard, type FaultHandler } from './faults'
import { mqttClientOptions, wsFrameLimit, type MqttConnectionConfig } from './mqttClientOptions'
import { guardPacketSize } from './telemetry/packetSizeGuard'

/** How long `stop()` waits for MQTT.js to finish closing before giving up on its callback. */
const END_GRACE_MS = 1000

/** How long `checkHealth()` waits for any packet (the PINGRESP at the latest) before reconnecting. */
export const HEALTH_CHECK_MS = 5000

/** What a broker connection's owner (a telemetry source, a relayed market feed) hears from it. */
export interface MqttLinkHost {
  /** Connection state, as a source reports it (`reconnecting` once per scheduled retry). */
  state(state: SourceState, error?: string): void
  fault: FaultHandler
  /** A packet refused before it was read (over the size limit): count it as malformed. */
  refused(reason: string): void
  /** CONNACK: subscribe here (unless the session was resumed). */
  connected(client: MqttClient, sessionPresent: boolean): void
  /** One PUBLISH, never from a stream already dropped for an oversized packet. */
  message(topic: string, payload: Buffer, packet: IPublishPacket): void
  /** The connection is gone and a retry is scheduled: forget per-connection state. */
  lost(): void
}

export interface MqttLinkOptions {
  /** Overrides `HEALTH_CHECK_MS` (tests). */
  healthCheckMs?: number
}

/**
 * One MQTT connection's life: connect, reconnect, health checks and the packet-size guard, for
 * whoever reads from it. MQTT.js's own reconnect uses a fixed period, so it is switched off
 * (`reconnectPeriod: 0`) and this class reconnects with jittered exponential backoff via
 * `client.reconnect()`, handing MQTT.js its own stores back so QoS 2 messages in flight survive.
 * Every MQTT.js callback is guarded: an exception is reported through `fault`, never thrown into
 * MQTT.js's emitter (which would end the process).
 */
export class MqttLink {
  private readonly backoff: Backoff
  private readonly healthCheckMs: number
  private client: MqttClient | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private pendingRetry: (() => void) | null = null
  private healthTimer: NodeJS.Timeout | null = null
  private healthListener: (() => void) | null = null
  private retryAtOnce = false
  private lastError: string | null = null
  /** The stream dropped for an oversized packet: nothing more that it delivers counts. */
  private droppedStream: object | null = null
  private readonly guarded = new WeakSet<object>()
  private started = false
  private stopped = false
  private stopping: Promise<void> | null = null

  constructor(
    private readonly config: MqttConnectionConfig & { reconnect: ReconnectConfig },
    private readonly clientId: string,
    private readonly host: MqttLinkHost,
    options: MqttLinkOptions = {}
  ) {
    this.backoff = new Backoff(config.reconnect)
    this.healthCheckMs = options.healthCheckMs ?? HEALTH_CHECK_MS
  }

  /** The client while connected, else `null`. */
  get connected(): MqttClient | null {
    return this.client !== null && this.client.connected ? this.client : null
  }

  /** Shown with the next `reconnecting` state (a failed publish, a refused subscription). */
  noteError(error: string): void {
    this.lastError = error
  }

  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.host.state('connecting')
    let options: IClientOptions
    try {
      options = mqttClientOptions(this.config, this.clientId)
    } catch (err) {
      // A missing certificate file may appear later (mounted volume): retry with backoff.
      this.lastError = (err as Error).message
      this.scheduleRetry(() => {
        this.started = false
        this.start()
      })
      return
    }
    const client = mqtt.connect(this.config.url, options)
    this.client = client
    // Every connection gets its own stream: guard the first now, each later one as its CONNECT goes out.
    this.guardStream(client)
    client.on('packetsend', (packet) => {
      if (packet.cmd === 'connect') this.guardStream(client)
    })
    const fault = this.host.fault
    client.on(
      'connect',
      guard('connect', fault, (connack: IConnackPacket) => {
        if (this.client !== client) return
        this.lastError = null
        this.backoff.opened(Date.now())
        this.host.connected(client, connack.sessionPresent)
      })
    )
    client.on(
      'message',
      guard('message', fault, (topic: string, payload: Buffer, packet: IPublishPacket) => {
        // The rest of a connection dropped for an oversized packet (MQTT.js may still parse what
        // arrived in the same chunk): nothing of it counts.
        if (client.stream === this.droppedStream) return
        this.host.message(topic, payload, packet)
      })
    )
    client.on('error', (err: Error & { code?: unknown }) => {
      // After the guard dropped the connection, MQTT.js's parser may still complain about the
      // same bytes: the guard's reason stands.
      if (client.stream === this.droppedStream) return
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // MQTT over WebSocket: ws refused a frame while reading it; counted like an oversized packet.
        const limit = wsFrameLimit(this.config.maxMessageBytes)
        this.host.refused(`broker sent a WebSocket frame over ${limit} bytes: connection dropped`)
        this.lastError = `dropped the connection: the broker sent a WebSocket frame over ${limit} bytes (see maxMessageBytes)`
        return
      }
      this.lastError = err.message
    })
    client.on('disconnect', (packet: IDisconnectPacket) => {
      // MQTT 5: the broker says why it is closing (session taken over, shutting down, …).
      const reason = packet.properties?.reasonString ?? `reason code ${packet.reasonCode ?? 0}`
      this.lastError = `broker disconnected: ${reason}`
    })
    client.on(
      'close',
      guard('close', fault, () => {
        this.endHealthCheck()
        if (this.stopped || this.client !== client) return
        this.backoff.closed(Date.now())
        this.scheduleRetry(() =>
          client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore })
        )
      })
    )
  }

  /**
   * After a machine sleep. Connected: send a PINGREQ and reconnect at once unless some packet
   * arrives within the health-check time. Waiting out a backoff: try now. Connecting: the
   * connect timeout already bounds it.
   */
  checkHealth(): void {
    if (!this.started || this.stopped) return
    if (this.reconnectTimer !== null && this.pendingRetry !== null) {
      const retry = this.pendingRetry
      clearTimeout(this.reconnectTimer)
      this.reconnectTimer = null
      this.pendingRetry = null
      retry()
      return
    }
    const client = this.client
    if (client === null || !client.connected || this.healthTimer !== null) return
    const alive = (): void => this.endHealthCheck()
    this.healthListener = () => client.removeListener('packetreceive', alive)
    client.on('packetreceive', alive)
    this.healthTimer = setTimeout(
      guard('health check', this.host.fault, () => {
        this.healthTimer = null
        this.lastError = `no answer to a ping within ${this.healthCheckMs} ms`
        this.retryAtOnce = true
        // Closing the stream makes MQTT.js emit 'close', which reconnects.
        client.stream.destroy()
      }),
      this.healthCheckMs
    )
    client.sendPing()
  }

  /** Closes the connection and every timer; idempotent. Reports `closed` if it ever started. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    this.stopped = true
    this.endHealthCheck()
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    this.pendingRetry = null
    const client = this.client
    this.client = null
    this.stopping = new Promise<void>((resolve) => {
      if (client === null) {
        resolve()
        return
      }
      // end()'s callback waits for the stream's close, which never comes if it already closed.
      const giveUp = setTimeout(resolve, END_GRACE_MS)
      client.end(!client.connected, {}, () => {
        clearTimeout(giveUp)
        resolve()
      })
    }).then(() => {
      if (this.started) this.host.state('closed')
    })
    return this.stopping
  }

  /** Drops the connection on a packet announced larger than `maxMessageBytes`, before it is read. */
  private guardStream(client: MqttClient): void {
    const stream = client.stream
    if (this.guarded.has(stream)) return
    this.guarded.add(stream)
    const max = this.config.maxMessageBytes
    guardPacketSize(stream, max, (bytes) => {
      const what =
        bytes === Number.MAX_SAFE_INTEGER ? 'a packet with an invalid length' : `a packet of ${bytes} bytes`
      this.host.refused(`broker sent ${what}, over maxMessageBytes (${max}): connection dropped`)
      this.lastError = `dropped the connection: the broker sent ${what} (maxMessageBytes ${max})`
      this.droppedStream = stream
      stream.destroy()
    })
  }

  private endHealthCheck(): void {
    if (this.healthTimer !== null) clearTimeout(this.healthTimer)
    this.healthTimer = null
    this.healthListener?.()
    this.healthListener = null
  }

  private scheduleRetry(retry: () => void): void {
    if (this.stopped || this.reconnectTimer) return
    this.host.state('reconnecting', this.lastError ?? 'connection closed')
    this.host.lost()
    const delay = this.retryAtOnce ? 0 : this.backoff.nextDelayMs()
    this.retryAtOnce = false
    this.pendingRetry = retry
    this.reconnectTimer = setTimeout(
      guard('reconnect', this.host.fault, () => {
        this.reconnectTimer = null
        this.pendingRetry = null
        if (!this.stopped) retry()
      }),
      delay
    )
  }
}

/**
 * The broker's verdict per filter of one SUBSCRIBE, from MQTT.js's callback: on success the
 * granted QoS of each; when any filter was refused, MQTT.js reports an error for the whole call,
 * and the SUBACK it passes along still says which (a code of 0x80 or more is a refusal). `null`
 * when the SUBACK is not there to say (the connection went, a protocol error).
 */
export function subscribeVerdicts(
  ...[err, granted, packet]: Parameters<ClientSubscribeCallback>
): { topic: string; refused: boolean }[] | null {
  const requested = granted ?? []
  const codes = packet?.granted
  if (Array.isArray(codes) && codes.length === requested.length)
    return requested.map((g, i) => {
      const code: unknown = codes[i]
      return { topic: g.topic, refused: typeof code !== 'number' || code >= 0x80 }
    })
  if (err) return null
  return requested.map((g) => ({ topic: g.topic, refused: g.qos >= 0x80 }))
}
