/**
 * Card size for the gauge board so a wall screen shows every sensor at once. The board is one
 * grid: each group is a heading tile (one cell) followed by its cards, and groups flow one after
 * another, so a group heading costs one cell rather than a whole line. The fit tries full cards
 * (dial, two-line label) from wide to narrow, then compact cards (one-line label, big value, thin
 * scale) whose height stretches to use the screen; past the smallest compact size the board
 * scrolls.
 */
export interface BoardFitOptions {
  /** Between cells, both ways. */
  gap: number
  /** Full cards: widths from `maxWidth` down to `minWidth`. */
  minWidth: number
  maxWidth: number
  /** Compact cards: widths from `compactMaxWidth` down to `compactMinWidth`. */
  compactMaxWidth: number
  compactMinWidth: number
  /** Compact cards: at least this tall (label, value, scale stay legible), at most `compactMaxHeight`. */
  compactHeight: number
  compactMaxHeight: number
}

export const DEFAULT_BOARD_FIT: BoardFitOptions = {
  gap: 6,
  minWidth: 120,
  maxWidth: 200,
  compactMaxWidth: 170,
  compactMinWidth: 92,
  compactHeight: 58,
  compactMaxHeight: 96
}

export interface BoardFit {
  columns: number
  /** Card width in px. */
  width: number
  /** Card height in px (a full card's is its natural height; a compact card's is set). */
  height: number
  compact: boolean
}

/** A full card's height for a width (the radial dial, with a two-line label, is the tallest kind). */
export function cardHeight(width: number): number {
  return Math.ceil(width * 0.8 + 44)
}

/** Columns of `width` that fit `areaWidth`, at least one. */
export function columnsFor(areaWidth: number, width: number, gap: number): number {
  return Math.max(1, Math.floor((areaWidth + gap) / (width + gap)))
}

/** The widest card that `columns` columns allow in `areaWidth`, never more than `cap`. */
export function widthFor(areaWidth: number, columns: number, gap: number, cap: number): number {
  return Math.min(cap, Math.floor((areaWidth + gap) / columns - gap))
}

export interface FlowPlacement {
  rows: number
  /** Per group: its heading starts a new row, because it would otherwise sit alone at a row's end. */
  breaks: boolean[]
}

/** Where groups land when each is a heading cell followed by its cards, flowing in `columns`. */
export function flowPlacement(groupSizes: readonly number[], columns: number): FlowPlacement {
  const cols = Math.max(1, Math.floor(columns))
  let cell = 0
  const breaks = groupSizes.map((size) => {
    const column = cell % cols
    const orphan = cols > 1 && size > 0 && column === cols - 1
    if (orphan) cell += 1
    cell += 1 + Math.max(0, size)
    return orphan
  })
  return { rows: Math.ceil(cell / cols), breaks }
}

/** Height of `rows` rows of cells `height` tall. */
export function boardHeight(rows: number, height: number, gap: number): number {
  return rows > 0 ? rows * (height + gap) - gap : 0
}

/** The largest cards (full before compact, wider before narrower) at which every group fits. */
export function fitBoard(
  areaWidth: number,
  areaHeight: number,
  groupSizes: readonly number[],
  o: BoardFitOptions = DEFAULT_BOARD_FIT
): BoardFit {
  if (!(areaWidth > 0) || !(areaHeight > 0) || groupSizes.length === 0) {
    return { columns: 1, width: o.minWidth, height: cardHeight(o.minWidth), compact: false }
  }
  const most = columnsFor(areaWidth, o.compactMinWidth, o.gap)
  for (let columns = columnsFor(areaWidth, o.maxWidth, o.gap); columns <= most; columns++) {
    const width = widthFor(areaWidth, columns, o.gap, o.maxWidth)
    if (width < o.minWidth) break
    const { rows } = flowPlacement(groupSizes, columns)
    const height = cardHeight(width)
    if (boardHeight(rows, height, o.gap) <= areaHeight) return { columns, width, height, compact: false }
  }
  for (let columns = columnsFor(areaWidth, o.compactMaxWidth, o.gap); columns <= most; columns++) {
    const width = widthFor(areaWidth, columns, o.gap, o.compactMaxWidth)
    if (width < o.compactMinWidth) break
    const { rows } = flowPlacement(groupSizes, columns)
    // Compact cards grow to share the height: larger values for the same sensors.
    const stretched = Math.floor((areaHeight + o.gap) / rows - o.gap)
    if (stretched >= o.compactHeight) {
      return { columns, width, height: Math.min(stretched, o.compactMaxHeight), compact: true }
    }
  }
  return {
    columns: most,
    width: widthFor(areaWidth, most, o.gap, o.compactMaxWidth),
    height: o.compactHeight,
    compact: true
  }
}
