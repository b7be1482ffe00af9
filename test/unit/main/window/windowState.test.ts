import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  parseWindowState,
  placeWindow,
  WindowStateStore,
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

describe('WindowStateStore', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-window-state-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('has nothing to load on first run, and that is not a problem', () => {
    const store = new WindowStateStore(join(dir, 'window-state.json'))
    expect(store.load()).toBeNull()
    expect(store.lastProblem).toBeNull()
  })

  it('saves debounced, writes on flush, and loads back what it saved', () => {
    const file = join(dir, 'nested', 'window-state.json')
    const store = new WindowStateStore(file, 60_000)
    store.save(state({ x: 1, y: 2, width: 900, height: 500 }))
    store.save(state({ x: 5, y: 6, width: 1000, height: 700 }, true))
    expect(existsSync(file)).toBe(false)
    store.dispose()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(
      state({ x: 5, y: 6, width: 1000, height: 700 }, true)
    )
    expect(new WindowStateStore(file).load()).toEqual(state({ x: 5, y: 6, width: 1000, height: 700 }, true))
  })

  it('writes by itself once the debounce has passed', async () => {
    const file = join(dir, 'window-state.json')
    const store = new WindowStateStore(file, 5)
    store.save(state({ x: 1, y: 2, width: 900, height: 500 }))
    await expect.poll(() => existsSync(file)).toBe(true)
    store.dispose()
  })

  it.each([
    ['truncated JSON', '{"bounds": {"x": 1'],
    ['the wrong shape', '{"bounds": [1, 2, 3, 4], "maximized": false, "fullScreen": false}']
  ])('falls back to defaults and says why on %s', (_name, text) => {
    const file = join(dir, 'window-state.json')
    writeFileSync(file, text)
    const store = new WindowStateStore(file)
    expect(store.load()).toBeNull()
    expect(store.lastProblem).toContain(file)
  })

  it('reports an unwritable location instead of throwing', () => {
    const blocker = join(dir, 'not-a-dir')
    writeFileSync(blocker, '')
    const store = new WindowStateStore(join(blocker, 'window-state.json'))
    store.save(state({ x: 0, y: 0, width: 800, height: 600 }))
    expect(() => store.flush()).not.toThrow()
    expect(store.lastProblem).toMatch(/cannot save/)
  })
})
