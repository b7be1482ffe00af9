import {
  MAX_KEPT_PAYLOAD_BYTES,
  MAX_TRACKED_TOPICS,
  MESSAGES_PER_TOPIC,
  type TopicMessage,
  type TopicMessageProperties,
  type TopicMessages,
  type TopicTreePage
} from '@shared/topics'
import { TopicNode, TopicTree, type OwnTopic, type TreeQuery } from './topicTree'
import { payloadPreview } from './payloadPreview'

/** Payload bytes kept over all topics of one connection; past it the least recent topics give theirs up. */
const DEFAULT_BYTES_BUDGET = 64 * 1024 * 1024

/** A source whose topics the explorer can show (a broker connection, live or replayed). */
export interface TopicsSource {
  readonly topics: TopicTracker
}

export function hasTopics(source: unknown): source is TopicsSource {
  return (
    typeof source === 'object' &&
    source !== null &&
    (source as Partial<TopicsSource>).topics instanceof TopicTracker
  )
}

/** What a payload decodes to beyond its bytes, for the inspector. */
export type PayloadInspector = (
  topic: string,
  payload: Buffer,
  truncated: boolean
) => Pick<TopicMessage, 'sparkplug' | 'sparkplugError'> | null

/** What MQTT said of a message besides its topic and payload (absent in a replay). */
export interface MessageMeta {
  qos: number
  dup: boolean
  properties?: TopicMessageProperties
}

interface Kept {
  receivedAt: number
  qos: number
  retain: boolean
  dup: boolean
  size: number
  payload: Buffer
  properties?: TopicMessageProperties
}

/** One topic's own figures and last messages (oldest first). */
class TopicEntry implements OwnTopic {
  count = 0
  retained = false
  lastSize = 0
  lastAt = 0
  readonly messages: Kept[] = []
  bytes = 0

  constructor(private readonly topic: string) {}

  preview(): string {
    const last = this.messages.at(-1)
    return last === undefined ? 'no longer kept' : payloadPreview(this.topic, last.payload, last.size)
  }
}

/**
 * Every topic one broker connection delivered, for the topic explorer: a tree of its levels with
 * message counts, rates, retained flags, last sizes and times, and each topic's last messages
 * (payloads copied, each cut at `MAX_KEPT_PAYLOAD_BYTES` with its size kept). Bounded in topics,
 * tree nodes and payload bytes: the topics updated least recently give up their messages first.
 */
export class TopicTracker {
  /** In order of last update, least recent first (a Map keeps insertion order; updates re-insert). */
  private readonly topics = new Map<string, TopicNode>()
  private readonly levels: TopicTree
  private untracked = 0
  private bytes = 0

  /** `inspect`: what else a kept payload says (a Sparkplug message decoded), asked when one is shown. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly bytesBudget = DEFAULT_BYTES_BUDGET,
    private readonly inspect: PayloadInspector | null = null
  ) {
    this.levels = new TopicTree(now())
  }

  receive(
    topic: string,
    payload: Buffer,
    retain: boolean,
    receivedAt: number,
    meta: MessageMeta | null
  ): void {
    let node = this.topics.get(topic)
    if (node === undefined) {
      const made = this.topics.size < MAX_TRACKED_TOPICS ? this.levels.add(topic, receivedAt) : null
      if (made === null) {
        this.untracked++
        return
      }
      made.own = new TopicEntry(topic)
      node = made
    } else this.topics.delete(topic)
    this.topics.set(topic, node)
    const entry = node.own as TopicEntry
    entry.count++
    entry.retained = retain
    entry.lastSize = payload.length
    entry.lastAt = receivedAt
    this.levels.count(node, receivedAt)
    // A copy: MQTT.js's payload may be a view of a whole socket chunk.
    const kept = Buffer.from(payload.subarray(0, MAX_KEPT_PAYLOAD_BYTES))
    entry.messages.push({
      receivedAt,
      qos: meta?.qos ?? 0,
      retain,
      dup: meta?.dup ?? false,
      size: payload.length,
      payload: kept,
      ...(meta?.properties === undefined ? {} : { properties: meta.properties })
    })
    entry.bytes += kept.length
    this.bytes += kept.length
    if (entry.messages.length > MESSAGES_PER_TOPIC) this.dropOldest(entry)
    if (this.bytes > this.bytesBudget) this.shed()
  }

  /** A page of the tree as a view shows it (a filter, the levels it opened or closed). */
  tree(query: TreeQuery): TopicTreePage {
    return this.levels.page(
      query,
      this.topics.entries(),
      { topics: this.topics.size, untracked: this.untracked },
      this.now()
    )
  }

  /** One topic's last messages, newest first; undefined for a topic never seen. */
  messages(topic: string): TopicMessages | undefined {
    const entry = this.topics.get(topic)?.own as TopicEntry | undefined
    if (entry === undefined) return undefined
    const messages: TopicMessage[] = []
    for (let i = entry.messages.length - 1; i >= 0; i--) {
      const m = entry.messages[i]
      messages.push({
        receivedAt: m.receivedAt,
        qos: m.qos,
        retain: m.retain,
        dup: m.dup,
        size: m.size,
        payloadBase64: m.payload.toString('base64'),
        truncated: m.payload.length < m.size,
        ...(m.properties === undefined ? {} : { properties: m.properties }),
        ...this.inspect?.(topic, m.payload, m.payload.length < m.size)
      })
    }
    return { topic, messages }
  }

  get keptBytes(): number {
    return this.bytes
  }

  private dropOldest(entry: TopicEntry): void {
    const gone = entry.messages.shift()
    if (gone === undefined) return
    entry.bytes -= gone.payload.length
    this.bytes -= gone.payload.length
  }

  /**
   * Over the budget: the least recently updated topics give up their messages (the counts stay),
   * down to 90% so the work is paid once per tenth of the budget, not per message.
   */
  private shed(): void {
    for (const node of this.topics.values()) {
      const entry = node.own as TopicEntry
      while (entry.messages.length > 0) this.dropOldest(entry)
      if (this.bytes <= this.bytesBudget * 0.9) return
    }
  }
}
