import { JsonStateFile, parseStateFile, type StateFileContent, type StateStoreOptions } from './jsonStateFile'
import { isWatchSymbol, MAX_WATCHLIST_SYMBOLS } from '@shared/protocol'

/** The file's name inside the state directory. */
export const WATCHLIST_FILE = 'watchlists.json'

export type WatchlistStoreOptions = StateStoreOptions

/**
 * The watchlists a user chose, kept across restarts: one JSON file, written atomically (temp file
 * in the same directory, then rename) and debounced, so a burst of edits is one write. A file that
 * cannot be read or fails validation is reported and ignored: the configuration's symbols apply.
 */
export class WatchlistStore {
  private readonly lists = new Map<string, string[]>()
  private readonly state: JsonStateFile<string[]>

  constructor(options: WatchlistStoreOptions) {
    this.state = new JsonStateFile({
      ...options,
      fileName: WATCHLIST_FILE,
      what: 'watchlists',
      section: 'watchlists',
      parseEntry: parseWatchlist,
      currentSection: () => Object.fromEntries(this.lists)
    })
  }

  get file(): string {
    return this.state.file
  }

  /** Reads the file; the saved lists by source id (empty when there is none or it is corrupt). */
  load(): Map<string, string[]> {
    const parsed = this.state.load()
    if (parsed === null) return new Map()
    this.lists.clear()
    for (const [source, symbols] of parsed) this.lists.set(source, symbols)
    return new Map([...parsed].map(([source, symbols]) => [source, [...symbols]]))
  }

  /** Records a source's new list; the file is written after the debounce. */
  set(sourceId: string, symbols: readonly string[]): void {
    this.lists.set(sourceId, [...symbols])
    this.state.forget(sourceId)
    this.state.changed()
  }

  /** Writes pending changes now (on shutdown). */
  flush(): void {
    this.state.flush()
  }

  /** Flushes and stops the debounce timer. */
  close(): void {
    this.state.close()
  }
}

/** Validates the file's text: the lists by source id and the refused entries, or why it is unusable. */
export function parseWatchlistFile(text: string): StateFileContent<string[]> | string {
  return parseStateFile(text, 'watchlists', parseWatchlist)
}

function parseWatchlist(source: string, symbols: unknown): string[] | string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(source)) return `invalid source id ${JSON.stringify(source)}`
  if (!Array.isArray(symbols) || symbols.length > MAX_WATCHLIST_SYMBOLS || !symbols.every(isWatchSymbol))
    return `watchlists.${source} is not a list of at most ${MAX_WATCHLIST_SYMBOLS} valid symbols`
  return [...new Set(symbols as string[])]
}
