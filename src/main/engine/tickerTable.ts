import type { Tick, TickerQuote } from '@shared/model'
import { tickerKey } from '@shared/model'

interface TickerEntry {
  quote: TickerQuote
  staleAfterMs: number
  /** Reference for change % when the feed sends neither changePct nor open. */
  firstPrice: number | null
  open: number | null
  /** Once the feed sends changePct we show its figure and never derive our own. */
  changeFromFeed: boolean
  lastSequence: number | null
}

/** Latest quote per ticker key. Quotes are mutated in place; callers copy when sending. */
export class TickerTable {
  private readonly entries = new Map<string, TickerEntry>()

  /** Applies a tick; returns the key and whether its sequence skipped ahead (a gap). */
  apply(tick: Tick, staleAfterMs: number): { key: string; gap: boolean } {
    const key = tickerKey(tick.source, tick.symbol)
    let entry = this.entries.get(key)
    if (entry === undefined) {
      entry = {
        quote: {
          key,
          source: tick.source,
          symbol: tick.symbol,
          last: null,
          bid: null,
          ask: null,
          volume: null,
          changePct: null,
          time: null,
          receivedAt: tick.receivedAt,
          stale: false
        },
        staleAfterMs,
        firstPrice: null,
        open: null,
        changeFromFeed: false,
        lastSequence: null
      }
      this.entries.set(key, entry)
    }
    const q = entry.quote
    if (tick.last !== undefined) {
      q.last = tick.last
      if (entry.firstPrice === null) entry.firstPrice = tick.last
    }
    if (tick.bid !== undefined) q.bid = tick.bid
    if (tick.ask !== undefined) q.ask = tick.ask
    if (tick.volume !== undefined) q.volume = tick.volume
    if (tick.open !== undefined) entry.open = tick.open
    if (tick.changePct !== undefined) {
      q.changePct = tick.changePct
      entry.changeFromFeed = true
    } else if (!entry.changeFromFeed && q.last !== null) {
      const reference = entry.open ?? entry.firstPrice
      if (reference !== null && reference !== 0) q.changePct = ((q.last - reference) / reference) * 100
    }
    if (tick.time !== null) q.time = tick.time
    q.receivedAt = tick.receivedAt
    q.stale = false

    let gap = false
    if (tick.sequence !== undefined) {
      if (entry.lastSequence !== null && tick.sequence > entry.lastSequence + 1) gap = true
      entry.lastSequence = tick.sequence
    }
    return { key, gap }
  }

  get(key: string): TickerQuote | undefined {
    return this.entries.get(key)?.quote
  }

  /** Flips `stale` where it changed and reports each such key. */
  checkStale(now: number, changed: (key: string) => void): void {
    for (const [key, entry] of this.entries) {
      const stale = now - entry.quote.receivedAt > entry.staleAfterMs
      if (stale !== entry.quote.stale) {
        entry.quote.stale = stale
        changed(key)
      }
    }
  }

  /** Forgets every ticker of a removed source. */
  removeSource(sourceId: string): void {
    for (const [key, entry] of this.entries) if (entry.quote.source === sourceId) this.entries.delete(key)
  }

  all(): TickerQuote[] {
    const out: TickerQuote[] = []
    for (const entry of this.entries.values()) out.push({ ...entry.quote })
    return out
  }
}
