import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fittedFontSize, LABEL_FONT } from '@renderer/gauges/labelFit'

describe('compact gauge label fit', () => {
  it('keeps the preferred size when the label fits, and shrinks it to fit when not', () => {
    // 500 px wide at 100 px: 5 px per px of font; 80 px available → 16 px fits, capped at 13.
    expect(fittedFontSize(500, 80, 13)).toBe(13)
    // 1,000 px at 100 px in 100 px: 10 px fits.
    expect(fittedFontSize(1000, 100, 13)).toBe(10)
    // Never below the readable floor: then the label is cut.
    expect(fittedFontSize(5000, 100, 13)).toBe(LABEL_FONT.min)
    // Unmeasured (no canvas): the preferred size.
    expect(fittedFontSize(0, 100, 12)).toBe(12)
  })

  it('always answers a finite size between the bounds', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), (w, a, p) => {
        const size = fittedFontSize(w, a, p)
        return Number.isFinite(size) && size >= LABEL_FONT.min && size <= LABEL_FONT.max
      })
    )
  })
})
