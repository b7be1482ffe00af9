import { layoutNameProblem } from '@shared/layouts'
import type { AppEntry } from './appEntry'

/** What a window tells its page through the URL query (the renderer reads it at start). */
export interface PageOptions {
  /** A named layout (`?layout=<name>`), or `null` for the default layout. */
  layout: string | null
  /** Kiosk mode (`?kiosk=1`): no editing chrome in the page. */
  kiosk: boolean
}

/** The query of a window's page: only what differs from the defaults, so a plain window has none. */
export function pageQuery(options: PageOptions): Record<string, string> {
  const query: Record<string, string> = {}
  if (options.layout !== null) query.layout = options.layout
  if (options.kiosk) query.kiosk = '1'
  return query
}

/** How to load a window's page: `loadFile(file, { query })` for the built app, `loadURL(url)` in dev. */
export type PageLoad =
  { kind: 'file'; file: string; query: Record<string, string> } | { kind: 'url'; url: string }

export function pageLoad(entry: AppEntry, options: PageOptions): PageLoad {
  const query = pageQuery(options)
  if (entry.kind === 'file') return { kind: 'file', file: entry.file, query }
  const url = new URL(entry.url)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
  return { kind: 'url', url: url.href }
}

/**
 * The layout a page's URL names (`?layout=`): the page may switch layouts in place and keep its
 * URL in step (`history.replaceState`), so the window is restored on the layout it last showed.
 * `null` for none, or for a name no layout could have.
 */
export function layoutFromUrl(url: string): string | null {
  let name: string | null
  try {
    name = new URL(url).searchParams.get('layout')
  } catch {
    return null
  }
  return name !== null && layoutNameProblem(name) === null ? name : null
}
