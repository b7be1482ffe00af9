import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { isWatchSymbol, MAX_WATCHLIST_SYMBOLS } from '@shared/protocol'

/** The file's name inside the state directory. */
export const WATCHLIST_FILE = 'watchlists.json'
const FORMAT_VERSION = 1
const DEFAULT_DEBOUNCE_MS = 500

/** On disk: `{ "version": 1, "watchlists": { "<sourceId>": ["SYM", …] } }`. */
interface WatchlistFile {
  version: number
  watchlists: Record<string, string[]>
}

export interface WatchlistStoreOptions {
  /** Directory holding `watchlists.json`; created on first write. */
  stateDir: string
  /** A problem reading or writing the file (the caller prints it on stderr); never thrown. */
  report(problem: string): void
  debounceMs?: number
}

/**
 * The watchlists a user chose, kept across restarts: one JSON file, written atomically (temp file
 * in the same directory, then rename) and debounced, so a burst of edits is one write. A file that
 * cannot be read or fails validation is reported and ignored: the configuration's symbols apply.
 */
export class WatchlistStore {
  readonly file: string
  private readonly lists = new Map<string, string[]>()
  private readonly debounceMs: number
  private timer: NodeJS.Timeout | null = null
  private dirty = false

  constructor(private readonly options: WatchlistStoreOptions) {
    this.file = join(options.stateDir, WATCHLIST_FILE)
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS
  }

  /** Reads the file; the saved lists by source id (empty when there is none or it is corrupt). */
  load(): Map<string, string[]> {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'ENOENT')
        this.options.report(`cannot read saved watchlists ${this.file} (${code ?? String(err)})`)
      return new Map()
    }
    const parsed = parseWatchlistFile(text)
    if (typeof parsed === 'string') {
      this.options.report(`ignoring saved watchlists ${this.file}: ${parsed}`)
      return new Map()
    }
    this.lists.clear()
    for (const [source, symbols] of parsed) this.lists.set(source, symbols)
    return new Map([...parsed].map(([source, symbols]) => [source, [...symbols]]))
  }

  /** Records a source's new list; the file is written after the debounce. */
  set(sourceId: string, symbols: readonly string[]): void {
    this.lists.set(sourceId, [...symbols])
    this.dirty = true
    if (this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, this.debounceMs)
  }

  /** Writes pending changes now (on shutdown). Safe to call when nothing is pending. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (!this.dirty) return
    this.dirty = false
    const content: WatchlistFile = { version: FORMAT_VERSION, watchlists: Object.fromEntries(this.lists) }
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
      renameSync(temp, this.file)
    } catch (err) {
      removeQuietly(temp)
      this.options.report(`cannot save watchlists to ${this.file}: ${(err as Error).message}`)
    }
  }

  /** Flushes and stops the debounce timer. */
  close(): void {
    this.flush()
  }
}

/** Validates the file's text: the lists by source id, or why it is refused. */
export function parseWatchlistFile(text: string): Map<string, string[]> | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return 'not valid JSON'
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object'
  const file = raw as Record<string, unknown>
  if (file.version !== FORMAT_VERSION) return `unknown version ${JSON.stringify(file.version)}`
  const lists = file.watchlists
  if (typeof lists !== 'object' || lists === null || Array.isArray(lists))
    return '"watchlists" is not an object'
  const out = new Map<string, string[]>()
  for (const [source, symbols] of Object.entries(lists as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(source)) return `invalid source id ${JSON.stringify(source)}`
    if (!Array.isArray(symbols) || symbols.length > MAX_WATCHLIST_SYMBOLS || !symbols.every(isWatchSymbol))
      return `watchlists.${source} is not a list of at most ${MAX_WATCHLIST_SYMBOLS} valid symbols`
    out.set(source, [...new Set(symbols)])
  }
  return out
}

/** Best effort: the temp file may not exist, or its directory may be unusable. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true })
  } catch {
    // Nothing was written there, or nothing can be: either way there is nothing to clean.
  }
}
