import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseWatchlistFile, WatchlistStore } from '../../../src/main/runtime/watchlistStore'
import { waitFor } from '../../harness/waitFor'

let dir: string
let problems: string[]
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-store-'))
  problems = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const store = (debounceMs = 20, stateDir = join(dir, 'state')): WatchlistStore =>
  new WatchlistStore({ stateDir, debounceMs, report: (p) => problems.push(p) })

describe('WatchlistStore', () => {
  it('loads nothing, silently, when there is no file yet', () => {
    expect(store().load()).toEqual(new Map())
    expect(problems).toEqual([])
  })

  it('saves debounced (one write for a burst), atomically, and loads it back', async () => {
    const s = store()
    s.set('desk', ['AAPL'])
    s.set('desk', ['AAPL', 'NVDA'])
    s.set('bn', ['BTCUSDT'])
    await waitFor(() => {
      try {
        return readFileSync(s.file, 'utf8')
      } catch {
        return undefined
      }
    }, 'the file')
    expect(JSON.parse(readFileSync(s.file, 'utf8'))).toEqual({
      version: 1,
      watchlists: { desk: ['AAPL', 'NVDA'], bn: ['BTCUSDT'] }
    })
    // No temp file is left next to it.
    expect(readdirSync(join(dir, 'state'))).toEqual(['watchlists.json'])
    expect(store().load().get('desk')).toEqual(['AAPL', 'NVDA'])
    expect(problems).toEqual([])
  })

  it('flushes pending changes at once on close, keeping lists it loaded', () => {
    const first = store(60_000)
    first.set('desk', ['A'])
    first.close()
    const second = store(60_000)
    expect(second.load()).toEqual(new Map([['desk', ['A']]]))
    second.set('other', ['B'])
    second.close()
    expect(store().load()).toEqual(
      new Map([
        ['desk', ['A']],
        ['other', ['B']]
      ])
    )
  })

  it('reports a corrupt file and ignores it, never throwing', () => {
    const s = store()
    rmSync(join(dir, 'state'), { recursive: true, force: true })
    s.set('desk', ['A'])
    s.close()
    writeFileSync(s.file, '{"version":1,"watchlists":{"desk":["A"')
    expect(store().load()).toEqual(new Map())
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/ignoring saved watchlists .*watchlists\.json: not valid JSON/)
  })

  it('reports a failed write instead of throwing', () => {
    // The state "directory" is a file, so it cannot be created.
    const blocker = join(dir, 'blocker')
    writeFileSync(blocker, 'x')
    const s = store(20, join(blocker, 'state'))
    s.set('desk', ['A'])
    expect(() => s.close()).not.toThrow()
    expect(problems[0]).toMatch(/cannot save watchlists/)
  })
})

describe('parseWatchlistFile', () => {
  it('validates version, source ids and symbols; a bad list is refused alone', () => {
    const refused = (text: string): string[] => {
      const parsed = parseWatchlistFile(text)
      return typeof parsed === 'string' ? [parsed] : parsed.refused.map((r) => r.reason)
    }
    expect(parseWatchlistFile('{"version":1,"watchlists":{"desk":["A","A","B"],"bad":"A"}}')).toEqual({
      entries: new Map([['desk', ['A', 'B']]]),
      refused: [{ key: 'bad', reason: expect.stringMatching(/valid symbols/) as string, raw: 'A' }]
    })
    expect(parseWatchlistFile('[]')).toBe('not a JSON object')
    expect(parseWatchlistFile('{"version":2,"watchlists":{}}')).toMatch(/unknown version 2/)
    expect(parseWatchlistFile('{"version":1}')).toMatch(/"watchlists" is not an object/)
    expect(refused('{"version":1,"watchlists":{"a/b":["A"]}}')[0]).toMatch(/invalid source id/)
    expect(refused('{"version":1,"watchlists":{"desk":["has\\ttab"]}}')[0]).toMatch(/valid symbols/)
    expect(refused('{"version":1,"watchlists":{"desk":["zero\\u200bwidth"]}}')[0]).toMatch(/valid symbols/)
    const many = JSON.stringify({
      version: 1,
      watchlists: { desk: Array.from({ length: 501 }, (_, i) => `S${i}`) }
    })
    expect(refused(many)[0]).toMatch(/at most 500/)
  })
})
