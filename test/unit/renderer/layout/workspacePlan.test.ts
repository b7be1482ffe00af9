import { describe, expect, it } from 'vitest'
import { DEFAULT_LAYOUT, type Layout } from '@shared/layouts'
import { workspacePlan } from '@renderer/layout/workspacePlan'

const with_ = (edit: Partial<Layout>): Layout => ({ ...DEFAULT_LAYOUT, ...edit })

describe('workspace plan', () => {
  it('lays the default out in two rows of two, sized by the splitters', () => {
    const plan = workspacePlan(DEFAULT_LAYOUT, false)
    expect(plan.top).toEqual(['tickers', 'gauges'])
    expect(plan.bottom).toEqual(['latency', 'alarms'])
    expect(plan.splitters).toEqual(['columns', 'rows', 'bottom'])
    expect(plan.grow.tickers).toBeCloseTo(DEFAULT_LAYOUT.split.columns)
    expect(plan.grow.bottom).toBeCloseTo(DEFAULT_LAYOUT.split.rows)
    expect(plan.grow.top + plan.grow.bottom).toBeCloseTo(1)
  })

  it('narrows a top panel with nothing of its kind configured, and drops its splitter', () => {
    const plan = workspacePlan(DEFAULT_LAYOUT, false, new Set(['gauges']))
    expect(plan.narrow).toBe('gauges')
    expect(plan.grow.gauges).toBe(0)
    expect(plan.grow.tickers).toBe(1)
    expect(plan.splitters).toEqual(['rows', 'bottom'])
    expect(workspacePlan(DEFAULT_LAYOUT, false, new Set(['tickers'])).narrow).toBe('tickers')
    // Both empty (a fresh install): the layout's own split, nothing to give the room to.
    const both = workspacePlan(DEFAULT_LAYOUT, false, new Set(['tickers', 'gauges']))
    expect(both.narrow).toBeNull()
    expect(both.splitters).toContain('columns')
    // Alone in its row, an empty panel keeps the row: it is what the user chose to see.
    const alone = workspacePlan(with_({ fill: 'gauges' }), false, new Set(['gauges']))
    expect(alone.narrow).toBeNull()
    expect(alone.grow.gauges).toBe(1)
    expect(workspacePlan(DEFAULT_LAYOUT, false).narrow).toBeNull()
  })

  it('gives a lone panel its whole row, and a lone row the whole height', () => {
    const plan = workspacePlan(
      with_({ panels: { tickers: false, gauges: true, latency: false, alarms: false } }),
      false
    )
    expect(plan.top).toEqual(['gauges'])
    expect(plan.bottom).toEqual([])
    expect(plan.splitters).toEqual([])
    expect(plan.grow.top).toBe(1)
    expect(plan.grow.gauges).toBe(1)
  })

  it('shows only the filling panel, in its row', () => {
    const alarms = workspacePlan(with_({ fill: 'alarms' }), false)
    expect(alarms.top).toEqual([])
    expect(alarms.bottom).toEqual(['alarms'])
    expect(alarms.grow.bottom).toBe(1)
    expect(workspacePlan(with_({ fill: 'topics' }), false).top).toEqual([])
  })

  it('puts an open chart in the bottom row, in place of latency and alarms', () => {
    const plan = workspacePlan(with_({ fill: 'tickers' }), true)
    expect(plan.top).toEqual(['tickers'])
    expect(plan.bottom).toBe('chart')
    expect(plan.splitters).toEqual(['rows'])
  })
})
