import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_SENSOR_MAGNITUDE } from '@shared/limits'
import { isWatchSymbol, MAX_WATCHLIST_SYMBOLS } from '@shared/protocol'
import { GAUGE_STYLES, sensorSettingsOverrideSchema } from '@shared/sensorSettings'
import type { SensorOverride } from '../../../src/main/engine/sensorCatalog'
import { parseStateFile } from '../../../src/main/runtime/jsonStateFile'
import {
  parseSensorSettingsFile,
  SENSOR_SETTINGS_FILE,
  SensorSettingsStore
} from '../../../src/main/runtime/sensorSettingsStore'
import { parseWatchlistFile, WATCHLIST_FILE, WatchlistStore } from '../../../src/main/runtime/watchlistStore'
import {
  arbitraryText,
  deeplyNested,
  finiteDouble,
  hostileString,
  hostileValue,
  toWire
} from '../support/hostile'

/**
 * The state files a user may edit by hand (`watchlists.json`, `sensors.json`, through
 * `parseStateFile`): garbage in is a reported problem (one line), never a throw; what is accepted
 * is within the bounds; what the stores write, they read back unchanged.
 */

const root = mkdtempSync(join(tmpdir(), 'tickwire-state-property-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let runs = 0
const freshDir = (): string => join(root, `run-${runs++}`)

// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f\u2028\u2029]/

function expectOneLine(problem: string): void {
  expect(problem.length).toBeGreaterThan(0)
  expect(problem, JSON.stringify(problem)).not.toMatch(LINE_BREAKING)
}

function expectWatchlists(lists: Map<string, string[]>): void {
  for (const [source, symbols] of lists) {
    expect(source).toMatch(/^[A-Za-z0-9_.-]{1,64}$/)
    expect(symbols.length).toBeLessThanOrEqual(MAX_WATCHLIST_SYMBOLS)
    expect(new Set(symbols).size).toBe(symbols.length)
    for (const s of symbols) expect(isWatchSymbol(s)).toBe(true)
  }
}

function expectOverrides(overrides: Map<string, SensorOverride>): void {
  for (const [key, override] of overrides) {
    expect(key.length).toBeGreaterThanOrEqual(3)
    expect(key.indexOf('/')).toBeGreaterThan(0)
    expect(Object.keys(override).length).toBeGreaterThan(0)
    expect(sensorSettingsOverrideSchema.safeParse(override).success).toBe(true)
    for (const v of Object.values(override)) {
      expect(v).not.toBeNull()
      expect(v).not.toBeUndefined()
      if (typeof v === 'number') {
        expect(Number.isFinite(v)).toBe(true)
        expect(Math.abs(v)).toBeLessThanOrEqual(MAX_SENSOR_MAGNITUDE)
      }
    }
  }
}

/** A file shaped like a state file, with hostile sections, keys and entries. */
const stateShaped = (section: string, entry: fc.Arbitrary<unknown>) =>
  fc
    .record({
      version: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: hostileValue }),
      body: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.dictionary(fc.oneof(hostileString, fc.constantFrom('desk', 'plant/boiler')), entry, {
            maxKeys: 5
          })
        },
        { weight: 1, arbitrary: hostileValue }
      )
    })
    .map(({ version, body }) => toWire({ version, [section]: body }))

const watchlistEntry = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom('BTCUSDT', 'AAPL', '__proto__'), hostileString, hostileValue), {
    maxLength: 8
  }),
  hostileValue
)
const overrideEntry = fc.oneof(
  fc.dictionary(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'label',
          'unit',
          'decimals',
          'min',
          'max',
          'warn',
          'alarm',
          'deadband',
          'staleAfterMs',
          'gauge',
          'group',
          'x'
        )
      },
      { weight: 1, arbitrary: hostileString }
    ),
    fc.oneof(hostileValue, finiteDouble, fc.constantFrom('bar', 'Boilers', 'Main')),
    { maxKeys: 5 }
  ),
  hostileValue
)
const anyText = (section: string, entry: fc.Arbitrary<unknown>) =>
  fc.oneof(
    arbitraryText,
    stateShaped(section, entry),
    fc.integer({ min: 100, max: 20_000 }).map((d) => `{"version":1,"${section}":{"a/b":${deeplyNested(d)}}}`)
  )

