import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Disposable } from '@shared/disposable'
import { layoutNameProblem } from '@shared/layouts'
import { parseWindowState, type DisplayArea, type WindowState } from './windowState'

/**
 * The desktop windows that were open, kept in `window-state.json` in the profile (userData):
 * `{ "version": 2, "windows": [ { bounds, maximized, fullScreen, alwaysOnTop, layout, display } ] }`.
 * A file from before there could be several windows (`{ bounds, maximized, fullScreen }`) reads
 * as its one window, so an upgrade loses nothing. Validated on load: a bad entry is dropped and
 * reported, the rest kept; at most `MAX_WINDOWS` are read. Node-only, tested without Electron.
 */

/** The file's name in the profile directory. */
export const WINDOW_STATE_FILE = 'window-state.json'
export const WINDOW_SET_VERSION = 2
/** More windows than anyone lays out on a wall; the file and the menu are bounded by it. */
export const MAX_WINDOWS = 16
/** A file this large was not written by us: refused unread. */
const MAX_FILE_BYTES = 256 * 1024

export interface SavedWindow extends WindowState {
  /** The named layout the window shows, or `null` for the default layout. */
  layout: string | null
  alwaysOnTop: boolean
  /** The display the window was on when saved; `null` when not known (an older file). */
  display: DisplayArea | null
}

/** What loading found: the windows to restore, and what was wrong with the file, if anything. */
export interface LoadedWindows {
  windows: SavedWindow[]
  /** Why the file (or some of its entries) could not be used, for the log; `null` when all was well. */
  problem: string | null
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function parseDisplay(raw: unknown): DisplayArea | null | undefined {
  if (raw === null || raw === undefined) return null
  if (!isObject(raw)) return undefined
  const { id, workArea } = raw
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined
  // The work area has the shape of a window's bounds: reuse that check.
  const area = parseWindowState({ bounds: workArea, maximized: false, fullScreen: false })
  return area === null ? undefined : { id, workArea: area.bounds }
}

/** One entry of the list: the window, or why it is refused. */
export function parseSavedWindow(raw: unknown): SavedWindow | string {
  const state = parseWindowState(raw)
  if (state === null || !isObject(raw)) return 'bounds or flags are missing or out of range'
  const { alwaysOnTop = false, layout = null, display } = raw
  if (typeof alwaysOnTop !== 'boolean') return 'alwaysOnTop must be true or false'
  if (layout !== null && (typeof layout !== 'string' || layoutNameProblem(layout) !== null))
    return 'layout is not a layout name'
  const area = parseDisplay(display)
  if (area === undefined) return 'display must be { id, workArea } or null'
  return { ...state, alwaysOnTop, layout, display: area }
}

/** The file's content (already JSON-parsed) as windows, with what was refused. */
export function parseWindowSet(raw: unknown): LoadedWindows {
  // The single-window file of earlier versions.
  if (isObject(raw) && !('windows' in raw)) {
    const single = parseSavedWindow(raw)
    return typeof single === 'string'
      ? { windows: [], problem: `has an unexpected shape (${single}); using defaults` }
      : { windows: [single], problem: null }
  }
  if (!isObject(raw) || !Array.isArray(raw.windows))
    return { windows: [], problem: 'has an unexpected shape; using defaults' }
  const problems: string[] = []
  if (raw.version !== WINDOW_SET_VERSION)
    problems.push(`version ${JSON.stringify(raw.version)} is not ${WINDOW_SET_VERSION}; reading it anyway`)
  const windows: SavedWindow[] = []
  for (const [index, entry] of raw.windows.entries()) {
    if (windows.length >= MAX_WINDOWS) {
      problems.push(`only the first ${MAX_WINDOWS} windows are restored`)
      break
    }
    const parsed = parseSavedWindow(entry)
    if (typeof parsed === 'string') problems.push(`windows[${index}] is left out: ${parsed}`)
    else windows.push(parsed)
  }
  return { windows, problem: problems.length === 0 ? null : problems.join('; ') }
}

/**
 * Loads and saves the file. Saves are debounced (moving a window fires many events); `flush`
 * writes a pending save at once, for window close and shutdown. Write-then-rename, so a crash
 * mid-write never leaves half a file behind. Problems are kept in `lastProblem`, never thrown.
 */
export class WindowSetFile implements Disposable {
  private pending: SavedWindow[] | null = null
  private timer: NodeJS.Timeout | null = null
  /** Why the last load or save did not work, for the log; `null` when it did. */
  lastProblem: string | null = null

  constructor(
    readonly file: string,
    /** Told every problem as it happens (the caller logs it). */
    private readonly report: (problem: string) => void = () => {},
    private readonly debounceMs = 400
  ) {}

  /** The saved windows; none when there is no file, or it is unreadable or malformed. */
  load(): SavedWindow[] {
    let text: string
    try {
      if (statSync(this.file).size > MAX_FILE_BYTES) {
        return this.refused(`${this.file} is larger than ${MAX_FILE_BYTES} bytes; using defaults`)
      }
      text = readFileSync(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') {
        this.lastProblem = null
        return []
      }
      return this.refused(`cannot read ${this.file} (${code ?? String(err)})`)
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      return this.refused(`${this.file} is not valid JSON; using defaults`)
    }
    const { windows, problem } = parseWindowSet(raw)
    this.lastProblem = null
    if (problem !== null) this.problem(`${this.file} ${problem}`)
    return windows
  }

  save(windows: readonly SavedWindow[]): void {
    this.pending = windows.slice(0, MAX_WINDOWS)
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.flush(), this.debounceMs)
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const windows = this.pending
    if (windows === null) return
    this.pending = null
    const temp = `${this.file}.tmp`
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      writeFileSync(temp, `${JSON.stringify({ version: WINDOW_SET_VERSION, windows }, null, 1)}\n`, 'utf8')
      renameSync(temp, this.file)
      this.lastProblem = null
    } catch (err) {
      this.problem(`cannot save ${this.file} (${(err as Error).message})`)
    }
  }

  dispose(): void {
    this.flush()
  }

  private problem(text: string): void {
    this.lastProblem = text
    this.report(text)
  }

  private refused(text: string): SavedWindow[] {
    this.problem(text)
    return []
  }
}
