import { describe, expect, it } from 'vitest'
import {
  boardHeight,
  boardWindow,
  cardHeight,
  cellArea,
  columnsFor,
  DEFAULT_BOARD_FIT,
  fitBoard,
  flowPlacement,
  widthFor
} from '@renderer/gauges/boardFit'

const o = DEFAULT_BOARD_FIT
/** The wall view's board area at 1920×1080 (status bar and panel head taken off). */
const WALL_1920 = { width: 1890, height: 980 }

function groupsOf(count: number, size: number): number[] {
  return Array.from({ length: count }, () => size)
}

describe('flow placement', () => {
  it('gives each group one heading cell and flows groups across rows', () => {
    // [h a a][h b b][h c .] → 3 rows of 3.
    expect(flowPlacement([2, 2, 1], 3)).toEqual({ columns: 3, rows: 3, heads: [0, 3, 6], sizes: [2, 2, 1] })
    // 2 groups of 3 in 8 columns share one row: heading cells do not cost a line each.
    expect(flowPlacement([3, 3], 8)).toMatchObject({ rows: 1, heads: [0, 4] })
  })

  it('never leaves a heading alone at the end of a row', () => {
    // [h a a .][h b ...]: the second heading would sit in the last column, so it starts the next row.
    expect(flowPlacement([2, 3], 4)).toMatchObject({ rows: 2, heads: [0, 4] })
    expect(flowPlacement([2, 3], 5)).toMatchObject({ rows: 2, heads: [0, 3] })
    // One column cannot avoid it and does not try.
    expect(flowPlacement([1, 1], 1)).toMatchObject({ rows: 4, heads: [0, 2] })
  })

  it('places a cell by its grid row and column', () => {
    expect(cellArea(0, 4)).toEqual({ gridRow: 1, gridColumn: 1 })
    expect(cellArea(9, 4)).toEqual({ gridRow: 3, gridColumn: 2 })
  })

  it('measures rows with gaps between them only', () => {
    expect(boardHeight(3, 50, 6)).toBe(162)
    expect(boardHeight(0, 50, 6)).toBe(0)
  })
})

describe('board window', () => {
  // 4 columns: [h a a .][H b b b][b b b b][b b b b][H c c .]: a heading never ends a row.
  const placement = flowPlacement([2, 11, 2], 4)

  it('takes only the groups, headings and cards in the rendered rows', () => {
    expect(placement.heads).toEqual([0, 4, 16])
    expect(boardWindow(placement, 0, 1)).toEqual([{ group: 0, heading: true, from: 0, to: 2 }])
    // Rows 1–2: group 1's heading and its cards 0–6.
    expect(boardWindow(placement, 1, 3)).toEqual([{ group: 1, heading: true, from: 0, to: 7 }])
    // Rows 3–4: the last four cards of group 1, then group 2 whole.
    expect(boardWindow(placement, 3, 5)).toEqual([
      { group: 1, heading: false, from: 7, to: 11 },
      { group: 2, heading: true, from: 0, to: 2 }
    ])
  })

  it('every cell lands in exactly one window entry, whatever the rows split', () => {
    const sizes = [7, 1, 30, 0, 12, 5]
    const p = flowPlacement(sizes, 6)
    const seen = new Map<string, number>()
    for (let row = 0; row < p.rows; row++)
      for (const w of boardWindow(p, row, row + 1)) {
        if (w.heading) seen.set(`h${w.group}`, (seen.get(`h${w.group}`) ?? 0) + 1)
        for (let j = w.from; j < w.to; j++)
          seen.set(`${w.group}:${j}`, (seen.get(`${w.group}:${j}`) ?? 0) + 1)
      }
    const expected = sizes.flatMap((size, g) => [
      `h${g}`,
      ...Array.from({ length: size }, (_, j) => `${g}:${j}`)
    ])
    expect([...seen.keys()].sort()).toEqual(expected.sort())
    expect([...seen.values()].every((n) => n === 1)).toBe(true)
    expect(boardWindow(p, p.rows, p.rows + 3)).toEqual([])
  })
})

describe('board fit', () => {
  it('keeps full dials while a few sensors leave room, as large as fits', () => {
    const fit = fitBoard(1904, 960, [4, 3, 3, 4, 2])
    expect(fit).toMatchObject({ compact: false, width: o.maxWidth })
  })

  it('stretches cards to use the width once more columns are needed', () => {
    const fit = fitBoard(1000, 300, [30])
    expect(fit.columns * (fit.width + o.gap) - o.gap).toBeLessThanOrEqual(1000)
    expect((fit.columns + 1) * (fit.width + o.gap) - o.gap).toBeGreaterThan(1000)
  })

  for (const [groups, size] of [
    [8, 26],
    [13, 19],
    [20, 12]
  ] as const) {
    it(`fits ${groups} groups of ${size} (${groups * size} sensors) on one 1920×1080 wall`, () => {
      const sizes = groupsOf(groups, size)
      const fit = fitBoard(WALL_1920.width, WALL_1920.height, sizes)
      const { rows } = flowPlacement(sizes, fit.columns)
      expect(fit.columns * (fit.width + o.gap) - o.gap).toBeLessThanOrEqual(WALL_1920.width)
      expect(boardHeight(rows, fit.height, o.gap)).toBeLessThanOrEqual(WALL_1920.height)
      // Every sensor and every heading has a cell.
      expect(rows * fit.columns).toBeGreaterThanOrEqual(groups * (size + 1))
      // Still legible: not the scroll fallback, at least the compact minimum on both axes.
      expect(fit.width).toBeGreaterThanOrEqual(o.compactMinWidth)
      expect(fit.height).toBeGreaterThanOrEqual(o.compactHeight)
    })
  }

  it('fits 260 sensors in 20 groups, the top of the range', () => {
    const sizes = groupsOf(20, 13)
    const fit = fitBoard(WALL_1920.width, WALL_1920.height, sizes)
    expect(boardHeight(flowPlacement(sizes, fit.columns).rows, fit.height, o.gap)).toBeLessThanOrEqual(
      WALL_1920.height
    )
    expect(fit.height).toBeGreaterThanOrEqual(o.compactHeight)
  })

  it('grows compact cards into spare height, up to a limit', () => {
    const dense = fitBoard(WALL_1920.width, WALL_1920.height, groupsOf(13, 19))
    const fewer = fitBoard(WALL_1920.width, WALL_1920.height, groupsOf(13, 12))
    expect(dense.compact && fewer.compact).toBe(true)
    expect(fewer.height * fewer.width).toBeGreaterThan(dense.height * dense.width)
    expect(fewer.height).toBeLessThanOrEqual(o.compactMaxHeight)
  })

  it('falls back to compact cards wide enough to read (and scrolls) when nothing fits', () => {
    const fit = fitBoard(600, 300, [500])
    expect(fit).toMatchObject({ compact: true, height: o.compactHeight })
    expect(fit.width).toBe(widthFor(600, fit.columns, o.gap, o.compactMaxWidth))
    // Not the densest it could be: a scrolling board keeps its labels' room.
    expect(fit.width).toBeGreaterThanOrEqual(o.compactScrollWidth)
    expect(fit.columns).toBeLessThan(columnsFor(600, o.compactMinWidth, o.gap))
    // A panel narrower than that still gets one card a row.
    expect(fitBoard(100, 50, [500]).columns).toBe(1)
    expect(fitBoard(0, 0, [3])).toEqual({
      columns: 1,
      width: o.minWidth,
      height: cardHeight(o.minWidth),
      compact: false
    })
  })
})
