import type { TelemetryConfig } from '@shared/config'
import type { SourceSink } from '../sourceSink'
import { TelemetryPayloadDecoder } from '../telemetryPayload'
import { SparkplugPlant } from '../sparkplug/sparkplugPlant'
import type { SparkplugCommand } from '../sparkplug/rebirthRequests'
import { isSparkplugTopic } from '@shared/sparkplugTopic'
import { TopicCheck } from './topicCheck'
import { TopicTracker, type MessageMeta } from '../topics/topicTracker'
import { inspectSparkplug } from '../sparkplug/sparkplugInspector'

/**
 * An MQTT message taken in: counted, its topic checked, its payload decoded. The same for a live
 * broker connection and a replayed one.
 */
export class TelemetryIntake {
  private readonly decoder: TelemetryPayloadDecoder
  private readonly topicCheck: TopicCheck
  /** Every topic seen, for the topic explorer. */
  readonly topics: TopicTracker
  /** Sparkplug B (`spBv1.0/…`) on whatever subscription brings it. */
  private readonly sparkplug: SparkplugPlant

  /** `command`: how to send a Sparkplug command, where the connection may (`publish`); none in a replay. */
  constructor(
    config: TelemetryConfig,
    private readonly sink: SourceSink,
    command: SparkplugCommand | null = null
  ) {
    this.decoder = TelemetryPayloadDecoder.forConfig(config, sink)
    this.topicCheck = new TopicCheck(config.subscriptions.map((s) => s.topic))
    this.sparkplug = new SparkplugPlant(config.id, sink, config.publish === true ? command : null)
    const plant = this.sparkplug
    this.topics = new TopicTracker(Date.now, undefined, (topic, payload, truncated) => {
      if (!isSparkplugTopic(topic)) return null
      const view = inspectSparkplug(topic, payload, truncated, plant)
      return typeof view === 'string' ? { sparkplugError: view } : { sparkplug: view }
    })
  }

  /** The broker connection dropped: what it said of Sparkplug nodes no longer holds. */
  connectionLost(): void {
    this.sparkplug.connectionLost()
  }

  /** `meta`: QoS, DUP and MQTT 5 properties, where the connection has them (not a replay). */
  receive(
    topic: string,
    payload: Buffer,
    retain: boolean,
    receivedAt: number,
    meta: MessageMeta | null = null
  ): void {
    this.sink.message()
    const refused = this.topicCheck.problem(topic)
    if (refused !== null) {
      this.sink.malformed(refused, topic)
      return
    }
    this.topics.receive(topic, payload, retain, receivedAt, meta)
    try {
      if (isSparkplugTopic(topic)) this.sparkplug.receive(topic, payload, retain, receivedAt)
      else this.decoder.decode(topic, payload, retain, receivedAt)
    } catch (err) {
      // Last line of defence: a decoder bug must cost one message, never the process.
      this.sink.malformed(`could not be decoded (${(err as Error).message})`, topic)
    }
  }
}
