import { describe, expect, it } from 'vitest'
import {
  CASCADE_STEP,
  cascadePlacement,
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  parseWindowState,
  placeOnDisplay,
  placeWindow,
  type DisplayArea,
  type Rect,
  type WindowState
} from '../../../../src/main/window/windowState'

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 }
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 }
const state = (bounds: Rect, maximized = false, fullScreen = false): WindowState => ({
  bounds,
  maximized,
  fullScreen
})

describe('parseWindowState', () => {
  it('accepts a well-formed state and rounds fractional pixels', () => {
    expect(
      parseWindowState({
        bounds: { x: 10.4, y: -20, width: 800.6, height: 600 },
        maximized: true,
        fullScreen: false
      })
    ).toEqual(state({ x: 10, y: -20, width: 801, height: 600 }, true))
  })

  it.each([
    ['null', null],
    ['an array', []],
    ['no bounds', { maximized: false, fullScreen: false }],
    [
      'a string coordinate',
      { bounds: { x: '1', y: 0, width: 10, height: 10 }, maximized: false, fullScreen: false }
    ],
    ['NaN', { bounds: { x: Number.NaN, y: 0, width: 10, height: 10 }, maximized: false, fullScreen: false }],
    ['a zero width', { bounds: { x: 0, y: 0, width: 0, height: 10 }, maximized: false, fullScreen: false }],
    [
      'an absurd size',
      { bounds: { x: 0, y: 0, width: 1e9, height: 10 }, maximized: false, fullScreen: false }
    ],
    ['a missing flag', { bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }]
  ])('refuses %s', (_name, raw) => {
    expect(parseWindowState(raw)).toBeNull()
  })
})

describe('placeWindow', () => {
  it('centres the default size on the primary display when nothing was saved', () => {
    expect(placeWindow(null, [primary, right], primary)).toEqual({
      width: DEFAULT_WINDOW_SIZE.width,
      height: DEFAULT_WINDOW_SIZE.height,
      maximized: false,
      fullScreen: false
    })
  })

  it('keeps a saved window that is fully visible where it was', () => {
    expect(
      placeWindow(state({ x: 2000, y: 100, width: 1000, height: 700 }, true), [primary, right], primary)
    ).toEqual({
      x: 2000,
      y: 100,
      width: 1000,
      height: 700,
      maximized: true,
      fullScreen: false
    })
  })

  it('moves a window that hangs off the edge back inside the display it mostly covers', () => {
    const placed = placeWindow(
      state({ x: 4000, y: 1200, width: 1000, height: 700 }),
      [primary, right],
      primary
    )
    expect(placed).toMatchObject({ x: 1920 + 2560 - 1000, y: 1400 - 700, width: 1000, height: 700 })
  })

  it('falls back to the primary display when the saved one is gone, keeping the flags', () => {
    expect(
      placeWindow(state({ x: 2000, y: 100, width: 1000, height: 700 }, false, true), [primary], primary)
    ).toEqual({
      width: DEFAULT_WINDOW_SIZE.width,
      height: DEFAULT_WINDOW_SIZE.height,
      maximized: false,
      fullScreen: true
    })
  })

  it('shrinks a window larger than its display but not below the minimum size', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 600 }
    expect(placeWindow(state({ x: -50, y: -50, width: 3000, height: 2000 }), [small], small)).toMatchObject({
      x: 0,
      y: 0,
      width: 1024,
      height: 600
    })
    expect(placeWindow(state({ x: 10, y: 10, width: 100, height: 100 }), [small], small)).toMatchObject({
      width: MIN_WINDOW_SIZE.width,
      height: MIN_WINDOW_SIZE.height
    })
  })
})

describe('placeOnDisplay', () => {
  const main: DisplayArea = { id: 1, workArea: primary }
  const side: DisplayArea = { id: 2, workArea: right }

  it('keeps a window where it was on a display that is still there', () => {
    expect(
      placeOnDisplay(state({ x: 2100, y: 50, width: 900, height: 600 }), side, [main, side], main)
    ).toEqual({ x: 2100, y: 50, width: 900, height: 600, maximized: false, fullScreen: false })
  })

  it('follows a display that was rearranged, found by id or by its unchanged work area', () => {
    const movedLeft: DisplayArea = { id: 2, workArea: { ...right, x: -2560 } }
    expect(
      placeOnDisplay(state({ x: 2100, y: 50, width: 900, height: 600 }), side, [main, movedLeft], main)
    ).toMatchObject({ x: -2560 + 180, y: 50 })
    const newId: DisplayArea = { id: 77, workArea: right }
    expect(
      placeOnDisplay(state({ x: 2100, y: 50, width: 900, height: 600 }), side, [main, newId], main)
    ).toMatchObject({ x: 2100, y: 50 })
  })

  it('moves a window whose display is gone to the primary display, at the same offset, clamped', () => {
    expect(
      placeOnDisplay(state({ x: 2100, y: 50, width: 900, height: 600 }, true), side, [main], main)
    ).toEqual({ x: 180, y: 50, width: 900, height: 600, maximized: true, fullScreen: false })
    // Larger than the primary display and far into the gone one: shrunk and pulled inside.
    expect(placeOnDisplay(state({ x: 3900, y: 900, width: 2500, height: 1300 }), side, [main], main)).toEqual(
      { x: 0, y: 0, width: 1920, height: 1040, maximized: false, fullScreen: false }
    )
  })

  it('places a window saved without its display (an older file) as before', () => {
    const saved = state({ x: 4000, y: 1200, width: 1000, height: 700 })
    expect(placeOnDisplay(saved, null, [main, side], main)).toEqual(
      placeWindow(saved, [primary, right], primary)
    )
  })
})

describe('cascadePlacement', () => {
  it('opens a new window a step down and right of the one it came from', () => {
    expect(cascadePlacement({ x: 100, y: 100, width: 800, height: 600 }, primary)).toEqual({
      x: 100 + CASCADE_STEP,
      y: 100 + CASCADE_STEP,
      width: 800,
      height: 600,
      maximized: false,
      fullScreen: false
    })
  })

  it('starts again at the corner rather than leaving the display', () => {
    expect(cascadePlacement({ x: 1100, y: 400, width: 800, height: 600 }, primary)).toMatchObject({
      x: 0,
      y: 0
    })
  })

  it('uses the default size when there is no window to start from', () => {
    expect(cascadePlacement(null, primary)).toEqual({
      width: DEFAULT_WINDOW_SIZE.width,
      height: DEFAULT_WINDOW_SIZE.height,
      maximized: false,
      fullScreen: false
    })
  })
})
