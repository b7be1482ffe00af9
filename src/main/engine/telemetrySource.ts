import { diagnosticText } from '@shared/visibleText'
import { randomBytes } from 'node:crypto'
import mqtt, {
  type IClientOptions,
  type IConnackPacket,
  type IDisconnectPacket,
  type IPublishPacket,
  type MqttClient
} from 'mqtt'
import type { TelemetryConfig } from '@shared/config'
import { Backoff } from './backoff'
import { guard } from './faults'
import { wallNow } from './clock'
import { mqttClientOptions, wsFrameLimit } from './mqttClientOptions'
import { RedeliveryFilter } from './mqttRedelivery'
import type { Source, SourceSink } from './sourceSink'
import { guardPacketSize } from './telemetry/packetSizeGuard'
import { TelemetryIntake } from './telemetry/telemetryIntake'
import { messageProperties } from './topics/messageProperties'
import type { TopicTracker, TopicsSource } from './topics/topicTracker'
import { publishWithAnswer, type PublishAnswer, type PublishOptions } from './telemetry/mqttPublish'
import type { PublishJournalSink } from './publish/publishCommands'
import { NO_TAP, type WireTap } from './recording/wireTap'

/** How long `stop()` waits for MQTT.js to finish closing before giving up on its callback. */
const END_GRACE_MS = 1000

/** How long `checkHealth()` waits for any packet (the PINGRESP at the latest) before reconnecting. */
export const HEALTH_CHECK_MS = 5000

/** Sparkplug commands the engine sent that are journaled an hour at most (failures always are). */
const COMMANDS_JOURNALED_PER_HOUR = 30

export interface TelemetrySourceOptions {
  /** Overrides `HEALTH_CHECK_MS` (tests). */
  healthCheckMs?: number
  /** Where what comes off the wire is recorded. */
  tap?: WireTap
  /** Where what the connection sends of its own accord (a Sparkplug Rebirth request) is journaled. */
  journal?: PublishJournalSink | null
}

/**
 * One MQTT connection. MQTT.js's own reconnect uses a fixed period, so it is switched off
 * (`reconnectPeriod: 0`) and this class reconnects with jittered exponential backoff via
 * `client.reconnect()`, handing MQTT.js its own stores back so QoS 2 messages in flight survive.
 *
 * Subscriptions are sent on the first connect and whenever the broker did not resume the
 * session (`sessionPresent` false). A resumed persistent session keeps its subscriptions and
 * queued messages, and resubscribing would only make the broker resend retained messages.
 * QoS 1 redeliveries of messages already taken are dropped by `RedeliveryFilter`.
 */
export class TelemetrySource implements Source, TopicsSource {
  readonly id: string
  private readonly intake: TelemetryIntake
  private readonly tap: WireTap
  private readonly backoff: Backoff
  private readonly clientId: string
  private readonly redelivery = new RedeliveryFilter()
  private readonly healthCheckMs: number
  private client: MqttClient | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private pendingRetry: (() => void) | null = null
  private healthTimer: NodeJS.Timeout | null = null
  private healthListener: (() => void) | null = null
  private retryAtOnce = false
  private subscribed = false
  private lastError: string | null = null
  /** The stream dropped for an oversized packet: nothing more that it delivers counts. */
  private droppedStream: object | null = null
  private readonly guarded = new WeakSet<object>()
  private readonly journal: PublishJournalSink | null
  private readonly commandsJournaled = { since: -Infinity, count: 0, skipped: 0 }
  private started = false
  private stopped = false
  private stopping: Promise<void> | null = null

  constructor(
    private readonly config: TelemetryConfig,
    private readonly sink: SourceSink,
    options: TelemetrySourceOptions = {}
  ) {
    this.id = config.id
    this.intake = new TelemetryIntake(config, sink, (topic, payload) => this.command(topic, payload))
    this.tap = options.tap ?? NO_TAP
    this.backoff = new Backoff(config.reconnect)
    this.clientId = config.clientId ?? `tickwire-${randomBytes(6).toString('hex')}`
    this.healthCheckMs = options.healthCheckMs ?? HEALTH_CHECK_MS
    this.journal = options.journal ?? null
  }

  /**
   * A Sparkplug command (a Rebirth request), sent only while connected and only where the
   * connection allows publishing (the intake checks); QoS 0, as Sparkplug sends commands.
   */
  private command(topic: string, payload: Buffer): void {
    const client = this.client
    if (client === null || !client.connected) return
    client.publish(topic, payload, { qos: 0, retain: false }, (err) => {
      const failed = err !== undefined && err !== null
      if (failed) this.lastError = `Sparkplug command to ${topic} failed: ${err.message}`
      // Journaled without crowding out people's publishes: every failure, and up to
      // COMMANDS_JOURNALED_PER_HOUR sent ones; those left out are counted in the next entry.
      const now = Date.now()
      const window = this.commandsJournaled
      if (now - window.since >= 3_600_000) Object.assign(window, { since: now, count: 0 })
      if (!failed && window.count >= COMMANDS_JOURNALED_PER_HOUR) {
        window.skipped++
        return
      }
      window.count++
      const skipped = window.skipped
      window.skipped = 0
      const more = skipped === 0 ? '' : `; ${skipped} more before it not journaled`
      this.journal?.append({
        result: failed ? 'error' : 'ok',
        reasonCode: null,
        reason: failed
          ? `${diagnosticText(err.message, 200)}${more}`
          : `sent (Sparkplug Rebirth request${more})`,
        bytes: payload.length,
        at: now,
        source: this.id,
        topic,
        qos: 0,
        retain: false,
        role: 'engine',
        by: 'Tickwire (Sparkplug)'
      })
    })
  }

