import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  MAX_WINDOWS,
  parseSavedWindow,
  parseWindowSet,
  WINDOW_SET_VERSION,
  WindowSetFile,
  type SavedWindow
} from '../../../../src/main/window/windowSetFile'
import { savedWindow } from './savedWindow'

const saved = (x: number, change: Partial<SavedWindow> = {}): SavedWindow =>
  savedWindow(x, { bounds: { x, y: 20, width: 900, height: 600 }, ...change })

describe('parseWindowSet', () => {
  it('reads the single-window file of earlier versions as its one window', () => {
    expect(
      parseWindowSet({ bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: true, fullScreen: false })
    ).toEqual({
      windows: [
        {
          bounds: { x: 5, y: 6, width: 1000, height: 700 },
          maximized: true,
          fullScreen: false,
          alwaysOnTop: false,
          layout: null,
          display: null
        }
      ],
      problem: null
    })
  })

  it('reads every window of the list, with layout, always-on-top and display', () => {
    const windows = [saved(1, { layout: 'Wall 2', alwaysOnTop: true }), saved(2, { display: null })]
    expect(parseWindowSet({ version: WINDOW_SET_VERSION, windows })).toEqual({ windows, problem: null })
  })

  it('leaves out a bad entry, says which and why, and keeps the others', () => {
    const result = parseWindowSet({
      version: WINDOW_SET_VERSION,
      windows: [saved(1), { ...saved(2), layout: 'x'.repeat(41) }, 'junk', saved(3)]
    })
    expect(result.windows.map((w) => w.bounds.x)).toEqual([1, 3])
    expect(result.problem).toContain('windows[1] is left out: layout is not a layout name')
    expect(result.problem).toContain('windows[2] is left out')
  })

  it(`restores at most ${MAX_WINDOWS} windows`, () => {
    const windows = Array.from({ length: MAX_WINDOWS + 5 }, (_, i) => saved(i))
    const result = parseWindowSet({ version: WINDOW_SET_VERSION, windows })
    expect(result.windows).toHaveLength(MAX_WINDOWS)
    expect(result.problem).toContain(`only the first ${MAX_WINDOWS}`)
  })

  it.each([
    ['null', null],
    ['an array', [saved(1)]],
    ['windows not a list', { version: 2, windows: { a: saved(1) } }],
    ['an old file of the wrong shape', { bounds: [1, 2, 3, 4], maximized: false, fullScreen: false }]
  ])('restores nothing from %s, saying so', (_name, raw) => {
    const result = parseWindowSet(raw)
    expect(result.windows).toEqual([])
    expect(result.problem).toMatch(/unexpected shape/)
  })
})

describe('parseSavedWindow', () => {
  it.each([
    ['a string flag', { ...saved(1), alwaysOnTop: 'yes' }, /alwaysOnTop/],
    ['a layout with a bidi override', { ...saved(1), layout: 'a\u202eb' }, /layout/],
    ['a display without id', { ...saved(1), display: { workArea: saved(1).bounds } }, /display/],
    ['a display with a NaN work area', { ...saved(1), display: { id: 1, workArea: { x: NaN } } }, /display/],
    ['no bounds', { maximized: false, fullScreen: false }, /bounds/]
  ])('refuses %s', (_name, raw, reason) => {
    expect(parseSavedWindow(raw)).toMatch(reason)
  })
})

describe('WindowSetFile', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-window-set-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('has nothing to load on first run, and that is not a problem', () => {
    const problems: string[] = []
    const file = new WindowSetFile(join(dir, 'window-state.json'), (p) => problems.push(p))
    expect(file.load()).toEqual([])
    expect(file.lastProblem).toBeNull()
    expect(problems).toEqual([])
  })

  it('saves debounced, writes on flush, and loads back what it saved', () => {
    const path = join(dir, 'nested', 'window-state.json')
    const file = new WindowSetFile(path, () => {}, 60_000)
    file.save([saved(1)])
    file.save([saved(5, { layout: 'Desk' }), saved(6, { maximized: true })])
    expect(existsSync(path)).toBe(false)
    file.dispose()
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      version: WINDOW_SET_VERSION,
      windows: [saved(5, { layout: 'Desk' }), saved(6, { maximized: true })]
    })
    expect(new WindowSetFile(path).load()).toEqual([
      saved(5, { layout: 'Desk' }),
      saved(6, { maximized: true })
    ])
  })

  it('writes by itself once the debounce has passed', async () => {
    const path = join(dir, 'window-state.json')
    const file = new WindowSetFile(path, () => {}, 5)
    file.save([saved(1)])
    await expect.poll(() => existsSync(path)).toBe(true)
    file.dispose()
  })

  it('reads the file an earlier version wrote', () => {
    const path = join(dir, 'window-state.json')
    writeFileSync(
      path,
      '{"bounds":{"x":5,"y":6,"width":1000,"height":700},"maximized":false,"fullScreen":true}\n'
    )
    expect(new WindowSetFile(path).load()).toEqual([
      {
        bounds: { x: 5, y: 6, width: 1000, height: 700 },
        maximized: false,
        fullScreen: true,
        alwaysOnTop: false,
        layout: null,
        display: null
      }
    ])
  })

  it.each([
    ['truncated JSON', '{"version": 2, "windows": [{"bounds": {"x": 1'],
    ['the wrong shape', '{"bounds": [1, 2, 3, 4], "maximized": false, "fullScreen": false}'],
    ['a huge file', `{"version":2,"windows":[],"pad":"${'x'.repeat(300_000)}"}`]
  ])('falls back to defaults and says why on %s', (_name, text) => {
    const path = join(dir, 'window-state.json')
    writeFileSync(path, text)
    const problems: string[] = []
    const file = new WindowSetFile(path, (p) => problems.push(p))
    expect(file.load()).toEqual([])
    expect(file.lastProblem).toContain(path)
    expect(problems).toEqual([file.lastProblem])
  })

  it('reports an unwritable location instead of throwing', () => {
    const blocker = join(dir, 'not-a-dir')
    writeFileSync(blocker, '')
    const problems: string[] = []
    const file = new WindowSetFile(join(blocker, 'window-state.json'), (p) => problems.push(p))
    file.save([saved(1)])
    expect(() => file.flush()).not.toThrow()
    expect(file.lastProblem).toMatch(/cannot save/)
    expect(problems).toHaveLength(1)
  })
})
