import { describe, expect, it } from 'vitest'
import { visibleRange } from '@renderer/tickers/visibleRange'

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the list', () => {
    expect(visibleRange(1000, 28, 0, 280, 5)).toEqual({ start: 0, end: 15 })
    expect(visibleRange(1000, 28, 2800, 280, 5)).toEqual({ start: 95, end: 115 })
    expect(visibleRange(20, 28, 2800, 280, 5)).toEqual({ start: 20, end: 20 })
    expect(visibleRange(12, 28, 0, 2000, 5)).toEqual({ start: 0, end: 12 })
  })

  it('survives empty lists and garbage geometry', () => {
    expect(visibleRange(0, 28, 0, 500, 5)).toEqual({ start: 0, end: 0 })
    expect(visibleRange(10, 0, 0, 500, 5)).toEqual({ start: 0, end: 0 })
    expect(visibleRange(10, 28, NaN, NaN, 2)).toEqual({ start: 0, end: 2 })
  })
})
