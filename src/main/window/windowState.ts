/**
 * Where one window was, validated when read back (a hand-edited or truncated file falls back to
 * defaults), and where to put it now: clamped to a display that is connected now. Node-only, so
 * it is tested without Electron; the list of windows is `windowSet.ts`.
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
  return { ...fitInto(saved.bounds, best), maximized: saved.maximized, fullScreen: saved.fullScreen }
}

/** Shrinks (not below the minimum size) and shifts `bounds` so all of it is inside `area`. */
export function fitInto(bounds: Rect, area: Rect): Rect {
  const width = clamp(bounds.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width)
  const height = clamp(bounds.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height)
  return {
    x: clamp(bounds.x, area.x, area.x + area.width - width),
    y: clamp(bounds.y, area.y, area.y + area.height - height),
    width,
    height
  }
}

/** A display as the window code needs it: Electron's id and its work area (no taskbar, no dock). */
export interface DisplayArea {
  id: number
  workArea: Rect
}

/**
 * Places a window saved with the display it was on. That display still there (same id, or the
 * same work area under a new id): the window keeps its place on it, moved with it if the display
 * was rearranged. That display gone: the window goes to the primary display, at the same offset
 * from its top-left corner (windows that shared a monitor keep their arrangement), clamped. With
 * no display saved (a file from before displays were kept), as `placeWindow`.
 */
export function placeOnDisplay(
  saved: WindowState,
  savedDisplay: DisplayArea | null,
  displays: readonly DisplayArea[],
  primary: DisplayArea
): WindowPlacement {
  if (savedDisplay === null) {
    return placeWindow(
      saved,
      displays.map((d) => d.workArea),
      primary.workArea
    )
  }
  const from = savedDisplay.workArea
  const to = targetDisplay(savedDisplay, displays, primary).workArea
  const moved = { ...saved.bounds, x: saved.bounds.x - from.x + to.x, y: saved.bounds.y - from.y + to.y }
  return { ...fitInto(moved, to), maximized: saved.maximized, fullScreen: saved.fullScreen }
}

/** The display a window saved on `savedDisplay` goes to now (see `placeOnDisplay`). */
export function targetDisplay(
  savedDisplay: DisplayArea | null,
  displays: readonly DisplayArea[],
  primary: DisplayArea
): DisplayArea {
  if (savedDisplay === null) return primary
  return (
    displays.find((d) => d.id === savedDisplay.id) ??
    displays.find((d) => sameRect(d.workArea, savedDisplay.workArea)) ??
    primary
  )
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height
}

/** Offset of a new window from the one it was opened from, so it does not hide it exactly. */
export const CASCADE_STEP = 32

/**
 * Where View › New Window puts a window: a step down and right of the window it was opened from
 * (back at the work area's corner when that would leave the display), or the default size
 * centred on the primary display when there is none.
 */
export function cascadePlacement(from: Rect | null, area: Rect): WindowPlacement {
  if (from === null) {
    return {
      width: Math.min(DEFAULT_WINDOW_SIZE.width, area.width),
      height: Math.min(DEFAULT_WINDOW_SIZE.height, area.height),
      maximized: false,
      fullScreen: false
    }
  }
  let next = { ...from, x: from.x + CASCADE_STEP, y: from.y + CASCADE_STEP }
  if (next.x + next.width > area.x + area.width || next.y + next.height > area.y + area.height) {
    next = { ...next, x: area.x, y: area.y }
  }
  return { ...fitInto(next, area), maximized: false, fullScreen: false }
}
