import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Disposable } from '@shared/disposable'

/**
 * Remembers where the main window was: a small JSON file validated on load (a hand-edited or
 * truncated file falls back to defaults) and clamped to a display that is connected now.
 * Node-only, so it is tested without Electron.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** Bounds in the normal (not maximized, not full-screen) state. */
  bounds: Rect
  maximized: boolean
  fullScreen: boolean
}

/** What the window is created with: no position means "let the OS centre it". */
export interface WindowPlacement {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
  fullScreen: boolean
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const
export const MIN_WINDOW_SIZE = { width: 640, height: 400 } as const

const LIMIT = 100_000
const isCoordinate = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= LIMIT
const isLength = (v: unknown): v is number => isCoordinate(v) && v > 0

/** Returns the state when `raw` is well formed, otherwise `null`. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null
  const { bounds, maximized, fullScreen } = raw as Record<string, unknown>
  if (typeof bounds !== 'object' || bounds === null) return null
  const { x, y, width, height } = bounds as Record<string, unknown>
  if (!isCoordinate(x) || !isCoordinate(y) || !isLength(width) || !isLength(height)) return null
  if (typeof maximized !== 'boolean' || typeof fullScreen !== 'boolean') return null
  return {
    bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
    maximized,
    fullScreen
  }
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high)
}

/**
 * Places a saved state on the display it overlaps most, shrinking and shifting it so the whole
 * window is inside that display's work area. With no saved state, or when the saved window is on
 * a display that is gone, the default size is centred on the primary display.
 */
export function placeWindow(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect
): WindowPlacement {
  let best: Rect | null = null
  let bestArea = 0
  if (saved !== null) {
    for (const area of workAreas) {
      const overlap = overlapArea(saved.bounds, area)
      if (overlap > bestArea) {
        best = area
        bestArea = overlap
      }
    }
  }
  if (saved === null || best === null) {
    return {
      width: Math.min(DEFAULT_WINDOW_SIZE.width, primary.width),
      height: Math.min(DEFAULT_WINDOW_SIZE.height, primary.height),
      maximized: saved?.maximized ?? false,
      fullScreen: saved?.fullScreen ?? false
    }
  }
  const width = clamp(saved.bounds.width, Math.min(MIN_WINDOW_SIZE.width, best.width), best.width)
  const height = clamp(saved.bounds.height, Math.min(MIN_WINDOW_SIZE.height, best.height), best.height)
  return {
    x: clamp(saved.bounds.x, best.x, best.x + best.width - width),
    y: clamp(saved.bounds.y, best.y, best.y + best.height - height),
    width,
    height,
    maximized: saved.maximized,
    fullScreen: saved.fullScreen
  }
}

/**
 * Loads and saves the state file. Saves are debounced (moving a window fires many events);
 * `flush` writes a pending save at once, for window close and shutdown.
 */
export class WindowStateStore implements Disposable {
  private pending: WindowState | null = null
  private timer: NodeJS.Timeout | null = null
  /** Why the last load or save did not work, for the log; `null` when it did. */
  lastProblem: string | null = null

  constructor(
    readonly file: string,
    private readonly debounceMs = 400
  ) {}

  /** The saved state, or `null` when there is none or it is unreadable or malformed. */
  load(): WindowState | null {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      this.lastProblem = code === 'ENOENT' ? null : `cannot read ${this.file} (${code ?? String(err)})`
      return null
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      this.lastProblem = `${this.file} is not valid JSON; using defaults`
      return null
    }
    const state = parseWindowState(raw)
    this.lastProblem = state === null ? `${this.file} has an unexpected shape; using defaults` : null
    return state
  }

  save(state: WindowState): void {
    this.pending = state
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.flush(), this.debounceMs)
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const state = this.pending
    if (state === null) return
    this.pending = null
    // Write-then-rename, so a crash mid-write never leaves half a file behind.
    const temp = `${this.file}.tmp`
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      writeFileSync(temp, `${JSON.stringify(state)}\n`, 'utf8')
      renameSync(temp, this.file)
      this.lastProblem = null
    } catch (err) {
      this.lastProblem = `cannot save ${this.file} (${(err as Error).message})`
    }
  }

  dispose(): void {
    this.flush()
  }
}
