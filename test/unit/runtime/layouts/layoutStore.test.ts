import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_LAYOUT, MAX_LAYOUTS, type Layout } from '../../../../src/shared/layouts'
import { LAYOUTS_FILE, LayoutStore } from '../../../../src/main/runtime/layouts/layoutStore'

let dir: string
let problems: string[]
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-layouts-'))
  problems = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const store = (): LayoutStore =>
  new LayoutStore({ stateDir: dir, debounceMs: 10_000, report: (p) => problems.push(p) })
const alarmsOnly: Layout = { ...DEFAULT_LAYOUT, fill: 'alarms' }

describe('LayoutStore', () => {
  it('saves layouts to layouts.json and gets them back, in natural name order', () => {
    const first = store()
    first.load()
    expect(first.save('Desk 10', DEFAULT_LAYOUT)).toBeNull()
    expect(first.save('Desk 9', alarmsOnly)).toBeNull()
    first.dispose()
    const saved = JSON.parse(readFileSync(join(dir, LAYOUTS_FILE), 'utf8'))
    expect(saved.version).toBe(1)
    expect(Object.keys(saved.layouts).sort()).toEqual(['Desk 10', 'Desk 9'])
    const second = store()
    second.load()
    expect(second.names()).toEqual(['Desk 9', 'Desk 10'])
    expect(second.get('Desk 9')).toEqual(alarmsOnly)
    expect(problems).toEqual([])
  })

  it('refuses bad names and more than the cap, and says why', () => {
    const s = store()
    expect(s.save(' padded', DEFAULT_LAYOUT)).toMatch(/space/)
    expect(s.save('a\u202Eb', DEFAULT_LAYOUT)).toMatch(/bidirectional/)
    expect(s.save('x'.repeat(41), DEFAULT_LAYOUT)).toMatch(/at most 40/)
    for (let i = 0; i < MAX_LAYOUTS; i++) expect(s.save(`L${i}`, DEFAULT_LAYOUT)).toBeNull()
    expect(s.save('one more', DEFAULT_LAYOUT)).toMatch(/at most 50 layouts/)
    // Replacing an existing one is not "one more".
    expect(s.save('L3', alarmsOnly)).toBeNull()
    expect(s.remove('nope')).toMatch(/no layout named "nope"/)
    expect(s.remove('L3')).toBeNull()
    expect(s.names()).toHaveLength(MAX_LAYOUTS - 1)
    s.dispose()
  })

  it('tells listeners the names after a change, and stops after dispose', () => {
    const s = store()
    const seen: (readonly string[])[] = []
    const listening = s.onChange((names) => seen.push(names))
    s.save('B', DEFAULT_LAYOUT)
    s.save('A', DEFAULT_LAYOUT)
    listening.dispose()
    s.remove('A')
    expect(seen).toEqual([['B'], ['A', 'B']])
    s.dispose()
  })

  it('reports a saved layout it cannot read, keeps it in the file, and loads the rest', () => {
    mkdirSync(dir, { recursive: true })
    const bad = { ...DEFAULT_LAYOUT, split: { ...DEFAULT_LAYOUT.split, columns: 7 } }
    writeFileSync(
      join(dir, LAYOUTS_FILE),
      JSON.stringify({ version: 1, layouts: { good: DEFAULT_LAYOUT, bad } })
    )
    const s = store()
    s.load()
    expect(s.names()).toEqual(['good'])
    expect(problems.join('\n')).toMatch(/layouts\.bad\.split\.columns: must be at most 0\.8/)
    s.save('new', alarmsOnly)
    s.dispose()
    const saved = JSON.parse(readFileSync(join(dir, LAYOUTS_FILE), 'utf8'))
    expect(saved.layouts.bad).toEqual(bad)
    expect(saved.layouts.new).toEqual(alarmsOnly)
  })

  it('loads the first 50 of a larger file and keeps the rest in it, reported, not lost', () => {
    mkdirSync(dir, { recursive: true })
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`L${i}`, DEFAULT_LAYOUT]))
    writeFileSync(join(dir, LAYOUTS_FILE), JSON.stringify({ version: 1, layouts: many }))
    const s = store()
    s.load()
    expect(s.names()).toHaveLength(MAX_LAYOUTS)
    expect(problems.join('\n')).toMatch(/ignoring 10 saved layouts entries .*past the first 50/)
    expect(s.save('new', alarmsOnly)).toMatch(/at most 50 layouts/)
    expect(s.remove('L0')).toBeNull()
    expect(s.save('new', alarmsOnly)).toBeNull()
    s.dispose()
    const saved = JSON.parse(readFileSync(join(dir, LAYOUTS_FILE), 'utf8'))
    // L0 deleted, "new" added, the ten past the cap still there.
    expect(Object.keys(saved.layouts)).toHaveLength(60)
    expect(saved.layouts.L59).toEqual(DEFAULT_LAYOUT)
  })

  it('keeps layouts in memory without a state directory', () => {
    const s = new LayoutStore(null)
    s.load()
    expect(s.save('mem', DEFAULT_LAYOUT)).toBeNull()
    expect(s.file).toBeNull()
    expect(s.list()).toEqual([{ name: 'mem', layout: DEFAULT_LAYOUT }])
    s.dispose()
  })
})
