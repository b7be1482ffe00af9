/**
 * Card size for the gauge board so a wall screen shows every sensor at once. Groups are blocks
 * that flow side by side, so the fit simulates that flow. It tries full cards (dial, two-line
 * label) from large to small, then compact cards (one-line label, value, thin scale) that put
 * 200+ sensors on one 1920×1080 screen; and for each size, narrower group blocks so small groups
 * share lines. Past the smallest compact size the board scrolls.
 */
export interface BoardFitOptions {
  /** Between cards. */
  gap: number
  /** Between group blocks, horizontally. */
  groupGap: number
  /** Height of a group heading, including its margins. */
  heading: number
  minWidth: number
  maxWidth: number
  /** Compact cards: this height, widths down to `compactMinWidth`. */
  compactHeight: number
  compactMinWidth: number
}

export const DEFAULT_BOARD_FIT: BoardFitOptions = {
  gap: 6,
  groupGap: 14,
  heading: 20,
  minWidth: 120,
  maxWidth: 200,
  compactHeight: 60,
  compactMinWidth: 92
}

export interface BoardFit {
  width: number
  compact: boolean
  /** Most columns one group block may take. */
  groupColumns: number
}

/** A full card's height for a width (the radial dial, with a two-line label, is the tallest kind). */
export function cardHeight(width: number): number {
  return Math.ceil(width * 0.8 + 44)
}

/** Columns of `width` that fit `areaWidth`, at least one. */
export function columnsFor(areaWidth: number, width: number, gap: number): number {
  return Math.max(1, Math.floor((areaWidth + gap) / (width + gap)))
}

export interface GroupBlock {
  columns: number
  rows: number
}

/** How a group of `size` cards is shaped: as wide as it needs, at most `maxColumns`. */
export function groupBlock(size: number, maxColumns: number): GroupBlock {
  const columns = Math.max(1, Math.min(size, maxColumns))
  return { columns, rows: Math.ceil(size / columns) }
}

/** Height the flowing groups need with cards of `width` and `height`, blocks at most `cap` wide. */
export function boardHeight(
  areaWidth: number,
  width: number,
  height: number,
  groupSizes: readonly number[],
  cap: number,
  o: BoardFitOptions
): number {
  const maxColumns = Math.min(cap, columnsFor(areaWidth, width, o.gap))
  const rowHeight = height + o.gap
  let total = 0
  let lineWidth = 0
  let lineRows = 0
  for (const size of groupSizes) {
    const block = groupBlock(size, maxColumns)
    const blockWidth = block.columns * (width + o.gap) - o.gap
    if (lineWidth > 0 && lineWidth + o.groupGap + blockWidth > areaWidth) {
      total += o.heading + lineRows * rowHeight
      lineWidth = 0
      lineRows = 0
    }
    lineWidth += (lineWidth > 0 ? o.groupGap : 0) + blockWidth
    lineRows = Math.max(lineRows, block.rows)
  }
  if (lineWidth > 0) total += o.heading + lineRows * rowHeight
  return total
}

/** The largest cards (full before compact, wider before narrower) at which every group fits. */
export function fitBoard(
  areaWidth: number,
  areaHeight: number,
  groupSizes: readonly number[],
  o: BoardFitOptions = DEFAULT_BOARD_FIT
): BoardFit {
  const smallest: BoardFit = {
    width: o.compactMinWidth,
    compact: true,
    groupColumns: Number.MAX_SAFE_INTEGER
  }
  if (!(areaWidth > 0) || !(areaHeight > 0) || groupSizes.length === 0) {
    return { width: o.minWidth, compact: false, groupColumns: Number.MAX_SAFE_INTEGER }
  }
  const tiers: { compact: boolean; from: number; to: number }[] = [
    { compact: false, from: o.maxWidth, to: o.minWidth },
    { compact: true, from: o.minWidth + 20, to: o.compactMinWidth }
  ]
  for (const tier of tiers) {
    for (let w = tier.from; w >= tier.to; w -= 2) {
      const h = tier.compact ? o.compactHeight : cardHeight(w)
      const full = columnsFor(areaWidth, w, o.gap)
      for (let cap = full; cap >= Math.min(full, 2); cap--) {
        if (boardHeight(areaWidth, w, h, groupSizes, cap, o) <= areaHeight) {
          return { width: w, compact: tier.compact, groupColumns: cap }
        }
      }
    }
  }
  return smallest
}