  /** Publishes a message (the Publish panel) and says what the broker answered. */
  publish(topic: string, payload: Buffer, options: PublishOptions): Promise<PublishAnswer> {
    const client = this.client
    if (client === null || !client.connected)
      return Promise.resolve({ result: 'error', reasonCode: null, reason: 'not connected to the broker' })
    return publishWithAnswer(client, topic, payload, options)
  }

  get topics(): TopicTracker {
    return this.intake.topics
  }

  /** QoS 1 redeliveries (DUP) of messages already taken, dropped rather than shown twice. */
  get redeliveriesDropped(): number {
    return this.redelivery.dropped
  }

  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.sink.state('connecting')
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
    // Guarded: an exception here (or in the engine behind the sink) is reported and the source
    // replaced; thrown into MQTT.js's emitter it would end the process.
    const fault = (context: string, err: unknown): void => this.sink.fault(context, err)
    client.on(
      'connect',
      guard('connect', fault, (connack: IConnackPacket) => this.onConnect(client, connack.sessionPresent))
    )
    client.on(
      'message',
      guard('message', fault, (topic: string, payload: Buffer, packet: IPublishPacket) => {
        // The rest of a connection dropped for an oversized packet (MQTT.js may still parse what
        // arrived in the same chunk): nothing of it counts.
        if (client.stream === this.droppedStream) return
        // Only QoS 1 can be redelivered as a duplicate; QoS 0 (the high-rate case) skips the check.
        const { qos, dup, messageId } = packet
        if (qos === 1 && !this.redelivery.admit({ topic, payload, qos, dup, messageId })) return
        const receivedAt = wallNow()
        if (this.tap.active) this.tap.mqtt(receivedAt, topic, payload, packet.retain, qos)
        this.intake.receive(topic, payload, packet.retain, receivedAt, {
          qos,
          dup: dup === true,
          ...(packet.properties === undefined ? {} : { properties: messageProperties(packet.properties) })
        })
      })
    )
    client.on('error', (err: Error & { code?: unknown }) => {
      // After the guard dropped the connection, MQTT.js's parser may still complain about the
      // same bytes: the guard's reason stands.
      if (client.stream === this.droppedStream) return
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // MQTT over WebSocket: ws refused a frame while reading it; counted like an oversized packet.
        const limit = wsFrameLimit(this.config.maxMessageBytes)
        this.refuse(`broker sent a WebSocket frame over ${limit} bytes: connection dropped`)
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
      guard(
        'health check',
        (context, err) => this.sink.fault(context, err),
        () => {
          this.healthTimer = null
          this.lastError = `no answer to a ping within ${this.healthCheckMs} ms`
          this.retryAtOnce = true
          // Closing the stream makes MQTT.js emit 'close', which reconnects.
          client.stream.destroy()
        }
      ),
      this.healthCheckMs
    )
    client.sendPing()
  }

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
      if (this.started) this.sink.state('closed')
    })
    return this.stopping
  }

  private onConnect(client: MqttClient, sessionPresent: boolean): void {
    if (this.client !== client) return
    this.lastError = null
    this.backoff.opened(Date.now())
    if (!sessionPresent) this.redelivery.sessionLost()
    this.sink.state('open')
    if (this.subscribed && sessionPresent) return
    const filters: Record<string, { qos: 0 | 1 | 2 }> = {}
    for (const s of this.config.subscriptions) filters[s.topic] = { qos: s.qos }
    client.subscribe(filters, (err, granted) => {
      if (err) {
        this.sink.state('open', `subscribe failed: ${err.message}`)
        return
      }
      this.subscribed = true
      const refused = (granted ?? []).filter((g) => g.qos >= 128).map((g) => g.topic)
      if (refused.length > 0) this.sink.state('open', `broker refused subscription to ${refused.join(', ')}`)
    })
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
      this.refuse(`broker sent ${what}, over maxMessageBytes (${max}): connection dropped`)
      this.lastError = `dropped the connection: the broker sent ${what} (maxMessageBytes ${max})`
      this.droppedStream = stream
      stream.destroy()
    })
  }

  /** A packet refused before it was read: counted malformed (and recorded as such). */
  private refuse(reason: string): void {
    if (this.tap.active) this.tap.refused(wallNow(), reason)
    this.sink.malformed(reason)
  }

  private endHealthCheck(): void {
    if (this.healthTimer !== null) clearTimeout(this.healthTimer)
    this.healthTimer = null
    this.healthListener?.()
    this.healthListener = null
  }

  private scheduleRetry(retry: () => void): void {
    if (this.stopped || this.reconnectTimer) return
    this.sink.state('reconnecting', this.lastError ?? 'connection closed')
    this.intake.connectionLost()
    const delay = this.retryAtOnce ? 0 : this.backoff.nextDelayMs()
    this.retryAtOnce = false
    this.pendingRetry = retry
    this.reconnectTimer = setTimeout(
      guard(
        'reconnect',
        (context, err) => this.sink.fault(context, err),
        () => {
          this.reconnectTimer = null
          this.pendingRetry = null
          if (!this.stopped) retry()
        }
      ),
      delay
    )
  }
}
