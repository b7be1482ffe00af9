import type { SourceWatchlist, TickerQuote } from '@shared/model'
import { tickerKey } from '@shared/model'
import { watchesAll } from './watchlistEdit'
import type { GridViewPrefs, SortColumn } from './gridViewPrefs'
import { RingBuffer } from './ringBuffer'
import { SPARKLINE_POINTS, type TickerRow, type TickerTable } from './tickerTable'

/** One line of the grid: a ticker with data, or a watched symbol still waiting for its first. */
export interface GridEntry {
  key: string
  row: TickerRow
  /** Watched, but the feed has sent nothing for it yet (the row shows "—"). */
  awaiting: boolean
  /** The exchange's refusal, when it refused the symbol; `null` otherwise. */
  rejected: string | null
  /** The source has a watchlist the user can edit. */
  removable: boolean
}

/** A grid sorted by a value (price, change, volume, age) re-sorts this often, not every frame. */
export const RESORT_MS = 250

interface BuiltLayout {
  structure: number
  watchlists: readonly SourceWatchlist[]
  filter: string
  column: SortColumn
  direction: GridViewPrefs['sort']['direction']
  at: number
  entries: GridEntry[]
}

/**
 * Builds what the grid shows: tickers of watched symbols (plus awaiting rows for watched
 * symbols with no data yet), filtered and sorted. Awaiting rows are cached so a row keeps its
 * identity until its first value arrives. The layout is kept while nothing it depends on changed
 * (rows, watchlists, filter, sort): under a flood a new frame arrives every vsync, and re-sorting
 * 500 rows each time was a tenth of the page's time. A value sort is refreshed every `RESORT_MS`
 * (a grid reshuffling 60 times a second could not be read anyway).
 */
export class GridRows {
  private readonly awaitingRows = new Map<string, TickerRow>()
  private built: BuiltLayout | null = null

  build(
    table: TickerTable,
    watchlists: readonly SourceWatchlist[],
    prefs: GridViewPrefs,
    now = performance.now()
  ): GridEntry[] {
    const { filter } = prefs
    const { column, direction } = prefs.sort
    const b = this.built
    if (
      b !== null &&
      b.structure === table.structure &&
      b.watchlists === watchlists &&
      b.filter === filter &&
      b.column === column &&
      b.direction === direction &&
      (column === 'symbol' || now - b.at < RESORT_MS)
    )
      return b.entries
    const entries = this.layout(table, watchlists, filter, column, direction)
    this.built = { structure: table.structure, watchlists, filter, column, direction, at: now, entries }
    return entries
  }

  private layout(
    table: TickerTable,
    watchlists: readonly SourceWatchlist[],
    filter: string,
    column: SortColumn,
    direction: GridViewPrefs['sort']['direction']
  ): GridEntry[] {
    const lists = new Map<string, { list: SourceWatchlist; symbols: Set<string> | null }>()
    for (const list of watchlists) {
      lists.set(list.source, { list, symbols: watchesAll(list) ? null : new Set(list.symbols) })
    }
    const needle = filter.trim().toLowerCase()
    const matches = (key: string, symbol: string): boolean =>
      needle === '' || symbol.toLowerCase().includes(needle) || key.toLowerCase().includes(needle)

    const entries: GridEntry[] = []
    for (const row of table.rows.values()) {
      const { source, symbol } = row.quote
      const watch = lists.get(source)
      // A symbol removed from the watchlist leaves the grid even if a last tick is still buffered.
      if (watch?.symbols && !watch.symbols.has(symbol)) continue
      if (!matches(row.key, symbol)) continue
      entries.push({
        key: row.key,
        row,
        awaiting: false,
        rejected: rejection(watch?.list, symbol),
        removable: watch !== undefined
      })
    }
    const used = new Set<string>()
    for (const { list, symbols } of lists.values()) {
      if (symbols === null) continue
      for (const symbol of symbols) {
        const key = tickerKey(list.source, symbol)
        if (table.rows.has(key) || !matches(key, symbol)) continue
        used.add(key)
        entries.push({
          key,
          row: this.awaitingRow(key, list.source, symbol),
          awaiting: true,
          rejected: rejection(list, symbol),
          removable: true
        })
      }
    }
    for (const key of [...this.awaitingRows.keys()]) if (!used.has(key)) this.awaitingRows.delete(key)

    const compare = comparator(column)
    const sign = direction === 'asc' ? 1 : -1
    entries.sort((a, b) => {
      // Rows with no data sit at the bottom whichever way the column is sorted.
      if (column !== 'symbol' && a.awaiting !== b.awaiting) return a.awaiting ? 1 : -1
      const byColumn = compare(a.row.quote, b.row.quote)
      if (byColumn === null) return nullsLast(a.row.quote, b.row.quote, column) || byKey(a, b)
      return byColumn * sign || byKey(a, b)
    })
    return entries
  }

  private awaitingRow(key: string, source: string, symbol: string): TickerRow {
    let row = this.awaitingRows.get(key)
    if (row === undefined) {
      const quote: TickerQuote = {
        key,
        source,
        symbol,
        last: null,
        bid: null,
        ask: null,
        volume: null,
        changePct: null,
        time: null,
        // No value ever arrived: the age formatter shows "—" for NaN.
        receivedAt: Number.NaN,
        stale: false
      }
      row = {
        key,
        quote,
        decimals: 2,
        history: new RingBuffer(SPARKLINE_POINTS),
        flash: null,
        flashSeq: 0,
        rev: 0
      }
      this.awaitingRows.set(key, row)
    }
    return row
  }
}

function rejection(list: SourceWatchlist | undefined, symbol: string): string | null {
  const verdict = list?.statuses[symbol]
  if (verdict?.status !== 'rejected') return null
  return verdict.detail ?? 'rejected by the exchange'
}

type Compare = (a: TickerQuote, b: TickerQuote) => number | null

/** Compares two quotes on a column; `null` when either has no value there (handled by `nullsLast`). */
function comparator(column: SortColumn): Compare {
  switch (column) {
    case 'symbol':
      return (a, b) => text(a.symbol, b.symbol) || text(a.source, b.source)
    case 'last':
      return numeric((q) => q.last)
    case 'change-pct':
      return numeric((q) => q.changePct)
    case 'volume':
      return numeric((q) => q.volume)
    case 'age':
      // Youngest first when ascending: a later receive time is a smaller age.
      return numeric((q) => (Number.isFinite(q.receivedAt) ? -q.receivedAt : null))
  }
}

function numeric(pick: (q: TickerQuote) => number | null): Compare {
  return (a, b) => {
    const x = pick(a)
    const y = pick(b)
    if (x === null || y === null) return null
    return x - y
  }
}

function nullsLast(a: TickerQuote, b: TickerQuote, column: SortColumn): number {
  const has = (q: TickerQuote): boolean => {
    if (column === 'last') return q.last !== null
    if (column === 'change-pct') return q.changePct !== null
    if (column === 'volume') return q.volume !== null
    return Number.isFinite(q.receivedAt)
  }
  return Number(!has(a)) - Number(!has(b))
}

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function byKey(a: GridEntry, b: GridEntry): number {
  return text(a.key, b.key)
}
