import type { TelemetryConfig } from '@shared/config'
import type { SourceSink } from '../sourceSink'
import { TelemetryPayloadDecoder } from '../telemetryPayload'
import { TopicCheck } from './topicCheck'

/**
 * An MQTT message taken in: counted, its topic checked, its payload decoded. The same for a live
 * broker connection and a replayed one.
 */
export class TelemetryIntake {
  private readonly decoder: TelemetryPayloadDecoder
  private readonly topics: TopicCheck

  constructor(
    config: TelemetryConfig,
    private readonly sink: SourceSink
  ) {
    this.decoder = TelemetryPayloadDecoder.forConfig(config, sink)
    this.topics = new TopicCheck(config.subscriptions.map((s) => s.topic))
  }

  receive(topic: string, payload: Buffer, retain: boolean, receivedAt: number): void {
    this.sink.message()
    const refused = this.topics.problem(topic)
    if (refused !== null) {
      this.sink.malformed(refused, topic)
      return
    }
    try {
      this.decoder.decode(topic, payload, retain, receivedAt)
    } catch (err) {
      // Last line of defence: a decoder bug must cost one message, never the process.
      this.sink.malformed(`could not be decoded (${(err as Error).message})`, topic)
    }
  }
}
