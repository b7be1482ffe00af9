import type { TopicMessage, TopicMessageProperties } from '@shared/topics'

/** One kept message of a topic: what a view is told of it, and its bytes. */
export interface Kept extends Pick<TopicMessage, 'seq' | 'receivedAt' | 'qos' | 'retain' | 'dup' | 'size'> {
  /**
   * Its own copy of the payload's first `kept` bytes, in storage that may be a little longer (it
   * is reused by the topic's later messages). Its own: a view of a socket chunk, or of a shared
   * pool slab, would keep all of it alive.
   */
  storage: Uint8Array
  kept: number
  properties: TopicMessageProperties | undefined
}

/** The kept bytes of a message (a view: read it before the topic's ring comes round). */
export function keptPayload(message: Kept): Uint8Array {
  return message.storage.subarray(0, message.kept)
}

/** Storage for `length` bytes: rounded up so payloads a few bytes longer than the last still fit. */
function storageFor(length: number): Uint8Array {
  return new Uint8Array(length === 0 ? 0 : (length + 15) & ~15)
}

const NO_BYTES = new Uint8Array(0)

/**
 * One topic's last messages, oldest first, at most `capacity`, in a ring whose records are
 * rewritten as it goes round. Why: each message otherwise left a record that lived for the next
 * `capacity` messages of its topic — long enough to be promoted, short enough to die soon after —
 * and collecting those was the largest single cost of a broker flood (a third of the topic
 * explorer's time). Once a topic's ring is full, a message allocates nothing unless its payload
 * outgrows the storage of the one it replaces.
 */
export class KeptMessages {
  /** Ring storage: shorter than `capacity` only while it fills, and `start` is 0 until it is full. */
  private readonly slots: Kept[] = []
  private start = 0
  private count = 0

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer')
  }

  get length(): number {
    return this.count
  }

  /** The `i`-th oldest message (0 is the oldest); `i` must be below `length`. */
  at(i: number): Kept {
    return this.slots[(this.start + i) % this.slots.length]
  }

  newest(): Kept | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1)
  }

  /** What would leave to make room for one more (the oldest, when full), for the byte budget. */
  leaving(): Kept | undefined {
    return this.count === this.capacity ? this.at(0) : undefined
  }

  /** Keeps a message with a copy of `payload`'s first `keep` bytes; the oldest goes when full. */
  add(
    seq: number,
    receivedAt: number,
    meta: { qos: number; dup: boolean; properties?: TopicMessageProperties } | null,
    retain: boolean,
    payload: Uint8Array,
    keep: number
  ): Kept {
    const length = Math.min(payload.length, keep)
    let slot: Kept
    if (this.count === this.capacity) {
      // Full: the oldest record is rewritten as the newest.
      slot = this.slots[this.start]
      this.start = (this.start + 1) % this.capacity
    } else {
      slot = {
        seq: 0,
        receivedAt: 0,
        qos: null,
        retain: false,
        dup: null,
        size: 0,
        storage: NO_BYTES,
        kept: 0,
        properties: undefined
      }
      this.slots.push(slot)
      this.count++
    }
    slot.seq = seq
    slot.receivedAt = receivedAt
    slot.qos = meta === null ? null : meta.qos
    slot.retain = retain
    slot.dup = meta === null ? null : meta.dup
    slot.size = payload.length
    // The old storage is reused where the payload fits it and it is not much larger (the budget
    // counts storage, and a big one must not stay behind a small message).
    const room = slot.storage.length
    if (!(room >= length && room <= length + 64)) slot.storage = storageFor(length)
    slot.storage.set(length === payload.length ? payload : payload.subarray(0, length))
    slot.kept = length
    slot.properties = meta?.properties
    return slot
  }

  /**
   * Forgets every message, records too: a shed topic must not hold memory the byte budget no
   * longer counts (sheds are rare, so reuse buys nothing here).
   */
  clear(): void {
    this.slots.length = 0
    this.start = 0
    this.count = 0
  }
}
