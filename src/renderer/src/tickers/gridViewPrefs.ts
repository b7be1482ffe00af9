/** How the ticker grid is filtered and sorted; kept in `localStorage` across restarts. */

export const SORT_COLUMNS = ['symbol', 'last', 'change-pct', 'volume', 'age'] as const
export type SortColumn = (typeof SORT_COLUMNS)[number]
export type SortDirection = 'asc' | 'desc'

export interface GridViewPrefs {
  filter: string
  sort: { column: SortColumn; direction: SortDirection }
}

export const DEFAULT_GRID_PREFS: GridViewPrefs = { filter: '', sort: { column: 'symbol', direction: 'asc' } }

export const GRID_PREFS_KEY = 'tickwire.grid'
const MAX_FILTER_LENGTH = 64

/** The part of the Web Storage API this needs (so tests can pass a plain one). */
export interface PrefsStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Reads saved prefs; anything missing or malformed falls back to the defaults, field by field. */
export function loadGridPrefs(storage: PrefsStorage | null): GridViewPrefs {
  let raw: unknown = null
  try {
    const text = storage?.getItem(GRID_PREFS_KEY)
    raw = text ? JSON.parse(text) : null
  } catch {
    // Unreadable storage (privacy mode) or a corrupt value: defaults.
    raw = null
  }
  if (typeof raw !== 'object' || raw === null) return cloneDefaults()
  const saved = raw as { filter?: unknown; sort?: { column?: unknown; direction?: unknown } }
  const filter = typeof saved.filter === 'string' ? saved.filter.slice(0, MAX_FILTER_LENGTH) : ''
  const column = SORT_COLUMNS.find((c) => c === saved.sort?.column) ?? DEFAULT_GRID_PREFS.sort.column
  const direction: SortDirection = saved.sort?.direction === 'desc' ? 'desc' : 'asc'
  return { filter, sort: { column, direction } }
}

export function saveGridPrefs(storage: PrefsStorage | null, prefs: GridViewPrefs): void {
  try {
    storage?.setItem(GRID_PREFS_KEY, JSON.stringify(prefs))
  } catch {
    // A full or refused storage only costs the preference, never the view.
  }
}

/** A click on a header: the same column flips direction, another column starts ascending. */
export function nextSort(current: GridViewPrefs['sort'], column: SortColumn): GridViewPrefs['sort'] {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' }
  return { column, direction: 'asc' }
}

function cloneDefaults(): GridViewPrefs {
  return { filter: DEFAULT_GRID_PREFS.filter, sort: { ...DEFAULT_GRID_PREFS.sort } }
}
