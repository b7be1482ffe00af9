import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'

const FORMAT_VERSION = 1
const DEFAULT_DEBOUNCE_MS = 500

export interface JsonStateFileOptions<T> {
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
  /** Validates the section's entries: the content, or why it is refused. */
  parseSection(entries: Record<string, unknown>): T | string
  /** The section as it should be written now. */
  currentSection(): Record<string, unknown>
}

/** Where a store's file lives and how it reports problems (what every store's caller supplies). */
export type StateStoreOptions = Pick<JsonStateFileOptions<unknown>, 'stateDir' | 'report' | 'debounceMs'>

/**
 * One small JSON file of user state in the state directory (watchlists, sensor edits): written
 * atomically (temp file in the same directory, then rename) and debounced, so a burst of edits is
 * one write. A file that cannot be read or fails validation is reported and ignored.
 */
export class JsonStateFile<T> {
  readonly file: string
  private readonly debounceMs: number
  private timer: NodeJS.Timeout | null = null
  private dirty = false

  constructor(private readonly options: JsonStateFileOptions<T>) {
    this.file = join(options.stateDir, options.fileName)
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS
  }

  /** The saved content, or `null` when there is none or it is unreadable or invalid (reported). */
  load(): T | null {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'ENOENT')
        this.options.report(`cannot read saved ${this.options.what} ${this.file} (${code ?? String(err)})`)
      return null
    }
    const parsed = parseStateFile(text, this.options.section, this.options.parseSection)
    if (typeof parsed === 'string') {
      this.options.report(`ignoring saved ${this.options.what} ${this.file}: ${parsed}`)
      return null
    }
    return parsed
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
    const content = { version: FORMAT_VERSION, [this.options.section]: this.options.currentSection() }
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
 * Validates a state file's text down to its section, then hands the entries to `parseSection`.
 * A reason may quote the file's own keys and values: it is made one visible, bounded line.
 */
export function parseStateFile<T>(
  text: string,
  section: string,
  parseSection: (entries: Record<string, unknown>) => T | string
): T | string {
  const result = readStateFile(text, section, parseSection)
  return typeof result === 'string' ? diagnosticText(result, MAX_REASON_LENGTH) : result
}

function readStateFile<T>(
  text: string,
  section: string,
  parseSection: (entries: Record<string, unknown>) => T | string
): T | string {
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
  return parseSection(entries as Record<string, unknown>)
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
