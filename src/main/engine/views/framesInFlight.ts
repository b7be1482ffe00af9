/** A frame sent and not yet acked: the keys whose new values it carried, for display latency. */
export interface SentFrame {
  sentAt: number
  keys: string[]
  receivedAts: number[]
}

/**
 * One view's unacknowledged frames, by sequence number (oldest first), at most `limit`; and the
 * few that were outstanding when the view was resynchronised, whose late acks are expected rather
 * than invalid.
 */
export class FramesInFlight {
  private readonly frames = new Map<number, SentFrame>()
  private readonly superseded = new Set<number>()

  constructor(private readonly limit: number) {}

  /** No credit left: the next frame waits for an ack. */
  get full(): boolean {
    return this.frames.size >= this.limit
  }

  add(seq: number, frame: SentFrame): void {
    this.frames.set(seq, frame)
  }

  /** A resync: the outstanding frames will never be counted, but their acks may still come. */
  supersede(): void {
    for (const seq of this.frames.keys()) this.superseded.add(seq)
    // Bounded: a view that never acks cannot grow the set past a few entries.
    while (this.superseded.size > 2 * this.limit)
      this.superseded.delete(this.superseded.values().next().value as number)
    this.frames.clear()
  }

  /** A view that (re)started itself: nothing it acks from before counts or is expected. */
  reset(): void {
    this.frames.clear()
    this.superseded.clear()
  }

  /** Takes the frames one paint acked; `invalid` counts seqs neither in flight nor superseded. */
  take(seqs: readonly number[]): { painted: SentFrame[]; invalid: number } {
    const painted: SentFrame[] = []
    let invalid = 0
    for (const seq of seqs) {
      const frame = this.frames.get(seq)
      if (frame !== undefined) {
        this.frames.delete(seq)
        painted.push(frame)
      } else if (!this.superseded.delete(seq)) {
        invalid++
      }
    }
    return { painted, invalid }
  }
}

/**
 * What one paint of `painted` (oldest first, merged by the view: the newest value of a key wins)
 * showed: a key's older value that a newer frame of the same paint replaced was never on screen,
 * so only each key's newest value counts for display latency.
 */
export function shownReceivedAts(painted: readonly SentFrame[]): readonly number[] {
  if (painted.length === 1) return painted[0].receivedAts
  const seen = new Set<string>()
  const shown: number[] = []
  for (let f = painted.length - 1; f >= 0; f--) {
    const { keys, receivedAts } = painted[f]
    for (let i = 0; i < keys.length; i++) {
      if (seen.has(keys[i])) continue
      seen.add(keys[i])
      shown.push(receivedAts[i])
    }
  }
  return shown
}