describe('state file readers (property)', () => {
  it('parseWatchlistFile: a map within the bounds, or a one-line reason, for any text', () => {
    fc.assert(
      fc.property(anyText('watchlists', watchlistEntry), (text) => {
        const parsed = parseWatchlistFile(text)
        if (typeof parsed === 'string') expectOneLine(parsed)
        else {
          expectWatchlists(parsed.entries)
          for (const { reason } of parsed.refused) expectOneLine(reason)
        }
      }),
      { numRuns: 400 }
    )
  })

  it('parseSensorSettingsFile: overrides within the bounds, or a one-line reason, for any text', () => {
    fc.assert(
      fc.property(anyText('sensors', overrideEntry), (text) => {
        const parsed = parseSensorSettingsFile(text)
        if (typeof parsed === 'string') expectOneLine(parsed)
        else {
          expectOverrides(parsed.entries)
          for (const { reason } of parsed.refused) expectOneLine(reason)
        }
      }),
      { numRuns: 400 }
    )
  })

  it('keeps every reason on one visible line, whatever the keys and values of the file hold', () => {
    const nasty = fc
      .tuple(
        fc.stringMatching(/^[a-z]{0,4}$/),
        fc.constantFrom('\n', '\r', '\u0000', '\u001b[2J', '\u2028', '\u202e')
      )
      .map(([a, c]) => `${a}${c}${a}`)
    fc.assert(
      fc.property(
        nasty,
        fc.constantFrom('override key', 'sensor key', 'source', 'version', 'label'),
        (bad, where) => {
          const k = JSON.stringify(bad)
          const text =
            where === 'override key'
              ? `{"version":1,"sensors":{"a/b":{${k}:1}}}`
              : where === 'sensor key'
                ? `{"version":1,"sensors":{${k}:{}}}`
                : where === 'source'
                  ? `{"version":1,"watchlists":{${k}:[]}}`
                  : where === 'version'
                    ? `{"version":${k},"sensors":{}}`
                    : `{"version":1,"sensors":{"a/b":{"label":${k}}}}`
          for (const parsed of [parseSensorSettingsFile(text), parseWatchlistFile(text)]) {
            if (typeof parsed === 'string') expectOneLine(parsed)
            else for (const { reason } of parsed.refused) expectOneLine(reason)
          }
        }
      ),
      { numRuns: 100 }
    )
  })

  it('parseStateFile hands each entry of an object section to the entry parser, once', () => {
    fc.assert(
      fc.property(anyText('s', hostileValue), (text) => {
        const seen: string[] = []
        const parsed = parseStateFile(text, 's', (key) => {
          seen.push(key)
          return seen.length % 2 === 0 ? 'refused' : key
        })
        if (typeof parsed === 'string') {
          expectOneLine(parsed)
          expect(seen).toEqual([])
          return
        }
        expect(new Set(seen).size).toBe(seen.length)
        expect(parsed.entries.size + parsed.refused.length).toBe(seen.length)
      }),
      { numRuns: 300 }
    )
  })

  it('stores load any bytes on disk as a reported problem and nothing else, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          stateShaped('watchlists', watchlistEntry).map((t) => Buffer.from(t)),
          stateShaped('sensors', overrideEntry).map((t) => Buffer.from(t))
        ),
        (bytes) => {
          const dir = freshDir()
          mkdirSync(dir, { recursive: true })
          writeFileSync(join(dir, WATCHLIST_FILE), bytes)
          writeFileSync(join(dir, SENSOR_SETTINGS_FILE), bytes)
          const problems: string[] = []
          const lists = new WatchlistStore({ stateDir: dir, report: (p) => problems.push(p) }).load()
          const overrides = new SensorSettingsStore({ stateDir: dir, report: (p) => problems.push(p) }).load()
          expectWatchlists(lists)
          expectOverrides(overrides)
          for (const p of problems) expectOneLine(p)
          expect(problems.length).toBeLessThanOrEqual(2)
        }
      ),
      { numRuns: 150 }
    )
  })

  it('read back exactly what the stores wrote (round trip)', () => {
    const source = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), fc.constant('__proto__'))
    const symbols = fc.uniqueArray(fc.oneof(fc.stringMatching(/^[!-~]{1,64}$/), fc.constant('__proto__')), {
      maxLength: 20
    })
    const sensorKey = fc
      .tuple(fc.stringMatching(/^[a-z0-9_-]{1,12}$/), fc.string({ minLength: 1, maxLength: 40 }))
      .map(([s, id]) => `${s}/${id}`)
    const override: fc.Arbitrary<SensorOverride> = fc
      .record(
        {
          label: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,30}[A-Za-z0-9]$/),
          unit: fc.constantFrom('', '°C', 'bar'),
          decimals: fc.integer({ min: 0, max: 8 }),
          min: fc.integer({ min: -1e6, max: 0 }),
          max: fc.integer({ min: 1, max: 1e6 }),
          warn: finiteDouble.filter((v) => Math.abs(v) <= 1e12),
          deadband: fc.double({ min: 0, max: 100, noNaN: true }),
          staleAfterMs: fc.integer({ min: 1_000, max: 86_400_000 }),
          gauge: fc.constantFrom(...GAUGE_STYLES),
          group: fc.constantFrom('Boilers', 'Line 3')
        },
        { requiredKeys: [] }
      )
      .filter((o) => Object.keys(o).length > 0)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(source, symbols), { selector: ([s]) => s, maxLength: 5 }),
        fc.uniqueArray(fc.tuple(sensorKey, override), { selector: ([k]) => k, maxLength: 5 }),
        (lists, overrides) => {
          const dir = freshDir()
          const problems: string[] = []
          const options = { stateDir: dir, report: (p: string) => problems.push(p) }
          const w = new WatchlistStore(options)
          for (const [s, syms] of lists) w.set(s, syms)
          w.close()
          const o = new SensorSettingsStore(options)
          for (const [k, v] of overrides) o.set(k, v)
          o.close()
          expect(new WatchlistStore(options).load()).toEqual(new Map(lists))
          expect(new SensorSettingsStore(options).load()).toEqual(new Map(overrides))
          expect(problems).toEqual([])
        }
      ),
      { numRuns: 100 }
    )
  })
})
