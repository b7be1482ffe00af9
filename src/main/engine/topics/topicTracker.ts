import {
  MAX_KEPT_PAYLOAD_BYTES,
  MAX_TOPIC_ROWS,
  MAX_TRACKED_TOPICS,
  MESSAGES_PER_TOPIC,
  type TopicMessage,
  type TopicMessageProperties,
  type TopicMessages,
  type TopicTreePage
} from '@shared/topics'

/** Payload bytes kept over all topics of one connection; past it the least recent topics give theirs up. */
const DEFAULT_BYTES_BUDGET = 64 * 1024 * 1024
/** Topic rates are taken over this window. */
const RATE_WINDOW_MS = 5_000

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

interface TopicEntry {
  count: number
  countAtWindow: number
  ratePerSec: number
  retained: boolean
  lastSize: number
  lastAt: number
  /** Oldest first. */
  messages: Kept[]
  bytes: number
}

/**
 * Every topic one broker connection delivered, for the topic explorer: message count, rate,
 * retained flag, last size and time, and the last messages (payloads copied, each cut at
 * `MAX_KEPT_PAYLOAD_BYTES` with its size kept). Bounded in topics and in payload bytes: the
 * topics updated least recently give up their older messages first.
 */
export class TopicTracker {
  /** In order of last update, least recent first (a Map keeps insertion order; updates re-insert). */
  private readonly topics = new Map<string, TopicEntry>()
  private untracked = 0
  private bytes = 0
  private sorted: string[] | null = null
  private windowAt: number

  constructor(
    private readonly now: () => number = Date.now,
    private readonly bytesBudget = DEFAULT_BYTES_BUDGET
  ) {
    this.windowAt = now()
  }

  receive(
    topic: string,
    payload: Buffer,
    retain: boolean,
    receivedAt: number,
    meta: MessageMeta | null
  ): void {
    let entry = this.topics.get(topic)
    if (entry === undefined) {
      if (this.topics.size >= MAX_TRACKED_TOPICS) {
        this.untracked++
        return
      }
      entry = {
        count: 0,
        countAtWindow: 0,
        ratePerSec: 0,
        retained: false,
        lastSize: 0,
        lastAt: 0,
        messages: [],
        bytes: 0
      }
      this.sorted = null
    } else this.topics.delete(topic)
    this.topics.set(topic, entry)
    entry.count++
    entry.retained = retain
    entry.lastSize = payload.length
    entry.lastAt = receivedAt
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
    if (receivedAt - this.windowAt >= RATE_WINDOW_MS) this.rollWindow(receivedAt)
  }

  /** A page of the topics (sorted), those containing `filter` when given. */
  tree(filter: string, offset: number, limit: number): TopicTreePage {
    this.rollWindow(this.now())
    this.sorted ??= [...this.topics.keys()].sort()
    const matching = filter === '' ? this.sorted : this.sorted.filter((t) => t.includes(filter))
    const start = Math.min(Math.max(0, offset), matching.length)
    const rows = matching.slice(start, start + Math.min(limit, MAX_TOPIC_ROWS)).map((topic) => {
      const e = this.topics.get(topic)!
      return {
        topic,
        count: e.count,
        ratePerSec: e.ratePerSec,
        retained: e.retained,
        lastSize: e.lastSize,
        lastAt: e.lastAt
      }
    })
    return { total: matching.length, untracked: this.untracked, offset: start, rows }
  }

  /** One topic's last messages, newest first; undefined for a topic never seen. */
  messages(topic: string): TopicMessages | undefined {
    const entry = this.topics.get(topic)
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
        ...(m.properties === undefined ? {} : { properties: m.properties })
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
    for (const entry of this.topics.values()) {
      while (entry.messages.length > 0) this.dropOldest(entry)
      if (this.bytes <= this.bytesBudget * 0.9) return
    }
  }

  private rollWindow(now: number): void {
    const elapsed = now - this.windowAt
    if (elapsed < RATE_WINDOW_MS) return
    for (const entry of this.topics.values()) {
      entry.ratePerSec = Math.round(((entry.count - entry.countAtWindow) * 10_000) / elapsed) / 10
      entry.countAtWindow = entry.count
    }
    this.windowAt = now
  }
}
