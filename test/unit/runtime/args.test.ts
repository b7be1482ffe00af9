import { describe, expect, it } from 'vitest'
import {
  defaultStateDir,
  ownArgs,
  parseCliArgs,
  refuseOtherMode,
  USAGE,
  UsageError
} from '../../../src/main/runtime/args'

describe('parseCliArgs', () => {
  it('defaults to loopback, port 5178, demo on, no token', () => {
    expect(parseCliArgs([], {})).toEqual({
      config: null,
      host: '127.0.0.1',
      port: 5178,
      demo: true,
      token: null,
      viewerToken: null,
      adminToken: null,
      stateDir: null,
      record: null,
      replay: null,
      kiosk: false,
      layout: null,
      view: true
    })
  })

  it('reads --record, and --replay with its speed and loop, refusing what does not go together', () => {
    expect(parseCliArgs(['--record', 'rec'], {}).record).toBe('rec')
    expect(parseCliArgs(['--replay', 'r.ndjson.gz'], {}).replay).toEqual({
      file: 'r.ndjson.gz',
      speed: '1',
      loop: false
    })
    expect(parseCliArgs(['--replay=r.gz', '--speed', 'max', '--loop'], {}).replay).toEqual({
      file: 'r.gz',
      speed: 'max',
      loop: true
    })
    expect(() => parseCliArgs(['--replay', 'r.gz', '--speed', '5'], {})).toThrow(
      /--speed must be one of 1, 10, 100, max/
    )
    expect(() => parseCliArgs(['--speed', '10'], {})).toThrow(/go with --replay/)
    expect(() => parseCliArgs(['--loop'], {})).toThrow(/go with --replay/)
    expect(() => parseCliArgs(['--replay', 'r.gz', '--record', 'd'], {})).toThrow(/cannot be used together/)
    expect(() => parseCliArgs(['--replay', 'r.gz', '--config', 'c.json'], {})).toThrow(/leave out --config/)
  })

  it('reads every flag in both spellings', () => {
    expect(
      parseCliArgs(['--config', 'a.json', '--host=0.0.0.0', '--port', '0', '--no-demo', '--token=s3cret'], {})
    ).toEqual({
      config: 'a.json',
      host: '0.0.0.0',
      port: 0,
      demo: false,
      token: 's3cret',
      viewerToken: null,
      adminToken: null,
      stateDir: null,
      record: null,
      replay: null,
      kiosk: false,
      layout: null,
      view: true
    })
    expect(parseCliArgs(['--state-dir', '/tmp/tw'], {}).stateDir).toBe('/tmp/tw')
    expect(parseCliArgs(['--state-dir=/tmp/tw2'], {}).stateDir).toBe('/tmp/tw2')
  })

  it('takes the state directory from TICKWIRE_STATE_DIR unless --state-dir is given', () => {
    expect(parseCliArgs([], { TICKWIRE_STATE_DIR: '/srv/tw' }).stateDir).toBe('/srv/tw')
    expect(parseCliArgs([], { TICKWIRE_STATE_DIR: '  ' }).stateDir).toBeNull()
    expect(parseCliArgs(['--state-dir', '/a'], { TICKWIRE_STATE_DIR: '/srv/tw' }).stateDir).toBe('/a')
    expect(() => parseCliArgs(['--state-dir'], {})).toThrow(/--state-dir needs a value/)
    expect(USAGE).toContain('[--state-dir DIR]')
  })

  it('takes config and token from the environment when not given', () => {
    const opts = parseCliArgs([], { TICKWIRE_CONFIG: 'env.json', TICKWIRE_TOKEN: 'tok' })
    expect(opts.config).toBe('env.json')
    expect(opts.token).toBe('tok')
    expect(parseCliArgs(['--config', 'flag.json'], { TICKWIRE_CONFIG: 'env.json' }).config).toBe('flag.json')
  })

  it('takes a token per role, from flags or the environment, and refuses one token for two roles', () => {
    const flags = parseCliArgs(['--viewer-token', 'wall', '--admin-token=root', '--token', 'ops'], {})
    expect([flags.viewerToken, flags.token, flags.adminToken]).toEqual(['wall', 'ops', 'root'])
    const env = parseCliArgs([], { TICKWIRE_VIEWER_TOKEN: 'w', TICKWIRE_ADMIN_TOKEN: 'a' })
    expect([env.viewerToken, env.token, env.adminToken]).toEqual(['w', null, 'a'])
    expect(parseCliArgs(['--admin-token', 'flag'], { TICKWIRE_ADMIN_TOKEN: 'env' }).adminToken).toBe('flag')
    expect(() => parseCliArgs(['--token', 'same', '--admin-token', 'same'], {})).toThrow(/must all differ/)
    expect(USAGE).toContain('[--viewer-token TOKEN] [--admin-token TOKEN]')
  })

  it('reads --no-view, and refuses each mode the other mode’s flags, saying what to use', () => {
    expect(parseCliArgs(['--no-view'], {}).view).toBe(false)
    expect(() => refuseOtherMode(parseCliArgs(['--no-view'], {}), 'desktop')).toThrow(
      /--no-view is for browser mode/
    )
    expect(() => refuseOtherMode(parseCliArgs(['--kiosk'], {}), 'browser')).toThrow(/\?kiosk=1/)
    expect(() => refuseOtherMode(parseCliArgs(['--layout', 'Wall'], {}), 'browser')).toThrow(
      /\?layout=<name>/
    )
    expect(() => refuseOtherMode(parseCliArgs(['--no-view'], {}), 'browser')).not.toThrow()
    expect(() => refuseOtherMode(parseCliArgs(['--kiosk', '--layout', 'Wall'], {}), 'desktop')).not.toThrow()
  })

  it('reads the desktop --kiosk switch and --layout NAME, refusing a name no layout could have', () => {
    expect(parseCliArgs(['--kiosk'], {}).kiosk).toBe(true)
    expect(parseCliArgs(['--layout', 'Wall 2'], {}).layout).toBe('Wall 2')
    expect(parseCliArgs(['--layout=Überblick'], {}).layout).toBe('Überblick')
    expect(parseCliArgs(['--kiosk', '--layout', 'Gauges only'], {})).toMatchObject({
      kiosk: true,
      layout: 'Gauges only'
    })
    expect(() => parseCliArgs(['--layout'], {})).toThrow(/--layout needs a value/)
    expect(() => parseCliArgs(['--layout', 'x'.repeat(41)], {})).toThrow('--layout name must be at most 40')
    expect(() => parseCliArgs(['--layout', ' padded'], {})).toThrow(/--layout name must not start or end/)
    expect(() => parseCliArgs(['--layout', 'a\u202eb'], {})).toThrow(/--layout name must not contain control/)
    expect(USAGE).toContain('[--kiosk] [--layout NAME] [--no-view]')
  })

  it('refuses unknown flags, missing values and bad ports with one line', () => {
    expect(() => parseCliArgs(['--verbose'], {})).toThrow(UsageError)
    expect(() => parseCliArgs(['--config'], {})).toThrow(/--config needs a value/)
    expect(() => parseCliArgs(['--config', '--no-demo'], {})).toThrow(/--config needs a value/)
    expect(() => parseCliArgs(['--port', '70000'], {})).toThrow(/--port must be a number/)
    expect(() => parseCliArgs(['--port', '-1'], {})).toThrow(UsageError)
    expect(() => parseCliArgs(['--port', 'abc'], {})).toThrow(UsageError)
  })

  it('keeps the refusal on one line whatever the argument holds (found by a property test)', () => {
    expect(() => parseCliArgs(['--x\n--y'], {})).toThrow(/^unknown argument "--x<U\+000A>--y"\. usage:/)
    expect(() => parseCliArgs(['--port', '1\r'], {})).toThrow(
      '--port must be a number from 0 to 65535, got "1<U+000D>"'
    )
    expect(() => parseCliArgs(['--host', 'a\u001b[2Jb'], {})).toThrow(
      '--host "a<U+001B>[2Jb" is not a host name'
    )
  })
})

