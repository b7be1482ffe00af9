import { describe, expect, it } from 'vitest'
import { joinTables } from '../../../../src/renderer/src/charts/alignedData'
import { chartCsv } from '../../../../src/renderer/src/charts/chartExport'
import { withLimits } from '../../../../src/renderer/src/charts/chartOptions'
import { ChartTrace, MAX_TRACE_POINTS } from '../../../../src/renderer/src/charts/chartTrace'

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0)

describe('chart traces', () => {
  it('loads the engine answer, then folds live values in without repeating what it had', () => {
    const tr = new ChartTrace('desk/BTC', 'ticker')
    tr.load({
      key: 'desk/BTC',
      kind: 'ticker',
      resolution: 'raw',
      unit: '',
      from: T0,
      to: T0 + 1000,
      points: [
        [T0, 1],
        [T0 + 500, 2]
      ],
      band: [[T0, 0.5, 2.5]]
    })
    expect(tr.live(T0 + 500, 2)).toBe(false)
    expect(tr.live(T0 + 900, 3)).toBe(true)
    expect(tr.live(T0 + 950, Number.NaN)).toBe(false)
    expect(tr.t).toEqual([T0, T0 + 500, T0 + 900])
    tr.liveQuote(T0 + 900, 0.25, 3.5)
    tr.liveQuote(T0 + 1200, 2, 4)
    expect([tr.bandT, tr.bid, tr.ask]).toEqual([
      [T0, T0 + 1000],
      [0.25, 2],
      [3.5, 4]
    ])
  })

  it('folds live values into the newest bucket, keeping its min and max', () => {
    const tr = new ChartTrace('plant/t', 'sensor')
    tr.load({
      key: 'plant/t',
      kind: 'sensor',
      resolution: '1m',
      unit: '°C',
      from: T0,
      to: T0 + 60_000,
      buckets: [[T0, 5, 4, 6, 5, 10]]
    })
    tr.live(T0 + 30_000, 9)
    tr.live(T0 + 40_000, 1)
    tr.live(T0 + 61_000, 7)
    expect([tr.t, tr.first, tr.lo, tr.hi, tr.v]).toEqual([
      [T0, T0 + 60_000],
      [5, 7],
      [1, 7],
      [9, 7],
      [1, 7]
    ])
  })

  it('trims to the range and to its point bound', () => {
    const tr = new ChartTrace('plant/t', 'sensor')
    for (let i = 0; i < MAX_TRACE_POINTS + 100; i++) tr.live(T0 + i, i)
    tr.trim(T0)
    expect(tr.t.length).toBe(MAX_TRACE_POINTS)
    tr.trim(T0 + MAX_TRACE_POINTS + 50)
    expect(tr.t[0]).toBe(T0 + MAX_TRACE_POINTS + 50)
  })
})

describe('aligned data', () => {
  it('joins timelines onto one x axis with nulls where a series has no sample', () => {
    expect(
      joinTables([
        [
          [1, 3],
          [10, 30]
        ],
        [
          [2, 3, 4],
          [20, 31, 40],
          [-2, -3, -4]
        ]
      ])
    ).toEqual([
      [1, 2, 3, 4],
      [10, null, 30, null],
      [null, 20, 31, 40],
      [null, -2, -3, -4]
    ])
  })
})

describe('chart y range and export', () => {
  it('widens the range to the warn limits so the value is seen against them', () => {
    const [lo, hi] = withLimits(40, 50, { lowAlarm: 5, lowWarn: 10, warn: 80, alarm: 95 })
    expect(lo).toBeLessThan(10)
    expect(hi).toBeGreaterThan(80)
    expect(hi).toBeLessThan(95)
    expect(withLimits(null, null, null)).toEqual([0, 1])
  })

  it('writes one key as the API does and several in long form, never as formulas', () => {
    const a = new ChartTrace('plant/a', 'sensor')
    a.unit = 'bar'
    a.live(T0, 1.5)
    const b = new ChartTrace('desk/=X', 'ticker')
    b.live(T0 + 1, 2)
    const label = (k: string) => (k === 'desk/=X' ? '=HYPERLINK("x")' : 'A')
    expect(chartCsv([a], T0 - 1, T0 + 10, label)).toBe(
      `time,epoch_ms,A (bar)\r\n${new Date(T0).toISOString()},${T0},1.5\r\n`
    )
    const long = chartCsv([a, b], T0 - 1, T0 + 10, label).split('\r\n')
    expect(long[0]).toBe('time,epoch_ms,key,label,unit,value')
    expect(long[2]).toBe(`${new Date(T0 + 1).toISOString()},${T0 + 1},desk/=X,"'=HYPERLINK(""x"")",,2`)
  })
})
