import type { TickerQuote } from '@shared/model'
import { nextRowDecimals } from '../format/priceDecimals'
import { RingBuffer } from './ringBuffer'
import { naturalOrder } from '@shared/naturalOrder'

export const SPARKLINE_POINTS = 120

/** One grid row: the latest quote plus what the view derives from the stream of quotes. */
export interface TickerRow {
  readonly key: string
  quote: TickerQuote
  /** Decimals for this row's prices; only ever widened, so digits do not jump. */
  decimals: number
  history: RingBuffer
  /** Direction of the last price change, for the flash on the "last" cell. */
  flash: 'up' | 'down' | null
  /** Bumped per up/down tick: alternating animation names restart the CSS flash cheaply. */
  flashSeq: number
  /** Bumped on every update: a row component re-renders only when its `rev` changes. */
  rev: number
}

/**
 * All ticker rows, plain (non-reactive) data: the store wraps it with `markRaw` and bumps one
 * version counter per applied frame, so hundreds of rows at high rates cost no deep reactivity.
 */
export class TickerTable {
  readonly rows = new Map<string, TickerRow>()
  /** Keys in display order (by source, then symbol). */
  order: string[] = []
  /** Bumped whenever rows are added or removed (not when values change): what a cached layout checks. */
  structure = 0

  /** Applies quotes; returns true when rows were added (the order changed). */
  apply(quotes: readonly TickerQuote[]): boolean {
    let added = false
    for (const quote of quotes) {
      const row = this.rows.get(quote.key)
      if (row) this.update(row, quote)
      else {
        this.rows.set(quote.key, this.create(quote))
        added = true
      }
    }
    if (added) {
      this.order = [...this.rows.keys()].sort(naturalOrder)
      this.structure++
    }
    return added
  }

  /** Replaces everything with a snapshot (a fresh `hello`); history of kept rows survives. */
  replace(quotes: readonly TickerQuote[]): void {
    const keep = new Set(quotes.map((q) => q.key))
    for (const key of [...this.rows.keys()]) if (!keep.has(key)) this.rows.delete(key)
    this.apply(quotes)
    this.order = [...this.rows.keys()].sort(naturalOrder)
    this.structure++
  }

  private create(quote: TickerQuote): TickerRow {
    const row: TickerRow = {
      key: quote.key,
      quote,
      decimals: 2,
      history: new RingBuffer(SPARKLINE_POINTS),
      flash: null,
      flashSeq: 0,
      rev: 0
    }
    this.widen(row, quote)
    if (quote.last !== null) row.history.push(quote.last)
    return row
  }

  private update(row: TickerRow, quote: TickerQuote): void {
    const previous = row.quote.last
    row.quote = quote
    this.widen(row, quote)
    if (quote.last !== null) {
      if (previous !== null && quote.last !== previous) {
        row.flash = quote.last > previous ? 'up' : 'down'
        row.flashSeq++
      }
      // Only count real updates: a snapshot repeating the same value must not flatten the line.
      if (quote.last !== previous || row.history.length === 0) row.history.push(quote.last)
    }
    row.rev++
  }

  private widen(row: TickerRow, quote: TickerQuote): void {
    row.decimals = nextRowDecimals(
      nextRowDecimals(nextRowDecimals(row.decimals, quote.last), quote.bid),
      quote.ask
    )
  }
}
