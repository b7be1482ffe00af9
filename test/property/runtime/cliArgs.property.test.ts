import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_HOST, DEFAULT_PORT, parseCliArgs, UsageError } from '../../../src/main/runtime/args'
import { layoutNameProblem } from '../../../src/shared/layouts'
import { hostileString } from '../support/hostile'

/**
 * The command line (`parseCliArgs`): any argv and environment gives options or a one-line
 * `UsageError`, never another error; accepted options are within their bounds; options written
 * out as flags parse back to themselves.
 */

const FLAGS = [
  '--config',
  '--host',
  '--port',
  '--token',
  '--viewer-token',
  '--admin-token',
  '--state-dir',
  '--record',
  '--replay',
  '--speed',
  '--loop',
  '--no-demo',
  '--help',
  '--kiosk',
  '--layout',
  '--no-view'
]

const arg = fc.oneof(
  fc.constantFrom(...FLAGS),
  fc.constantFrom(...FLAGS).chain((f) => fc.oneof(fc.string(), hostileString).map((v) => `${f}=${v}`)),
  fc.constantFrom(
    '0',
    '5178',
    '65535',
    '65536',
    '99999',
    '-1',
    '1e3',
    '0x10',
    '127.0.0.1',
    '::1',
    '[::1]',
    ''
  ),
  hostileString
)

const env = fc.record(
  {
    TICKWIRE_CONFIG: fc.oneof(fc.string(), hostileString),
    TICKWIRE_TOKEN: fc.oneof(fc.string(), hostileString),
    TICKWIRE_VIEWER_TOKEN: fc.oneof(fc.string(), hostileString),
    TICKWIRE_ADMIN_TOKEN: fc.oneof(fc.string(), hostileString),
    TICKWIRE_STATE_DIR: fc.oneof(fc.string(), hostileString)
  },
  { requiredKeys: [] }
)

describe('parseCliArgs (property)', () => {
  it('returns options within their bounds or throws a one-line UsageError, for any argv', () => {
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 8 }), env, (argv, environment) => {
        let options
        try {
          options = parseCliArgs(argv, environment)
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError)
          const message = (err as UsageError).message
          // eslint-disable-next-line no-control-regex
          expect(message, JSON.stringify(message)).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/)
          return
        }
        expect(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65_535).toBe(true)
        expect(options.host).toMatch(/^[A-Za-z0-9.:[\]-]+$/)
        for (const v of [
          options.config,
          options.token,
          options.viewerToken,
          options.adminToken,
          options.stateDir,
          options.record,
          options.replay?.file ?? null,
          options.layout
        ]) {
          expect(v === null || (typeof v === 'string' && v !== '')).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })

  it('parses options written out as flags back to themselves (round trip)', () => {
    const value = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() !== '' && !s.startsWith('--'))
    fc.assert(
      fc.property(
        fc
          .record({
            config: fc.option(value, { nil: null }),
            host: fc.oneof(
              fc.constant(DEFAULT_HOST),
              fc.stringMatching(/^[A-Za-z0-9.:][A-Za-z0-9.:-]{0,29}$/)
            ),
            port: fc.oneof(fc.constant(DEFAULT_PORT), fc.integer({ min: 0, max: 65_535 })),
            demo: fc.boolean(),
            token: fc.option(value, { nil: null }),
            viewerToken: fc.option(value, { nil: null }),
            adminToken: fc.option(value, { nil: null }),
            stateDir: fc.option(value, { nil: null }),
            record: fc.option(value, { nil: null }),
            replay: fc.constant(null),
            kiosk: fc.boolean(),
            layout: fc.option(
              value.filter((s) => layoutNameProblem(s) === null),
              { nil: null }
            ),
            view: fc.boolean()
          })
          // One token for two roles is refused (tested on its own).
          .filter((o) => {
            const given = [o.token, o.viewerToken, o.adminToken].filter((t) => t !== null)
            return new Set(given).size === given.length
          }),
        fc.boolean(),
        (o, joined) => {
          const flag = (name: string, v: string): string[] => (joined ? [`${name}=${v}`] : [name, v])
          const argv = [
            ...(o.config === null ? [] : flag('--config', o.config)),
            ...flag('--host', o.host),
            ...flag('--port', String(o.port)),
            ...(o.demo ? [] : ['--no-demo']),
            ...(o.token === null ? [] : flag('--token', o.token)),
            ...(o.viewerToken === null ? [] : flag('--viewer-token', o.viewerToken)),
            ...(o.adminToken === null ? [] : flag('--admin-token', o.adminToken)),
            ...(o.stateDir === null ? [] : flag('--state-dir', o.stateDir)),
            ...(o.record === null ? [] : flag('--record', o.record)),
            ...(o.kiosk ? ['--kiosk'] : []),
            ...(o.layout === null ? [] : flag('--layout', o.layout)),
            ...(o.view ? [] : ['--no-view'])
          ]
          expect(parseCliArgs(argv, {})).toEqual(o)
        }
      ),
      { numRuns: 300 }
    )
  })
})
