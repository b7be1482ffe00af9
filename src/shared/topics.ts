/**
 * The topic explorer's view of one broker connection: every topic seen, and each topic's last
 * messages with what MQTT said about them.
 */

/** Topics followed per broker connection; beyond it new ones are only counted. */
export const MAX_TRACKED_TOPICS = 100_000
/** Last messages kept per topic. */
export const MESSAGES_PER_TOPIC = 50
/** Largest part of one payload kept for the inspector (its size is always said). */
export const MAX_KEPT_PAYLOAD_BYTES = 64 * 1024
/** Rows one `topicTree` answer holds. */
export const MAX_TOPIC_ROWS = 5_000

export interface TopicRow {
  topic: string
  count: number
  /** Messages per second over the last few seconds. */
  ratePerSec: number
  /** The last message was retained (a broker's stored value, not live). */
  retained: boolean
  lastSize: number
  lastAt: number
}

export interface TopicTreePage {
  /** Topics matching the filter. */
  total: number
  /** Topics seen beyond the bound, not followed. */
  untracked: number
  offset: number
  rows: TopicRow[]
}

export interface TopicMessageProperties {
  contentType?: string
  responseTopic?: string
  /** Hex. */
  correlationData?: string
  userProperties?: Record<string, string | string[]>
  payloadFormatIndicator?: boolean
  messageExpiryInterval?: number
}

export interface TopicMessage {
  receivedAt: number
  qos: number
  retain: boolean
  dup: boolean
  /** The whole payload's size in bytes. */
  size: number
  /** The payload kept, base64 (at most `MAX_KEPT_PAYLOAD_BYTES`). */
  payloadBase64: string
  truncated: boolean
  properties?: TopicMessageProperties
}

export interface TopicMessages {
  topic: string
  /** Newest first. */
  messages: TopicMessage[]
}
