import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadAllowlist, type AllowlistEntry } from '../../../../tools/electronegativity/allowlist'
import { compare } from '../../../../tools/electronegativity/compare'
import type { Finding } from '../../../../tools/electronegativity/findings'

function finding(over: Partial<Finding> = {}): Finding {
  return {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'src/main/window.ts',
    line: 9,
    column: 7,
    excerpt: 'void shell.openExternal(url)',
    description: 'Review the use of openExternal',
    severity: 'MEDIUM',
    confidence: 'TENTATIVE',
    manualReview: true,
    ...over
  }
}

function entry(over: Partial<AllowlistEntry> = {}): AllowlistEntry {
  return {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'src/main/window.ts',
    excerpt: 'shell.openExternal(',
    count: 1,
    reason: 'test',
    ...over
  }
}

describe('compare', () => {
  it('accepts a finding by check, file and part of its line; anything else is fresh', () => {
    const others = [
      finding({ check: 'SANDBOX_JS_CHECK' }),
      finding({ file: 'src/main/other.ts' }),
      finding({ excerpt: 'shell.openPath(url)' })
    ]
    const result = compare([finding(), ...others], [entry()])
    expect(result).toEqual({ fresh: others, allowed: 1, stale: [] })
  })

  it('accepts at most count findings per entry and calls an entry with fewer stale', () => {
    const three = [finding({ line: 1 }), finding({ line: 2 }), finding({ line: 3 })]
    expect(compare(three, [entry({ count: 2 })]).fresh).toEqual([three[2]])
    const e = entry({ count: 4 })
    expect(compare(three, [e]).stale).toEqual([{ entry: e, matched: 3 }])
  })

  it('holds an entry with a description to findings whose description contains it', () => {
    const csp = finding({ check: 'CSP_GLOBAL_CHECK', description: 'Failed to parse CSP' })
    expect(compare([csp], [entry({ check: 'CSP_GLOBAL_CHECK', description: 'parse CSP' })]).allowed).toBe(1)
    expect(compare([csp], [entry({ check: 'CSP_GLOBAL_CHECK', description: 'No CSP' })]).allowed).toBe(0)
  })
})

describe('loadAllowlist', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  function load(data: unknown): AllowlistEntry[] {
    const dir = mkdtempSync(join(tmpdir(), 'tickwire-allowlist-'))
    dirs.push(dir)
    const path = join(dir, 'allow.json')
    writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data))
    return loadAllowlist(path)
  }

  it('reads entries, count 1 by default, and project-wide entries without an excerpt', () => {
    const wide = { check: 'CSP_GLOBAL_CHECK', file: 'N/A', excerpt: '', reason: 'r' }
    expect(load({ entries: [{ check: 'C', file: 'f', excerpt: 'x', reason: 'r' }, wide] })).toEqual([
      { check: 'C', file: 'f', excerpt: 'x', count: 1, reason: 'r' },
      { ...wide, count: 1 }
    ])
  })

  it('refuses malformed files and entries, naming the field', () => {
    const ok = { check: 'C', file: 'f', excerpt: 'x', reason: 'r' }
    const cases: [unknown, string][] = [
      ['{', 'JSON'],
      [[], '$: must be an object'],
      [{ entries: [], extra: 1 }, '$.extra: unknown field'],
      [{}, '$.entries: must be an array'],
      [{ entries: [{ ...ok, reason: ' ' }] }, '$.entries[0].reason: must be a non-empty string'],
      [{ entries: [{ ...ok, excerpt: '' }] }, '$.entries[0].excerpt: must be a non-empty string'],
      [{ entries: [ok, { ...ok, count: 0 }] }, '$.entries[1].count: must be a positive integer'],
      [{ entries: [{ ...ok, line: 3 }] }, '$.entries[0].line: unknown field']
    ]
    for (const [data, message] of cases) expect(() => load(data), JSON.stringify(data)).toThrow(message)
  })
})
