import { emptyWatchlistMeansAll } from '@shared/marketAdapters'
import type { SourceWatchlist } from '@shared/model'
import { isWatchSymbol, MAX_SYMBOL_LENGTH, MAX_WATCHLIST_SYMBOLS } from '@shared/protocol'

/** The new full list for a source, or why the edit cannot be sent. */
export type WatchlistEdit = { symbols: string[] } | { error: string }

/**
 * Adding what the user typed (trimmed). For a `json` source watching every symbol (an empty
 * list), the first add narrows it to the symbols on screen plus the new one, so nothing vanishes.
 */
export function addSymbol(list: SourceWatchlist, typed: string, shown: readonly string[]): WatchlistEdit {
  const symbol = typed.trim()
  if (symbol === '') return { error: 'Type a symbol' }
  if (symbol.length > MAX_SYMBOL_LENGTH) return { error: `At most ${MAX_SYMBOL_LENGTH} characters` }
  if (!isWatchSymbol(symbol)) return { error: 'Only single spaces, no tabs, control or invisible characters' }
  const current = watchesAll(list) ? [...new Set(shown)] : list.symbols
  if (current.includes(symbol)) return { error: `${symbol} is already watched` }
  if (current.length >= MAX_WATCHLIST_SYMBOLS) return { error: `At most ${MAX_WATCHLIST_SYMBOLS} symbols` }
  return { symbols: [...current, symbol] }
}

/** Removing one symbol; a `json` source watching everything keeps the rest of what is shown. */
export function removeSymbol(list: SourceWatchlist, symbol: string, shown: readonly string[]): WatchlistEdit {
  const current = watchesAll(list) ? [...new Set(shown)] : list.symbols
  if (!current.includes(symbol)) return { error: `${symbol} is not watched` }
  const next = current.filter((s) => s !== symbol)
  if (next.length === 0 && !emptyWatchlistMeansAll(list.adapter))
    return { error: `The ${list.adapter} feed needs at least one symbol` }
  // Removing the last symbol of a json (or relayed) feed would mean "watch everything": say so instead.
  if (next.length === 0) return { error: 'Keep at least one symbol (an empty list watches everything)' }
  return { symbols: next }
}

/** A `json` or relayed feed with no symbols shows whatever the feed sends. */
export function watchesAll(list: SourceWatchlist): boolean {
  return emptyWatchlistMeansAll(list.adapter) && list.symbols.length === 0
}
