import { parseLayout, type Layout } from '@shared/layouts'

/**
 * This browser's working arrangement, kept in `localStorage` so a reload keeps what the user
 * dragged. A window opened on a named layout (`?layout=`) keeps none: the saved layout is its
 * truth, and several such windows would otherwise overwrite each other's arrangement.
 */
export const WORKING_LAYOUT_KEY = 'tickwire.layout'

/** `?layout=<name>` as given (trimmed, bounded), or `null`. */
export function layoutFromQuery(search: string): string | null {
  const name = new URLSearchParams(search).get('layout')
  if (name === null) return null
  const trimmed = name.trim().slice(0, 100)
  return trimmed === '' ? null : trimmed
}

/**
 * The page's address with `?layout=` set to `name` (or removed), everything else kept: a window
 * showing a saved layout says so in its address, so a reload, a bookmark and the desktop's
 * window restore all get it back.
 */
export function addressWithLayout(href: string, name: string | null): string {
  const url = new URL(href)
  if (name === null) url.searchParams.delete('layout')
  else url.searchParams.set('layout', name)
  return url.toString()
}

export function loadWorkingLayout(storage: Pick<Storage, 'getItem'> | null): Layout | null {
  try {
    const text = storage?.getItem(WORKING_LAYOUT_KEY)
    if (text === null || text === undefined || text.length > 10_000) return null
    const layout = parseLayout(JSON.parse(text))
    return typeof layout === 'string' ? null : layout
  } catch {
    return null
  }
}

export function saveWorkingLayout(layout: Layout, storage: Pick<Storage, 'setItem'> | null): void {
  try {
    storage?.setItem(WORKING_LAYOUT_KEY, JSON.stringify(layout))
  } catch {
    // Only the arrangement across a reload is lost.
  }
}

export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}
