import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseConfig, type TickwireConfig } from '@shared/config'
import { ConfigError } from '@shared/configError'
import { MAX_LABEL_LENGTH, MAX_SYMBOL_LENGTH, MAX_SYMBOLS_PER_SOURCE } from '@shared/limits'
import { hasInvisible } from '@shared/visibleText'
import { arbitraryText, deeplyNested, hostileString, hostileValue, Raw, toWire } from '../support/hostile'
import { validConfig } from './validConfig'

/**
 * `parseConfig`: for any text it returns a configuration or throws `ConfigError` (never another
 * error); the error is one line naming the file and a JSON path; a valid configuration is accepted
 * with every field kept, and survives JSON.stringify → parseConfig unchanged.
 */

const FILES = ['tickwire.json', '/etc/tickwire/config.json', 'C:\\Users\\ops\\desk config.json']

/** The outcome of parsing: the config, or the ConfigError (anything else fails the property). */
function attempt(text: string, file: string): TickwireConfig | ConfigError {
  try {
    return parseConfig(text, file)
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw new Error(
      `parseConfig threw ${(err as Error)?.name}, not ConfigError: ${String(err).slice(0, 300)}`
    )
  }
}

function expectOneLineError(err: ConfigError, file: string): void {
  expect(err.name).toBe('ConfigError')
  expect(err.file).toBe(file)
  expect(err.jsonPath.startsWith('$')).toBe(true)
  expect(err.message.startsWith(`${file}: $`)).toBe(true)
  expect(err.message).toBe(`${file}: ${err.jsonPath}: ${err.reason}`)
  // One line on stderr: no line breaks, and no control characters that could forge one.
  // eslint-disable-next-line no-control-regex
  expect(err.message, JSON.stringify(err.message)).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/)
  expect(err.reason.length).toBeGreaterThan(0)
}

/** Every number anywhere in `value` is finite. */
function expectFiniteNumbers(value: unknown): void {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node === 'number') expect(Number.isFinite(node), `number ${node}`).toBe(true)
    else if (typeof node === 'object' && node !== null) stack.push(...Object.values(node))
  }
}

/** What an accepted configuration guarantees beyond its types. */
function expectWithinBounds(config: TickwireConfig): void {
  expectFiniteNumbers(config)
  expect(config.market.length + config.telemetry.length).toBeGreaterThan(0)
  const ids = [...config.market, ...config.telemetry].map((s) => s.id)
  expect(new Set(ids).size).toBe(ids.length)
  for (const m of config.market) {
    expect(m.symbols.length).toBeLessThanOrEqual(MAX_SYMBOLS_PER_SOURCE)
    for (const s of [...m.symbols, ...(m.alerts ?? []).map((a) => a.symbol)]) {
      expect(s.length).toBeGreaterThan(0)
      expect(s.length).toBeLessThanOrEqual(MAX_SYMBOL_LENGTH)
      expect(hasInvisible(s), JSON.stringify(s)).toBe(false)
    }
    for (const a of m.alerts ?? []) {
      if (a.label !== undefined) {
        expect(a.label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH)
        expect(hasInvisible(a.label)).toBe(false)
      }
    }
  }
  for (const t of config.telemetry) {
    for (const s of t.sensors) {
      if (s.label !== undefined) {
        expect(s.label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH)
        expect(hasInvisible(s.label), JSON.stringify(s.label)).toBe(false)
      }
    }
  }
}

/** Every path (as keys) to every value inside `value`, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix)
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out))
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out)
  return out
}

/** `value` with the node at `path` replaced (`undefined`: removed). */
function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    copy[head as number] = replaceAt(copy[head as number], rest, replacement)
    return replacement === undefined && rest.length === 0 ? copy.filter((_, i) => i !== head) : copy
  }
  const copy = { ...(value as Record<string, unknown>) }
  copy[head as string] = replaceAt(copy[head as string], rest, replacement)
  if (copy[head as string] === undefined) delete copy[head as string]
  return copy
}

