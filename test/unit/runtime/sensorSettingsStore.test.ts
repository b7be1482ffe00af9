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

  it('reports and ignores a corrupt or invalid file', () => {
    mkdirSync(join(dir, 'state'))
    const file = join(dir, 'state', 'sensors.json')
    for (const text of [
      '{',
      '{"version":2,"sensors":{}}',
      '{"version":1,"sensors":{"plant/b":{"warn":"hot"}}}'
    ]) {
      writeFileSync(file, text)
      expect(store().load()).toEqual(new Map())
    }
    expect(problems).toHaveLength(3)
    expect(problems[2]).toMatch(/sensors\["plant\/b"\]\.warn/)
  })

  it('reports a hand-edited file on one visible line, whatever its keys hold (found by a property test)', () => {
    const unknownKey = parseSensorSettingsFile('{"version":1,"sensors":{"a/b":{"x\\ny\\u001b[2J":1}}}')
    expect(unknownKey).toBe('sensors["a/b"]: Unrecognized key: "x<U+000A>y<U+001B>[2J"')
    const version = parseSensorSettingsFile(`{"version":"\\u2028${'v'.repeat(1_000)}","sensors":{}}`)
    expect(version).toMatch(/^unknown version "<U\+2028>v+… \(\d+ characters\)$/)
    expect((version as string).length).toBeLessThan(400)
  })

  it('validates keys and fields', () => {
    expect(parseSensorSettingsFile('{"version":1,"sensors":{"nokey":{}}}')).toMatch(/invalid sensor key/)
    expect(parseSensorSettingsFile('{"version":1,"sensors":{"a/b":{"colour":1}}}')).toMatch(
      /colour|Unrecognized/
    )
    expect(
      parseSensorSettingsFile('{"version":1,"sensors":{"a/b":{"deadband":1.5,"gauge":"number"}}}')
    ).toEqual(new Map([['a/b', { deadband: 1.5, gauge: 'number' }]]))
  })
})