describe('ownArgs', () => {
  it('keeps our flags and drops Electron/Chromium switches', () => {
    expect(
      ownArgs(['--no-sandbox', '--config', 'c.json', '--enable-logging', '--inspect=9229', '--no-demo'])
    ).toEqual(['--config', 'c.json', '--no-demo'])
    expect(ownArgs(['--kiosk', '--no-sandbox', '--layout', 'Wall', '--layout=Desk'])).toEqual([
      '--kiosk',
      '--layout',
      'Wall',
      '--layout=Desk'
    ])
    expect(ownArgs(['--no-sandbox', '--state-dir', '/s', '--state-dir=/t'])).toEqual([
      '--state-dir',
      '/s',
      '--state-dir=/t'
    ])
  })
})

describe('defaultStateDir', () => {
  it('follows XDG_STATE_HOME when absolute, else ~/.local/state', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state' }, '/home/u')).toBe('/x/state/tickwire')
    expect(defaultStateDir({}, '/home/u')).toBe('/home/u/.local/state/tickwire')
    expect(defaultStateDir({ XDG_STATE_HOME: '' }, '/home/u')).toBe('/home/u/.local/state/tickwire')
    // The XDG spec: a relative value is invalid and ignored.
    expect(defaultStateDir({ XDG_STATE_HOME: 'rel/state' }, '/home/u')).toBe('/home/u/.local/state/tickwire')
  })
})
