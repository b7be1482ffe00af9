/**
 * Card size for the gauge board so a wall screen shows every sensor at once. Groups are blocks
 * that flow side by side (a group of three does not take a whole row), so the fit simulates that
 * flow: the widest card width at which everything fits the area, never below a readable minimum
 * (past that the board scrolls).
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
}

export const DEFAULT_BOARD_FIT: BoardFitOptions = { gap: 6, groupGap: 14, heading: 24, minWidth: 112, maxWidth: 200 }

/** A card's height for a width (the radial dial, with a two-line label, is the tallest kind). */
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

/** How a group of `size` cards is shaped: as wide as it needs, at most the whole area. */
export function groupBlock(size: number, maxColumns: number): GroupBlock {
  const columns = Math.max(1, Math.min(size, maxColumns))
  return { columns, rows: Math.ceil(size / columns) }
}

/** Height the flowing groups need with cards of `width`. */
export function boardHeight(areaWidth: number, width: number, groupSizes: readonly number[], o: BoardFitOptions): number {
  const maxColumns = columnsFor(areaWidth, width, o.gap)
  const rowHeight = cardHeight(width) + o.gap
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

/** The widest card width (in 2 px steps) at which every group fits; `minWidth` when none does. */
export function fitCardWidth(
  areaWidth: number,
  areaHeight: number,
  groupSizes: readonly number[],
  o: BoardFitOptions = DEFAULT_BOARD_FIT
): number {
  if (!(areaWidth > 0) || !(areaHeight > 0) || groupSizes.length === 0) return o.minWidth
  for (let w = o.maxWidth; w >= o.minWidth; w -= 2) {
    if (boardHeight(areaWidth, w, groupSizes, o) <= areaHeight) return w
  }
  return o.minWidth
}
