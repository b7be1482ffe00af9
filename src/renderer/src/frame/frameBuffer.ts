import type { SensorReading, TickerQuote } from '@shared/model'

/** One frame as the view holds it: tickers filled in from their keys, readings joined with their presentation. */
export interface ViewFrame {
  seq: number
  tickers: readonly TickerQuote[]
  readings: readonly SensorReading[]
}

/** Everything received since the last animation frame, merged: latest value per key wins. */
export interface FrameBatch {
  /** Every frame merged into this batch, in arrival order; each is acked once after painting. */
  seqs: number[]
  tickers: TickerQuote[]
  readings: SensorReading[]
}

/**
 * Holds frames that arrived between two animation frames. With credit-based flow control there is
 * normally at most one, but if several arrive (credit > 1, or a burst after a stall) they merge so
 * only the newest value of each key is applied, and every sequence number is still acked.
 */
export class FrameBuffer {
  private seqs: number[] = []
  private tickers = new Map<string, TickerQuote>()
  private readings = new Map<string, SensorReading>()

  get pending(): boolean {
    return this.seqs.length > 0
  }

  push(frame: ViewFrame): void {
    this.seqs.push(frame.seq)
    // Delete first so a re-sent key moves to the end: Map iteration then follows arrival order.
    for (const t of frame.tickers) {
      this.tickers.delete(t.key)
      this.tickers.set(t.key, t)
    }
    for (const r of frame.readings) {
      this.readings.delete(r.key)
      this.readings.set(r.key, r)
    }
  }

  /** Hands over the merged batch and empties the buffer; `null` when nothing is pending. */
  take(): FrameBatch | null {
    if (this.seqs.length === 0) return null
    const batch: FrameBatch = {
      seqs: this.seqs,
      tickers: [...this.tickers.values()],
      readings: [...this.readings.values()]
    }
    this.clear()
    return batch
  }

  clear(): void {
    this.seqs = []
    this.tickers = new Map()
    this.readings = new Map()
  }
}
