import {
  MAX_KEPT_BIRTH_BYTES,
  MAX_KEPT_PAYLOAD_BYTES,
  MAX_TRACKED_TOPICS,
  MESSAGES_PER_TOPIC,
  type TopicMessage,
  type TopicMessageProperties,
  type TopicMessages,
  type TopicPayload,
  type TopicTreePage
} from '@shared/topics'
import { TopicNode, TopicTree, type OwnTopic, type TreeQuery } from './topicTree'
import { payloadPreview } from './payloadPreview'
import { propertiesBytes } from './messageProperties'
import { KeptMessages, keptPayload, type Kept } from './keptMessages'

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
  payload: Uint8Array,
  truncated: boolean
) => Pick<TopicPayload, 'sparkplug' | 'sparkplugError'> | null

/** What MQTT said of a message besides its topic and payload (absent in a replay). */
export interface MessageMeta {
  qos: number
  dup: boolean
  properties?: TopicMessageProperties
}

/** What a kept message costs besides its payload bytes (its record, properties, the array slot). */
const MESSAGE_OVERHEAD_BYTES = 160

/** One topic's own figures and last messages (oldest first), linked in least-recent order. */
class TopicEntry implements OwnTopic {
  count = 0
  retained = false
  lastSize = 0
  lastAt = 0
  readonly messages = new KeptMessages(MESSAGES_PER_TOPIC)
  /** Bytes charged to the budget: payloads and each message's overhead. */
  bytes = 0
  older: TopicEntry | null = null
  newer: TopicEntry | null = null
  linked = false

  constructor(readonly topic: string) {}

  preview(): string {
    const last = this.messages.newest()
    return last === undefined ? 'no longer kept' : payloadPreview(this.topic, keptPayload(last), last.size)
  }
}

/**
 * Every topic one broker connection delivered, for the topic explorer: a tree of its levels with
 * message counts, rates, retained flags, last sizes and times, and each topic's last messages
 * (payloads copied, each cut at `MAX_KEPT_PAYLOAD_BYTES` with its size kept). Bounded in topics,
 * tree nodes and bytes: the topics updated least recently give up their messages first.
 */
export class TopicTracker {
  private readonly topics = new Map<string, TopicNode>()
  private readonly levels: TopicTree
  /** Topics with kept messages, least recently updated first: an O(1) move per message. */
  private oldest: TopicEntry | null = null
  private newest: TopicEntry | null = null
  private untracked = 0
  private bytes = 0
  private seq = 0

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
      this.topics.set(topic, made)
      node = made
    }
    const entry = node.own as TopicEntry
    entry.count++
    entry.retained = retain
    entry.lastSize = payload.length
    entry.lastAt = receivedAt
    this.levels.count(node, receivedAt)
    const keep = isSparkplugBirth(topic) ? MAX_KEPT_BIRTH_BYTES : MAX_KEPT_PAYLOAD_BYTES
    const leaving = entry.messages.leaving()
    const freed = leaving === undefined ? 0 : costOf(leaving.storage.length, leaving.properties)
    const kept = entry.messages.add(++this.seq, receivedAt, meta, retain, payload, keep)
    const cost = costOf(kept.storage.length, kept.properties) - freed
    entry.bytes += cost
    this.bytes += cost
    this.touch(entry)
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

  /**
   * One topic's last messages, newest first, and the payload of message `seq` (else of the
   * newest; null if `seq` is no longer kept); undefined for a topic never seen.
   */
  messages(topic: string, seq: number | null = null): TopicMessages | undefined {
    const entry = this.topics.get(topic)?.own as TopicEntry | undefined
    if (entry === undefined) return undefined
    const messages: TopicMessage[] = []
    let chosen: Kept | undefined
    for (let i = entry.messages.length - 1; i >= 0; i--) {
      const m = entry.messages.at(i)
      if (seq === null ? i === entry.messages.length - 1 : m.seq === seq) chosen = m
      messages.push({
        seq: m.seq,
        receivedAt: m.receivedAt,
        qos: m.qos,
        retain: m.retain,
        dup: m.dup,
        size: m.size,
        truncated: m.kept < m.size,
        ...(m.properties === undefined ? {} : { properties: m.properties })
      })
    }
    const payload = chosen === undefined ? null : this.payloadOf(topic, chosen)
    return { topic, messages, payload, replayed: messages.some((m) => m.qos === null) }
  }

  get keptBytes(): number {
    return this.bytes
  }

  private payloadOf(topic: string, m: Kept): TopicPayload {
    const truncated = m.kept < m.size
    const bytes = keptPayload(m)
    let decoded: Pick<TopicPayload, 'sparkplug' | 'sparkplugError'> | null = null
    try {
      decoded = this.inspect?.(topic, bytes, truncated) ?? null
    } catch (err) {
      // A decoder bug costs the decoded view of one message, never the answer.
      decoded = { sparkplugError: `could not be decoded (${(err as Error).message.slice(0, 120)})` }
    }
    return {
      seq: m.seq,
      payloadBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
      size: m.size,
      truncated,
      ...decoded
    }
  }

  /** `entry` is now the most recently updated. */
  private touch(entry: TopicEntry): void {
    if (this.newest === entry) return
    if (entry.linked) this.unlink(entry)
    entry.older = this.newest
    entry.newer = null
    if (this.newest !== null) this.newest.newer = entry
    this.newest = entry
    this.oldest ??= entry
    entry.linked = true
  }

  private unlink(entry: TopicEntry): void {
    if (entry.older !== null) entry.older.newer = entry.newer
    else this.oldest = entry.newer
    if (entry.newer !== null) entry.newer.older = entry.older
    else this.newest = entry.older
    entry.older = null
    entry.newer = null
    entry.linked = false
  }

  /**
   * Over the budget: the least recently updated topics give up their messages (the counts stay),
   * down to 90% so the work is paid once per tenth of the budget, not per message. A topic left
   * with none leaves the list until its next message.
   */
  private shed(): void {
    while (this.oldest !== null && this.bytes > this.bytesBudget * 0.9) {
      const entry = this.oldest
      this.bytes -= entry.bytes
      entry.bytes = 0
      entry.messages.clear()
      this.unlink(entry)
    }
  }
}

/** What a kept message is charged against the budget: its payload, its properties, its record. */
function costOf(payloadBytes: number, properties: TopicMessageProperties | undefined): number {
  return payloadBytes + MESSAGE_OVERHEAD_BYTES + (properties === undefined ? 0 : propertiesBytes(properties))
}

function isSparkplugBirth(topic: string): boolean {
  return topic.startsWith('spBv1.0/') && (topic.includes('/NBIRTH/') || topic.includes('/DBIRTH/'))
}
