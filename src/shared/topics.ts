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
/** A Sparkplug birth is kept whole up to this, so a big DBIRTH can still be decoded. */
export const MAX_KEPT_BIRTH_BYTES = 1024 * 1024
/** Rows one `topicTree` answer holds. */
export const MAX_TOPIC_ROWS = 5_000

/** Levels of a topic the tree shows as their own rows; deeper levels stay in the last row's name. */
export const MAX_TREE_DEPTH = 32
/** Rows (topics and the levels above them) the tree of one connection holds. */
export const MAX_TREE_NODES = 400_000
/** Levels a view may have opened or closed against its default… */
export const MAX_TREE_EXCEPTIONS = 500
/** …and their characters all together, so a request stays well inside a WebSocket message. */
export const MAX_TREE_EXCEPTION_CHARS = 40_000
/** Characters of a topic's last payload shown beside it. */
export const MAX_PREVIEW_LENGTH = 80

/** Where the tree starts: every level open, or only the top levels shown. */
export const TREE_EXPANSIONS = ['all', 'none'] as const
export type TreeExpansion = (typeof TREE_EXPANSIONS)[number]

/** What arrived on exactly one topic. */
export interface TopicOwnStats {
  count: number
  /** The last message was retained (a broker's stored value, not live). */
  retained: boolean
  lastSize: number
  lastAt: number
  /** The last payload's beginning as one line of text, or what it is (`binary, 12 bytes`). */
  preview: string
}

/** One row of the tree: a topic level, with what arrived at or below it. */
export interface TopicTreeRow {
  /** The topic up to this level (`plant/boiler1`), the row's `data-topic`. */
  topic: string
  /** The level's own name (`boiler1`; `` for an empty level). */
  name: string
  depth: number
  /** Levels directly below; 0 for a leaf. */
  children: number
  open: boolean
  /** Topics at or below this level. */
  topics: number
  /** Messages at or below. */
  count: number
  /** Messages per second at or below, over the last few seconds. */
  ratePerSec: number
  lastAt: number
  /** What arrived on this very topic; null for a level nothing was published to itself. */
  own: TopicOwnStats | null
}

export interface TopicTreePage {
  /** Rows the tree has as shown (open levels, the filter). */
  total: number
  /** Topics followed. */
  topics: number
  /** Messages on topics beyond the bound, not followed. */
  untracked: number
  offset: number
  rows: TopicTreeRow[]
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
  /** Its number on this connection: what `topicMessages` is asked for to get its payload. */
  seq: number
  receivedAt: number
  /** Null where not known: a replay keeps each message's topic, payload and retain flag only. */
  qos: number | null
  retain: boolean
  dup: boolean | null
  /** The whole payload's size in bytes. */
  size: number
  /** Less than the whole payload was kept. */
  truncated: boolean
  properties?: TopicMessageProperties
}

/** One message's payload, as kept. */
export interface TopicPayload {
  seq: number
  /** Base64, at most `MAX_KEPT_PAYLOAD_BYTES` (a Sparkplug birth: `MAX_KEPT_BIRTH_BYTES`). */
  payloadBase64: string
  size: number
  truncated: boolean
  /** A Sparkplug B payload decoded; `sparkplugError` says why one on a Sparkplug topic was not. */
  sparkplug?: SparkplugMessageView
  sparkplugError?: string
}

export interface TopicMessages {
  topic: string
  /** Newest first, without payloads. */
  messages: TopicMessage[]
  /** The payload of the message asked for, else of the newest; null when it is no longer kept. */
  payload: TopicPayload | null
  /** A replay: QoS, DUP and MQTT 5 properties were not recorded. */
  replayed: boolean
}

/** Metrics one inspected Sparkplug message lists; the rest are counted. */
export const MAX_INSPECTED_METRICS = 500

export interface SparkplugMetricView {
  /** As sent, or from the birth where the message gave only the alias; null when neither says. */
  name: string | null
  alias: number | null
  /** The datatype's name (`Double`, `Int64` …), the birth's where the message left it out. */
  datatype: string
  /** The value as text, exact (64-bit integers included); null: no value (`is_null`). */
  value: string | null
  /** Why the value cannot be shown, if so. */
  problem?: string
  timestamp: number | null
  unit: string | null
  historical: boolean
  transient: boolean
  /** The sensor it is on the board as (`<group>/<node>[/<device>]/<metric>`), when it is one. */
  sensorId: string | null
}

export interface SparkplugMessageView {
  timestamp: number | null
  seq: number | null
  metrics: SparkplugMetricView[]
  /** Metrics beyond those listed, or without a usable name or alias. */
  more: number
}
