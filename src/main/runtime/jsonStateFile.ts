import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'
import { FileRefusedError, readBoundedFileSync } from '../engine/boundedFile'

const FORMAT_VERSION = 1
const DEFAULT_DEBOUNCE_MS = 500
/** Far beyond 500 symbols per source or thousands of sensor edits; a larger file is refused unread. */
const MAX_STATE_FILE_BYTES = 16 * 1024 * 1024
/** Refused entries named one by one in the report; the rest are counted. */
const REPORTED_ENTRIES = 5
const KEPT = 'it is kept (moved aside as <file>.refused-<time> before anything is saved)'

export interface JsonStateFileOptions<V> {
  /** Directory holding the file; created on first write. */
  stateDir: string
  fileName: string
  /** Words for messages: "watchlists", "sensor settings". */
  what: string
  /** The top-level key holding the content: `{ "version": 1, "<section>": { … } }`. */
  section: string
  /** A problem reading or writing the file (the caller prints it on stderr); never thrown. */
  report(problem: string): void
  debounceMs?: number
  /** Validates one entry of the section: its value, why it is refused, or `null` (nothing to keep). */
  parseEntry(key: string, value: unknown): V | string | null
  /** The section as it should be written now. */
  currentSection(): Record<string, unknown>
}

/** What a state file held: the entries that passed, and the refused ones with their reasons. */
export interface StateFileContent<V> {
  entries: Map<string, V>
  refused: { key: string; reason: string; raw: unknown }[]
}

/** Where a store's file lives and how it reports problems (what every store's caller supplies). */
export type StateStoreOptions = Pick<JsonStateFileOptions<unknown>, 'stateDir' | 'report' | 'debounceMs'>

/**
 * One small JSON file of user state in the state directory (watchlists, sensor edits): written
 * atomically (temp file in the same directory, then rename) and debounced, so a burst of edits is
 * one write. Nothing the user saved is lost to a stricter reader: an entry that no longer passes
 * (written by another version, edited by hand) is reported, not applied, and written back as it
 * was until the user sets that key again; a file that cannot be read at all is reported and kept
 * aside (`<file>.refused-<time>`) before anything overwrites it.
 */
export class JsonStateFile<V> {
  readonly file: string
  private readonly debounceMs: number
  private timer: NodeJS.Timeout | null = null
  private dirty = false
  /** Refused entries, written back untouched unless their key is set again. */
  private readonly preserved = new Map<string, unknown>()
  /** The file on disk could not be used at all: it is moved aside before anything is saved. */
  private keepAsideBeforeSaving = false

  constructor(private readonly options: JsonStateFileOptions<V>) {
    this.file = join(options.stateDir, options.fileName)
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS
  }

  /**
   * The saved entries that pass validation, or `null` when there is no file or it cannot be used
   * at all (reported). Read bounded: a FIFO or device in its place cannot hang or fill start-up.
   */
  load(): Map<string, V> | null {
    const { what } = this.options
    let text: string
    try {
      text = readBoundedFileSync(this.file, MAX_STATE_FILE_BYTES).toString('utf8')
    } catch (err) {
      if (err instanceof FileRefusedError && err.code === 'ENOENT') return null
      this.keepAsideBeforeSaving = true
      this.options.report(`cannot read saved ${what}: ${(err as Error).message}; ${KEPT}`)
      return null
    }
    this.preserved.clear()
    const parsed = parseStateFile(text, this.options.section, this.options.parseEntry)
    if (typeof parsed === 'string') {
      this.keepAsideBeforeSaving = true
      this.options.report(`ignoring saved ${what} ${this.file}: ${parsed}; ${KEPT}`)
      return null
    }
    for (const { key, raw } of parsed.refused) this.preserved.set(key, raw)
    if (parsed.refused.length > 0) {
      const named = parsed.refused.slice(0, REPORTED_ENTRIES).map((e) => e.reason)
      const more = parsed.refused.length - named.length
      this.options.report(
        `ignoring ${parsed.refused.length} saved ${what} entr${parsed.refused.length === 1 ? 'y' : 'ies'} in ${this.file} ` +
          `(kept in the file): ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
      )
    }
    return parsed.entries
  }

  /** The user set `key` again: its refused saved entry is replaced, not written back. */
  forget(key: string): void {
    this.preserved.delete(key)
  }

  /**
   * Moves the unusable file aside just before the first save, so nothing the user had is
   * overwritten; until then it stays where it is (a newer Tickwire may still read it). Returns
   * false when it could not be moved: then nothing is saved over it either.
   */
  private keepAside(): boolean {
    if (!this.keepAsideBeforeSaving) return true
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const aside = `${this.file}.refused-${stamp}-${randomBytes(3).toString('hex')}`
    try {
      renameSync(this.file, aside)
      this.options.report(`kept the unusable saved ${this.options.what} as ${aside}`)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.options.report(
          `not saving ${this.options.what}: could not keep the unusable ${this.file} aside (${(err as Error).message})`
        )
        return false
      }
    }
    this.keepAsideBeforeSaving = false
    return true
  }

  /** The content changed: it is written after the debounce. */
  changed(): void {
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
    if (!this.keepAside()) return
    const section = { ...Object.fromEntries(this.preserved), ...this.options.currentSection() }
    const content = { version: FORMAT_VERSION, [this.options.section]: section }
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      writeDurably(temp, `${JSON.stringify(content, null, 2)}\n`)
      renameSync(temp, this.file)
      syncDirectory(dirname(this.file))
    } catch (err) {
      removeQuietly(temp)
      this.options.report(`cannot save ${this.options.what} to ${this.file}: ${(err as Error).message}`)
    }
  }

  /** Flushes and stops the debounce timer. */
  close(): void {
    this.flush()
  }
}

/**
 * Validates a state file's text down to its section, then each entry with `parseEntry`. Returns
 * why the whole file is unusable, or the entries that passed and the refused ones. A reason may
 * quote the file's own keys and values: it is made one visible, bounded line.
 */
export function parseStateFile<V>(
  text: string,
  section: string,
  parseEntry: (key: string, value: unknown) => V | string | null
): StateFileContent<V> | string {
  const entries = readSection(text, section)
  if (typeof entries === 'string') return diagnosticText(entries, MAX_REASON_LENGTH)
  const content: StateFileContent<V> = { entries: new Map(), refused: [] }
  for (const [key, raw] of Object.entries(entries)) {
    const value = parseEntry(key, raw)
    if (typeof value === 'string') content.refused.push({ key, reason: diagnosticText(value, 120), raw })
    else if (value !== null) content.entries.set(key, value)
  }
  return content
}

function readSection(text: string, section: string): Record<string, unknown> | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return 'not valid JSON'
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object'
  const file = raw as Record<string, unknown>
  if (file.version !== FORMAT_VERSION) return `unknown version ${JSON.stringify(file.version)}`
  const entries = file[section]
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries))
    return `"${section}" is not an object`
  return entries as Record<string, unknown>
}

/** Writes and fsyncs, so the rename that follows never exposes a file whose data is still in flight. */
function writeDurably(file: string, text: string): void {
  const fd = openSync(file, 'w', 0o600)
  try {
    writeFileSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes the rename itself durable; some platforms cannot open a directory, which is fine. */
function syncDirectory(dir: string): void {
  let fd: number | null = null
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Directory fsync is a POSIX nicety; where it is refused, the rename is as durable as it gets.
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

/** Best effort: the temp file may not exist, or its directory may be unusable. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true })
  } catch {
    // Nothing was written there, or nothing can be: either way there is nothing to clean.
  }
}
