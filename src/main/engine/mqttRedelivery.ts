/** The parts of an incoming PUBLISH that identify a QoS 1 redelivery. */
export interface DeliveredPublish {
  topic: string
  payload: Uint8Array
  qos: 0 | 1 | 2
  dup: boolean
  messageId?: number
}

/**
 * Drops QoS 1 redeliveries of messages already handed on, so a persistent session never shows a
 * value twice.
 *
 * QoS 1 is at-least-once: when a connection dies after Tickwire took a message but before its
 * PUBACK reached the broker, the broker sends it again on the resumed session with the DUP flag
 * set and the same packet identifier (MQTT 3.1.1 §4.4, MQTT 5 §4.4). So a DUP packet whose
 * identifier was last used by a message with the same topic and payload is that message again.
 * A packet without DUP is always new (identifiers are reused once acknowledged), and it replaces
 * what is remembered for its identifier. Identifiers are 16-bit, so at most 65,535 small
 * fingerprints are kept. The one thing this cannot tell apart is a DUP resend of a message that
 * never arrived carrying a reused identifier, topic and payload identical to one that did: the
 * value on screen is then the same either way.
 *
 * QoS 2 needs none of this: MQTT.js hands a QoS 2 message on once, at PUBREL, as long as its
 * incoming store survives the reconnect (see `TelemetrySource`).
 */
export class RedeliveryFilter {
  private readonly seen = new Map<number, string>()
  private droppedCount = 0

  /** Redeliveries dropped so far. */
  get dropped(): number {
    return this.droppedCount
  }

  /** True when the message is new and should be decoded; false for a redelivered duplicate. */
  admit(packet: DeliveredPublish): boolean {
    if (packet.qos !== 1 || packet.messageId === undefined) return true
    const fingerprint = fingerprintOf(packet.topic, packet.payload)
    if (packet.dup && this.seen.get(packet.messageId) === fingerprint) {
      this.droppedCount++
      return false
    }
    this.seen.set(packet.messageId, fingerprint)
    return true
  }

  /** The broker did not resume the session: nothing it sends from now on is a redelivery. */
  sessionLost(): void {
    this.seen.clear()
  }
}

/** Topic, length and a 32-bit FNV-1a hash of the payload: cheap, and enough to match a resend. */
function fingerprintOf(topic: string, payload: Uint8Array): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < payload.length; i++) {
    hash ^= payload[i]
    hash = Math.imul(hash, 0x01000193)
  }
  return `${payload.length}:${(hash >>> 0).toString(16)}:${topic}`
}
