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
  return lowerScore(text.toLowerCase(), query.toLowerCase())
}

/** `matchScore` of text and query already in lower case (the palette lowers each item once). */
function lowerScore(t: string, q: string): number {
  if (q === '') return 1
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

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
const byLabel = (a: PaletteItem, b: PaletteItem): number => collator.compare(a.label, b.label)

/** Items with their searched text in lower case, made once when the palette opens. */
export interface PreparedItem {
  item: PaletteItem
  label: string
  keywords: string | null
}

export function preparePalette(items: readonly PaletteItem[]): PreparedItem[] {
  return items.map((item) => ({
    item,
    label: item.label.toLowerCase(),
    keywords: item.keywords === undefined ? null : item.keywords.toLowerCase()
  }))
}

/** The first `count` of `items` in name order, without sorting them all. */
function firstByLabel(items: PaletteItem[], count: number): PaletteItem[] {
  if (items.length <= count * 4) return items.sort(byLabel).slice(0, count)
  const top: PaletteItem[] = []
  for (const item of items) {
    if (top.length === count && byLabel(item, top[count - 1]) >= 0) continue
    let lo = 0
    let hi = top.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (byLabel(top[mid], item) <= 0) lo = mid + 1
      else hi = mid
    }
    top.splice(lo, 0, item)
    if (top.length > count) top.pop()
  }
  return top
}

export function searchPalette(
  items: readonly PaletteItem[] | readonly PreparedItem[],
  rawQuery: string,
  limit = MAX_PALETTE_RESULTS
): PaletteItem[] {
  const prepared: readonly PreparedItem[] =
    items.length > 0 && 'item' in items[0]
      ? (items as PreparedItem[])
      : preparePalette(items as PaletteItem[])
  const query = rawQuery.trim().slice(0, MAX_QUERY_LENGTH).toLowerCase()
  const wanted = Math.max(0, Math.min(limit, MAX_PALETTE_RESULTS))
  // Scores are a handful of values: items are bucketed by score and kind, and only what reaches
  // the first `wanted` is put in name order, so 50,000 sensors cost a pass, not a sort.
  const buckets = new Map<number, PaletteItem[]>()
  for (const p of prepared) {
    const score = Math.max(
      lowerScore(p.label, query),
      p.keywords === null ? 0 : lowerScore(p.keywords, query) - 5
    )
    if (score <= 0) continue
    const rank = score * 10 - KIND_ORDER[p.item.kind]
    const bucket = buckets.get(rank)
    if (bucket === undefined) buckets.set(rank, [p.item])
    else bucket.push(p.item)
  }
  const results: PaletteItem[] = []
  for (const rank of [...buckets.keys()].sort((a, b) => b - a)) {
    if (results.length >= wanted) break
    results.push(...firstByLabel(buckets.get(rank) as PaletteItem[], wanted - results.length))
  }
  return results
}