/** A valid configuration with one node replaced by a hostile value, removed, or given a sibling. */
const mutatedConfig = validConfig.chain((config) => {
  const paths = pathsOf(config)
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...paths),
        fc.oneof(hostileValue, fc.constantFrom(...['1e400', '-1e400', '-0'].map((t) => new Raw(t))))
      )
      .map(([path, v]) => toWire(replaceAt(config, path, v))),
    fc
      .constantFrom(...paths.filter((p) => p.length > 0))
      .map((path) => toWire(replaceAt(config, path, undefined))),
    fc.tuple(fc.constantFrom(...paths), hostileString, hostileValue).map(([path, key, v]) => {
      let node: unknown = config
      for (const part of path) node = (node as Record<string, unknown>)[part]
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return toWire(config)
      return toWire(replaceAt(config, path, { ...node, [key]: v }))
    })
  )
})

describe('parseConfig (property)', () => {
  it('returns a configuration or throws a one-line ConfigError for any text', () => {
    fc.assert(
      fc.property(arbitraryText, fc.constantFrom(...FILES), (text, file) => {
        const outcome = attempt(text, file)
        if (outcome instanceof ConfigError) expectOneLineError(outcome, file)
        else expectWithinBounds(outcome)
      }),
      { numRuns: 400 }
    )
  })

  it('returns a configuration or throws a one-line ConfigError for any mutation of a valid one', () => {
    fc.assert(
      fc.property(mutatedConfig, fc.constantFrom(...FILES), (text, file) => {
        const outcome = attempt(text, file)
        if (outcome instanceof ConfigError) expectOneLineError(outcome, file)
        else expectWithinBounds(outcome)
      }),
      { numRuns: 500 }
    )
  })

  it('accepts every generated valid configuration, keeps every field, and survives a JSON round trip', () => {
    fc.assert(
      fc.property(validConfig, fc.boolean(), (config, pretty) => {
        const text = pretty ? JSON.stringify(config, null, 2) : JSON.stringify(config)
        const outcome = attempt(text, 'tickwire.json')
        if (outcome instanceof ConfigError) throw outcome
        expectWithinBounds(outcome)
        expect(outcome).toMatchObject(config)
        expect(parseConfig(JSON.stringify(outcome), 'tickwire.json')).toEqual(outcome)
      }),
      { numRuns: 300 }
    )
  })

  it('refuses a key given twice, anywhere, with its path (JSON.parse would keep only the last)', () => {
    fc.assert(
      fc.property(validConfig, fc.nat(), (config, pick) => {
        const text = JSON.stringify(config)
        // Duplicate one `"key":value` member by writing the object's first member again at its end.
        const objects = [...text.matchAll(/\{"([^"\\]+)":/g)]
        const at = objects[pick % objects.length]
        const start = at.index
        let depth = 0
        let end = start
        for (let i = start; i < text.length; i++) {
          const c = text[i]
          if (c === '"') {
            i++
            while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
          } else if (c === '{' || c === '[') depth++
          else if (c === '}' || c === ']') {
            depth--
            if (depth === 0) {
              end = i
              break
            }
          }
        }
        const duplicated = `${text.slice(0, end)},"${at[1]}":null${text.slice(end)}`
        const outcome = attempt(duplicated, 'tickwire.json')
        expect(outcome).toBeInstanceOf(ConfigError)
        expectOneLineError(outcome as ConfigError, 'tickwire.json')
        expect((outcome as ConfigError).reason).toMatch(/duplicate/)
      }),
      { numRuns: 200 }
    )
  })

  it('keeps the error on one line whatever characters the offending key or text holds', () => {
    const nasty = fc
      .tuple(fc.stringMatching(/^[a-z]{0,4}$/), fc.constantFrom('\n', '\r', '\u0000', '\u001b[31m', '\u2028'))
      .map(([a, c]) => `${a}${c}${a}`)
    const entry = '{"id":"desk","adapter":"binance","symbols":["BTCUSDT"]'
    fc.assert(
      fc.property(nasty, fc.constantFrom('unknown', 'duplicate', 'text'), (key, where) => {
        const k = JSON.stringify(key)
        const text =
          where === 'unknown'
            ? `{"market":[${entry},${k}:1}]}`
            : where === 'duplicate'
              ? `{"market":[${entry},${k}:1,${k}:2}]}`
              : `{"market":[${entry}}]}${key}x`
        const outcome = attempt(text, 'tickwire.json')
        expect(outcome).toBeInstanceOf(ConfigError)
        expectOneLineError(outcome as ConfigError, 'tickwire.json')
      }),
      { numRuns: 100 }
    )
  })

  it('refuses nesting past 32 levels (up to 100,000) with a ConfigError, not a stack overflow', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 33, max: 200 }), fc.integer({ min: 1_000, max: 100_000 })),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
        (depth, kind) => {
          const template = deeplyNested(depth, '"{{symbols}}"', kind)
          const text = `{"market":[{"id":"desk","adapter":"json","url":"ws://127.0.0.1:9000","mapping":{"symbol":"s","price":"p"},"subscribe":${template}}]}`
          const outcome = attempt(text, 'tickwire.json')
          expect(outcome).toBeInstanceOf(ConfigError)
          expectOneLineError(outcome as ConfigError, 'tickwire.json')
        }
      ),
      { numRuns: 40 }
    )
  })

  it('refuses symbols with whitespace (beyond single spaces), control, bidi or invisible characters, too long, or too many', () => {
    const bad = fc.oneof(
      fc
        .tuple(
          fc.stringMatching(/^[A-Z]{0,10}$/),
          fc.constantFrom(
            // A single space between characters is allowed ("BRK B"); two are not.
            '  ',
            '\u00a0',
            '\t',
            '\n',
            '\u0000',
            '\u001b',
            '\u007f',
            '\u0085',
            '\u200b',
            '\u202e',
            '\u2066',
            '\ufeff'
          ),
          fc.stringMatching(/^[A-Z]{0,10}$/)
        )
        .map(([a, c, b]) => [`${a}${c}${b}`]),
      fc.constant(['X'.repeat(MAX_SYMBOL_LENGTH + 1)]),
      fc.constant(['']),
      fc
        .integer({ min: MAX_SYMBOLS_PER_SOURCE + 1, max: MAX_SYMBOLS_PER_SOURCE + 50 })
        .map((n) => Array.from({ length: n }, (_, i) => `S${i}`))
    )
    fc.assert(
      fc.property(bad, fc.constantFrom('json', 'binance', 'kraken'), (symbols, adapter) => {
        const entry =
          adapter === 'json'
            ? {
                id: 'desk',
                adapter,
                url: 'ws://127.0.0.1:9000',
                mapping: { symbol: 's', price: 'p' },
                symbols
              }
            : { id: 'desk', adapter, symbols }
        const outcome = attempt(JSON.stringify({ market: [entry] }), 'tickwire.json')
        expect(outcome).toBeInstanceOf(ConfigError)
        expectOneLineError(outcome as ConfigError, 'tickwire.json')
        expect((outcome as ConfigError).jsonPath).toMatch(/^\$\.market\[0\]\.symbols/)
      }),
      { numRuns: 200 }
    )
  })

  it('refuses sensor limits beyond ±1e12, a stale time under 1 s, and labels with invisible characters', () => {
    const bad = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('min', 'max', 'lowAlarm', 'lowWarn', 'warn', 'alarm', 'deadband'),
          fc.oneof(
            fc.double({ min: 1.0000001e12, max: 1e300, noNaN: true }),
            fc.double({ min: -1e300, max: -1.0000001e12, noNaN: true })
          )
        )
        .filter(([field, v]) => field !== 'deadband' || v > 0)
        .map(([field, v]) => ({ [field]: v })),
      fc.integer({ min: 1, max: 999 }).map((v) => ({ staleAfterMs: v })),
      fc
        .tuple(
          fc.stringMatching(/^[A-Za-z]{1,10}$/),
          fc.constantFrom('\u0000', '\n', '\u001b', '\u202e', '\u200f', '\u2028')
        )
        .map(([a, c]) => ({ label: `${a}${c}${a}` })),
      fc.constantFrom({ label: ' ' }, { label: 'x'.repeat(MAX_LABEL_LENGTH + 1) })
    )
    fc.assert(
      fc.property(bad, (fields) => {
        const text = JSON.stringify({
          telemetry: [
            {
              id: 'plant',
              url: 'mqtt://127.0.0.1:1883',
              subscriptions: [{ topic: 'plant/#' }],
              sensors: [{ topic: 'plant/boiler', id: 'boiler', ...fields }]
            }
          ]
        })
        const outcome = attempt(text, 'tickwire.json')
        expect(outcome, JSON.stringify(fields)).toBeInstanceOf(ConfigError)
        expectOneLineError(outcome as ConfigError, 'tickwire.json')
        expect((outcome as ConfigError).jsonPath).toMatch(/^\$\.telemetry\[0\]\.sensors\[0\]/)
      }),
      { numRuns: 200 }
    )
  })
})
