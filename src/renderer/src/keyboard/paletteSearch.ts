/**
 * The command palette's search: every symbol, sensor, connection, layout and command as an item,
 * ranked against what was typed — whole-name and prefix matches first, then word starts, then
 * anywhere, then the letters in order ("bt" finds "BTC-USD"). Bounded however large the plant.
 */
export type PaletteKind = 'symbol' | 'sensor' | 'connection' | 'layout' | 'command'

export interface PaletteItem {
  /** Unique among the items: `<kind>:<key>`. */
  id: string
  kind: PaletteKind
  /** What the user reads and searches. */
  label: string
  /** A second line: source, key, shortcut. */
  detail: string
  /** Searched too (keys, topics), not shown. */
  keywords?: string
}

export const MAX_PALETTE_RESULTS = 50
export const MAX_QUERY_LENGTH = 100

/** Higher is better; 0 is no match. */
export function matchScore(text: string, query: string): number {
  if (query === '') return 1
  const t = text.toLowerCase()
  const q = query.toLowerCase()
  if (t === q) return 100
  if (t.startsWith(q)) return 80
  const at = t.indexOf(q)
  if (at > 0) return /[\s\-_/.:·]/.test(t[at - 1]) ? 60 : 40
  // The letters in order, each after the last.
  let from = 0
  for (const ch of q) {
    const found = t.indexOf(ch, from)
    if (found < 0) return 0
    from = found + 1
  }
  return 10
}

const KIND_ORDER: Record<PaletteKind, number> = { symbol: 0, sensor: 1, connection: 2, layout: 3, command: 4 }

export function searchPalette(
  items: readonly PaletteItem[],
  rawQuery: string,
  limit = MAX_PALETTE_RESULTS
): PaletteItem[] {
  const query = rawQuery.trim().slice(0, MAX_QUERY_LENGTH)
  const scored: { item: PaletteItem; score: number }[] = []
  for (const item of items) {
    const score = Math.max(
      matchScore(item.label, query),
      item.keywords === undefined ? 0 : matchScore(item.keywords, query) - 5
    )
    if (score > 0) scored.push({ item, score })
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] ||
      a.item.label.localeCompare(b.item.label)
  )
  return scored.slice(0, Math.max(0, Math.min(limit, MAX_PALETTE_RESULTS))).map((s) => s.item)
}
