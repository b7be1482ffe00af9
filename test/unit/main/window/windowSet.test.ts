import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WindowSet } from '../../../../src/main/window/windowSet'
import { savedWindow } from './savedWindow'
import { MAX_WINDOWS, WindowSetFile, type SavedWindow } from '../../../../src/main/window/windowSetFile'

const at = (x: number, change: Partial<SavedWindow> = {}): SavedWindow => savedWindow(x, change)

describe('WindowSet', () => {
  let dir: string
  let path: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-windows-'))
    path = join(dir, 'window-state.json')
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  /** A fresh start on the same profile: what the next launch would restore. */
  const nextStart = (): WindowSet => new WindowSet(new WindowSetFile(path, () => {}, 60_000))
  const onDisk = (): number[] =>
    (JSON.parse(readFileSync(path, 'utf8')) as { windows: SavedWindow[] }).windows.map((w) => w.bounds.x)

  it('opens one default window on first start, on the --layout given', () => {
    expect(nextStart().toRestore()).toEqual([{ saved: null, layout: null }])
    expect(nextStart().toRestore('Wall')).toEqual([{ saved: null, layout: 'Wall' }])
  })

  it('restores all three windows open when the app quit, in order, with their state', () => {
    const set = nextStart()
    const a = set.add(at(1, { layout: 'Desk' })) as number
    const b = set.add(at(2)) as number
    const c = set.add(at(3)) as number
    set.update(b, { alwaysOnTop: true, maximized: true })
    // Quitting closes every window: none of those closes may shrink the set.
    set.quitting()
    for (const id of [c, a, b]) set.closed(id)
    set.dispose()
    expect(onDisk()).toEqual([1, 2, 3])

    const next = nextStart()
    expect(next.toRestore()).toEqual([
      { saved: at(1, { layout: 'Desk' }), layout: 'Desk' },
      { saved: at(2, { alwaysOnTop: true, maximized: true }), layout: null },
      { saved: at(3), layout: null }
    ])
    // --layout NAME is the first window's layout, the others keep theirs.
    expect(next.toRestore('Wall').map((w) => w.layout)).toEqual(['Wall', null, null])
  })

  it('forgets a secondary window the user closed, and keeps the last one closed', () => {
    const set = nextStart()
    const a = set.add(at(1)) as number
    const b = set.add(at(2)) as number
    set.closed(a)
    expect(onDisk()).toEqual([2])
    set.closed(b)
    // The last window closing is how the app quits on Windows and Linux: it is kept.
    expect(onDisk()).toEqual([2])
    expect(set.size).toBe(0)
    // ... and what macOS reopens from the dock.
    expect(set.toRestore()).toEqual([{ saved: at(2), layout: null }])
    set.dispose()
    expect(nextStart().toRestore()).toEqual([{ saved: at(2), layout: null }])
  })

  it('ignores changes once quitting has begun, and unknown ids', () => {
    const set = nextStart()
    const a = set.add(at(1)) as number
    set.quitting()
    set.update(a, { bounds: { x: 99, y: 0, width: 800, height: 600 } })
    set.update(12345, { alwaysOnTop: true })
    set.closed(12345)
    set.dispose()
    expect(onDisk()).toEqual([1])
  })

  it(`refuses a window beyond ${MAX_WINDOWS}`, () => {
    const set = nextStart()
    for (let i = 0; i < MAX_WINDOWS; i++) expect(set.add(at(i))).not.toBeNull()
    expect(set.full).toBe(true)
    expect(set.add(at(99))).toBeNull()
    expect(set.size).toBe(MAX_WINDOWS)
    set.dispose()
  })

  it('answers nothing to restore while windows are open', () => {
    const set = nextStart()
    set.add(at(1))
    expect(set.toRestore()).toEqual([])
    set.dispose()
  })

  it('starts with one default window from a corrupt file, and an old file upgrades losslessly', () => {
    writeFileSync(path, '{"windows": [')
    expect(nextStart().toRestore()).toEqual([{ saved: null, layout: null }])
    writeFileSync(
      path,
      '{"bounds":{"x":7,"y":8,"width":1000,"height":700},"maximized":true,"fullScreen":false}'
    )
    const set = nextStart()
    const [first] = set.toRestore()
    expect(first.saved).toMatchObject({ bounds: { x: 7, y: 8 }, maximized: true, display: null })
    set.add({ ...(first.saved as SavedWindow), display: at(0).display })
    set.dispose()
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      version: 2,
      windows: [{ bounds: { x: 7 } }]
    })
  })
})
