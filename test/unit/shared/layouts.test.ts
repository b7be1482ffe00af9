import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clampSplit,
  DEFAULT_LAYOUT,
  parseLayout,
  SPLIT_BOUNDS,
  visiblePanels,
  type Layout
} from '../../../src/shared/layouts'

describe('layouts', () => {
  it('takes the default layout and refuses one that shows nothing', () => {
    expect(parseLayout(DEFAULT_LAYOUT)).toEqual(DEFAULT_LAYOUT)
    const none = {
      ...DEFAULT_LAYOUT,
      panels: { tickers: false, gauges: false, latency: false, alarms: false }
    }
    expect(parseLayout(none)).toMatch(/at least one panel/)
    // A filled window needs no other panel.
    expect(parseLayout({ ...none, fill: 'topics' })).toEqual({ ...none, fill: 'topics' })
  })

  it('names the bad field', () => {
    expect(parseLayout({ ...DEFAULT_LAYOUT, fill: 'chart' })).toMatch(/^fill: /)
    expect(parseLayout({ ...DEFAULT_LAYOUT, extra: 1 })).toMatch(/extra/)
    expect(parseLayout({ ...DEFAULT_LAYOUT, split: { ...DEFAULT_LAYOUT.split, rows: 0.01 } })).toMatch(
      /^split\.rows: must be at least 0\.15/
    )
    expect(parseLayout(null)).toMatch(/^layout: /)
  })

  it('shows the filling panel alone, else the chosen panels in workspace order', () => {
    expect(visiblePanels({ ...DEFAULT_LAYOUT, fill: 'gauges' })).toEqual(['gauges'])
    const some: Layout = {
      ...DEFAULT_LAYOUT,
      panels: { tickers: false, gauges: true, latency: false, alarms: true }
    }
    expect(visiblePanels(some)).toEqual(['gauges', 'alarms'])
  })

  it('parses anything without throwing; what it takes is finite and inside the bounds', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = parseLayout(raw)
        if (typeof parsed === 'string') return parsed.length > 0
        return Object.entries(parsed.split).every(
          ([name, v]) =>
            Number.isFinite(v) &&
            v >= SPLIT_BOUNDS[name as keyof typeof SPLIT_BOUNDS].min &&
            v <= SPLIT_BOUNDS[name as keyof typeof SPLIT_BOUNDS].max
        )
      })
    )
    fc.assert(
      fc.property(fc.double(), (v) => {
        const c = clampSplit('columns', v)
        return Number.isFinite(c) && c >= SPLIT_BOUNDS.columns.min && c <= SPLIT_BOUNDS.columns.max
      })
    )
  })
})
