import { describe, expect, it } from 'vitest'
import { boardHeight, cardHeight, DEFAULT_BOARD_FIT, fitBoard, groupBlock } from '@renderer/gauge/board-fit'

const o = DEFAULT_BOARD_FIT

describe('board fit', () => {
  it('shapes a group as wide as it needs, at most the cap', () => {
    expect(groupBlock(3, 10)).toEqual({ columns: 3, rows: 1 })
    expect(groupBlock(25, 10)).toEqual({ columns: 10, rows: 3 })
    expect(groupBlock(0, 10)).toEqual({ columns: 1, rows: 0 })
  })

  it('lets small groups share a line', () => {
    const tight = { ...o, gap: 0, groupGap: 0, heading: 10 }
    expect(boardHeight(400, 100, 50, [2, 2], 99, tight)).toBe(10 + 50)
    expect(boardHeight(300, 100, 50, [2, 2], 99, tight)).toBe(2 * (10 + 50))
    // Capping blocks at one column stacks each group: taller but narrower.
    expect(boardHeight(400, 100, 50, [2, 2], 1, tight)).toBe(10 + 2 * 50)
  })

  it('keeps full dials while a few sensors leave room, as large as fits', () => {
    const fit = fitBoard(1904, 960, [4, 3, 3, 4, 2])
    expect(fit).toMatchObject({ compact: false, width: o.maxWidth })
  })

  it('fits 200+ sensors on one 1920×1080 wall with compact cards', () => {
    for (const groups of [Array.from({ length: 8 }, () => 26), Array.from({ length: 12 }, () => 18), [210]]) {
      const fit = fitBoard(1904, 960, groups)
      const height = fit.compact ? o.compactHeight : cardHeight(fit.width)
      expect(fit.width).toBeGreaterThanOrEqual(o.compactMinWidth)
      expect(boardHeight(1904, fit.width, height, groups, fit.groupColumns, o)).toBeLessThanOrEqual(960)
    }
  })

  it('falls back to the smallest compact cards (and scrolls) when nothing fits', () => {
    expect(fitBoard(600, 300, [500])).toMatchObject({ width: o.compactMinWidth, compact: true })
    expect(fitBoard(0, 0, [3])).toMatchObject({ width: o.minWidth, compact: false })
  })
})
