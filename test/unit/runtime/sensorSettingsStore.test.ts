import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSensorSettingsFile, SensorSettingsStore } from '../../../src/main/runtime/sensorSettingsStore'

let dir: string
let problems: string[]
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-sensors-'))
  problems = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const store = (debounceMs = 60_000): SensorSettingsStore =>
  new SensorSettingsStore({ stateDir: join(dir, 'state'), debounceMs, report: (p) => problems.push(p) })

describe('SensorSettingsStore', () => {
  it('saves edits atomically on close and loads them back; null removes an override', () => {
    const s = store()
    expect(s.load()).toEqual(new Map())
    s.set('plant/boiler', { warn: 70, label: 'Main' })
    s.set('plant/pump', { gauge: 'bar' })
    s.set('plant/pump', null)
    s.close()
    expect(JSON.parse(readFileSync(s.file, 'utf8'))).toEqual({
      version: 1,
      sensors: { 'plant/boiler': { warn: 70, label: 'Main' } }
    })
    expect(readdirSync(join(dir, 'state'))).toEqual(['sensors.json'])
    expect(store().load()).toEqual(new Map([['plant/boiler', { warn: 70, label: 'Main' }]]))
    expect(problems).toEqual([])
  })

  it('reports an unusable file and moves it aside only before the next save, so nothing is destroyed', () => {
    mkdirSync(join(dir, 'state'))
    const file = join(dir, 'state', 'sensors.json')
    const aside = () => readdirSync(join(dir, 'state')).filter((f) => f.startsWith('sensors.json.refused-'))
    for (const text of ['{', '{"version":2,"sensors":{}}']) {
      writeFileSync(file, text)
      const s = store()
      expect(s.load()).toEqual(new Map())
      // Starting alone changes nothing on disk (a newer Tickwire may still read a version 2 file).
      expect(readFileSync(file, 'utf8')).toBe(text)
      s.set('plant/one', { min: 1 })
      s.close()
      expect(JSON.parse(readFileSync(file, 'utf8')).sensors).toEqual({ 'plant/one': { min: 1 } })
    }
    expect(problems[0]).toMatch(/ignoring saved sensor settings .*: not valid JSON; it is kept/)
    expect(problems[1]).toMatch(/^kept the unusable saved sensor settings as .*sensors\.json\.refused-/)
    expect(
      aside()
        .map((f) => readFileSync(join(dir, 'state', f), 'utf8'))
        .sort()
    ).toEqual(['{', '{"version":2,"sensors":{}}'])
  })

  it('keeps a file it could not read at all (too large) rather than saving over it', () => {
    mkdirSync(join(dir, 'state'))
    const file = join(dir, 'state', 'sensors.json')
    writeFileSync(file, `{"version":1,"sensors":{},"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`)
    const s = store()
    expect(s.load()).toEqual(new Map())
    s.set('plant/one', { min: 1 })
    s.close()
    const kept = readdirSync(join(dir, 'state')).filter((f) => f.startsWith('sensors.json.refused-'))
    expect(kept).toHaveLength(1)
    expect(problems[0]).toMatch(/cannot read saved sensor settings: larger than 16 MB/)
  })

  it('loses no saved edit to a stricter reader: a refused entry is reported, skipped and written back', () => {
    // Saved by an earlier version (staleAfterMs 500 was allowed then), next to valid edits.
    mkdirSync(join(dir, 'state'))
    const file = join(dir, 'state', 'sensors.json')
    const saved = {
      't/b': { label: 'Boiler', max: 120 },
      't/c': { alarm: 90 },
      't/d': { staleAfterMs: 500 },
      't/e': { warn: 'hot' }
    }
    writeFileSync(file, JSON.stringify({ version: 1, sensors: saved }))
    const s = store()
    expect(s.load()).toEqual(
      new Map<string, unknown>([
        ['t/b', { label: 'Boiler', max: 120 }],
        ['t/c', { alarm: 90 }]
      ])
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^ignoring 2 saved sensor settings entries in .* \(kept in the file\): /)
    expect(problems[0]).toMatch(/sensors\["t\/d"\]\.staleAfterMs: must be at least 1000 ms/)
    expect(problems[0]).toMatch(/sensors\["t\/e"\]\.warn/)
    // One edit later, everything the user had is still on disk; the edited key is the new value.
    s.set('t/c', { alarm: 90, unit: '°C' })
    s.set('t/e', { warn: 80 })
    s.close()
    expect(JSON.parse(readFileSync(file, 'utf8')).sensors).toEqual({
      't/b': { label: 'Boiler', max: 120 },
      't/c': { alarm: 90, unit: '°C' },
      't/d': { staleAfterMs: 500 },
      't/e': { warn: 80 }
    })
  })

  it('refuses a FIFO or a device in place of the file promptly, without hanging start-up', () => {
    mkdirSync(join(dir, 'state'))
    execFileSync('mkfifo', [join(dir, 'state', 'sensors.json')])
    const started = Date.now()
    expect(store().load()).toEqual(new Map())
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(problems).toEqual([expect.stringMatching(/cannot read saved sensor settings: not a regular file/)])
  })

  it('reports a hand-edited file on one visible line, whatever its keys hold (found by a property test)', () => {
    const unknownKey = parseSensorSettingsFile('{"version":1,"sensors":{"a/b":{"x\\ny\\u001b[2J":1}}}')
    expect(typeof unknownKey !== 'string' && unknownKey.refused.map((r) => r.reason)).toEqual([
      'sensors["a/b"]: Unrecognized key: "x<U+000A>y<U+001B>[2J"'
    ])
    const version = parseSensorSettingsFile(`{"version":"\\u2028${'v'.repeat(1_000)}","sensors":{}}`)
    expect(version).toMatch(/^unknown version "<U\+2028>v+… \(\d+ characters\)$/)
    expect((version as string).length).toBeLessThan(400)
  })

  it('validates keys and fields', () => {
    const refused = (text: string): string[] => {
      const parsed = parseSensorSettingsFile(text)
      return typeof parsed === 'string' ? [parsed] : parsed.refused.map((r) => r.reason)
    }
    expect(refused('{"version":1,"sensors":{"nokey":{}}}')).toEqual(['invalid sensor key "nokey"'])
    expect(refused('{"version":1,"sensors":{"a/b":{"colour":1}}}')[0]).toMatch(/colour|Unrecognized/)
    expect(
      parseSensorSettingsFile('{"version":1,"sensors":{"a/b":{"deadband":1.5,"gauge":"number"}}}')
    ).toEqual({
      entries: new Map([['a/b', { deadband: 1.5, gauge: 'number' }]]),
      refused: []
    })
  })
})
