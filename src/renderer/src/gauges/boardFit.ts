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
  /**
   * When nothing fits and the board scrolls anyway, cards are at least this wide: density buys
   * nothing then, and a label needs the room to be read in full.
   */
  compactScrollWidth: number
}

export const DEFAULT_BOARD_FIT: BoardFitOptions = {
  gap: 6,
  minWidth: 120,
  maxWidth: 200,
  compactMaxWidth: 170,
  compactMinWidth: 92,
  compactHeight: 58,
  compactMaxHeight: 96,
  compactScrollWidth: 128
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
  columns: number
  rows: number
  /** Per group: the cell (row × columns + column) of its heading; its cards take the cells after it. */
  heads: number[]
  sizes: number[]
}

/**
 * Where groups land when each is a heading cell followed by its cards, flowing in `columns`. A
 * heading that would sit alone at a row's end starts the next row instead.
 */
export function flowPlacement(groupSizes: readonly number[], columns: number): FlowPlacement {
  const cols = Math.max(1, Math.floor(columns))
  let cell = 0
  const sizes = groupSizes.map((size) => Math.max(0, Math.floor(size)))
  const heads = sizes.map((size) => {
    const orphan = cols > 1 && size > 0 && cell % cols === cols - 1
    if (orphan) cell += 1
    const head = cell
    cell += 1 + size
    return head
  })
  return { columns: cols, rows: Math.ceil(cell / cols), heads, sizes }
}

/** What of one group lies in the rendered rows: its heading, and its cards `[from, to)`. */
export interface GroupWindow {
  group: number
  heading: boolean
  from: number
  to: number
}

/**
 * The groups, headings and cards in rows `[startRow, endRow)`: the board renders only these, so a
 * plant of thousands of sensors costs what the screen shows, not what the broker carries.
 */
export function boardWindow(placement: FlowPlacement, startRow: number, endRow: number): GroupWindow[] {
  const first = Math.max(0, startRow) * placement.columns
  const end = Math.max(0, endRow) * placement.columns
  const out: GroupWindow[] = []
  for (let g = 0; g < placement.heads.length; g++) {
    const head = placement.heads[g]
    const size = placement.sizes[g]
    if (head >= end) break
    if (head + size < first) continue
    out.push({
      group: g,
      heading: head >= first,
      from: Math.max(0, first - head - 1),
      to: Math.min(size, end - head - 1)
    })
  }
  return out
}

/** Grid row and column (1-based, as CSS counts) of a cell. */
export function cellArea(cell: number, columns: number): { gridRow: number; gridColumn: number } {
  return { gridRow: Math.floor(cell / columns) + 1, gridColumn: (cell % columns) + 1 }
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
  const columns = Math.min(most, columnsFor(areaWidth, o.compactScrollWidth, o.gap))
  return {
    columns,
    width: widthFor(areaWidth, columns, o.gap, o.compactMaxWidth),
    height: o.compactHeight,
    compact: true
  }
}
