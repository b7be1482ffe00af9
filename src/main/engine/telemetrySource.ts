import { diagnosticText } from '@shared/visibleText'
import { randomBytes } from 'node:crypto'
import type { IPublishPacket, MqttClient } from 'mqtt'
import type { TelemetryConfig } from '@shared/config'
import { wallNow } from './clock'
import { MqttLink, subscribeVerdicts, type MqttLinkOptions } from './mqttLink'
import { RedeliveryFilter } from './mqttRedelivery'
import type { Source, SourceSink } from './sourceSink'
import { TelemetryIntake } from './telemetry/telemetryIntake'
import { messageProperties } from './topics/messageProperties'
import type { MessageMeta, TopicTracker, TopicsSource } from './topics/topicTracker'
import { publishWithAnswer, type PublishAnswer, type PublishOptions } from './telemetry/mqttPublish'
import type { PublishJournalSink } from './publish/publishCommands'
import { NO_TAP, type WireTap } from './recording/wireTap'

export { HEALTH_CHECK_MS } from './mqttLink'

/** Sparkplug commands the engine sent that are journaled an hour at most (failures always are). */
const COMMANDS_JOURNALED_PER_HOUR = 30

export interface TelemetrySourceOptions extends MqttLinkOptions {
  /** Where what comes off the wire is recorded. */
  tap?: WireTap
  /** Where what the connection sends of its own accord (a Sparkplug Rebirth request) is journaled. */
  journal?: PublishJournalSink | null
}

/**
 * One telemetry broker: its connection (MqttLink: reconnects, health, packet guard), the
 * subscriptions and the intake that turns messages into readings.
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
  private readonly link: MqttLink
  private readonly redelivery = new RedeliveryFilter()
  private readonly meta: MessageMeta = { qos: 0, dup: false, properties: undefined }
  private subscribed = false
  private readonly journal: PublishJournalSink | null
  private readonly commandsJournaled = { since: -Infinity, count: 0, skipped: 0 }

  constructor(
    private readonly config: TelemetryConfig,
    private readonly sink: SourceSink,
    options: TelemetrySourceOptions = {}
  ) {
    this.id = config.id
    this.intake = new TelemetryIntake(config, sink, (topic, payload) => this.command(topic, payload))
    this.tap = options.tap ?? NO_TAP
    this.journal = options.journal ?? null
    const clientId = config.clientId ?? `tickwire-${randomBytes(6).toString('hex')}`
    this.link = new MqttLink(
      config,
      clientId,
      {
        state: (state, error) => sink.state(state, error),
        fault: (context, err) => sink.fault(context, err),
        refused: (reason) => this.refuse(reason),
        connected: (client, sessionPresent) => this.onConnect(client, sessionPresent),
        message: (topic, payload, packet) => this.onMessage(topic, payload, packet),
        lost: () => this.intake.connectionLost()
      },
      options
    )
  }

  /**
   * A Sparkplug command (a Rebirth request), sent only while connected and only where the
   * connection allows publishing (the intake checks); QoS 0, as Sparkplug sends commands.
   */
  private command(topic: string, payload: Buffer): void {
    const client = this.link.connected
    if (client === null) return
    client.publish(topic, payload, { qos: 0, retain: false }, (err) => {
      const failed = err !== undefined && err !== null
      if (failed) this.link.noteError(`Sparkplug command to ${topic} failed: ${err.message}`)
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
    const client = this.link.connected
    if (client === null)
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
    this.link.start()
  }

  /** After a machine sleep: a ping answered within the health-check time, or a reconnect now. */
  checkHealth(): void {
    this.link.checkHealth()
  }

  stop(): Promise<void> {
    return this.link.stop()
  }

  private onConnect(client: MqttClient, sessionPresent: boolean): void {
    if (!sessionPresent) this.redelivery.sessionLost()
    this.sink.state('open')
    if (this.subscribed && sessionPresent) return
    const filters: Record<string, { qos: 0 | 1 | 2 }> = {}
    for (const s of this.config.subscriptions) filters[s.topic] = { qos: s.qos }
    client.subscribe(filters, (...answer) => {
      const verdicts = subscribeVerdicts(...answer)
      if (verdicts === null) {
        this.sink.state('open', `subscribe failed: ${answer[0]?.message ?? 'no answer'}`)
        return
      }
      this.subscribed = true
      const refused = verdicts.filter((v) => v.refused).map((v) => v.topic)
      if (refused.length > 0) this.sink.state('open', `broker refused subscription to ${refused.join(', ')}`)
    })
  }

  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    // Only QoS 1 can be redelivered as a duplicate; QoS 0 (the high-rate case) skips the check.
    const { qos, dup, messageId } = packet
    if (qos === 1 && !this.redelivery.admit({ topic, payload, qos, dup, messageId })) return
    const receivedAt = wallNow()
    if (this.tap.active) this.tap.mqtt(receivedAt, topic, payload, packet.retain, qos)
    // One object for every message: the intake reads it and keeps none of it but `properties`.
    const meta = this.meta
    meta.qos = qos
    meta.dup = dup === true
    meta.properties = packet.properties === undefined ? undefined : messageProperties(packet.properties)
    this.intake.receive(topic, payload, packet.retain, receivedAt, meta)
  }

  /** A packet refused before it was read: counted malformed (and recorded as such). */
  private refuse(reason: string): void {
    if (this.tap.active) this.tap.refused(wallNow(), reason)
    this.sink.malformed(reason)
  }
}
