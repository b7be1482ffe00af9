import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { liveRelaunchArgs, relaunchArgs, replayRelaunchArgs } from '../../../src/main/relaunchArgs'

describe('relaunchArgs', () => {
  it('appends the chosen file as an absolute --config', () => {
    expect(relaunchArgs([], 'desk.json')).toEqual(['--config', resolve('desk.json')])
  })

  it('replaces a previous --config in either form and drops --no-demo, keeping everything else', () => {
    expect(
      relaunchArgs(
        ['.', '--config', 'old.json', '--no-demo', '--config=older.json', '--enable-logging'],
        '/etc/tickwire/new.json'
      )
    ).toEqual(['.', '--enable-logging', '--config', '/etc/tickwire/new.json'])
  })

  it('keeps the desktop window options (--kiosk, --layout NAME) across every relaunch', () => {
    const now = ['app', '--kiosk', '--layout', 'Wall 2']
    expect(relaunchArgs(now, 'c.json')).toEqual([...now, '--config', resolve('c.json')])
    expect(replayRelaunchArgs(now, 'r.gz')).toEqual([...now, '--replay', resolve('r.gz')])
    expect(liveRelaunchArgs([...now, '--replay', '/r.gz'])).toEqual(now)
  })

  it('replays a recording instead of the configuration, and goes back to live', () => {
    const now = ['app', '--config', 'desk.json', '--record=rec', '--state-dir', '/s', '--loop']
    expect(replayRelaunchArgs(now, 'r.ndjson.gz')).toEqual([
      'app',
      '--state-dir',
      '/s',
      '--replay',
      resolve('r.ndjson.gz')
    ])
    expect(
      liveRelaunchArgs(['app', '--replay', '/r.gz', '--speed=max', '--loop', '--state-dir', '/s'])
    ).toEqual(['app', '--state-dir', '/s'])
    expect(relaunchArgs(['app', '--replay', '/r.gz'], 'desk.json')).toEqual([
      'app',
      '--config',
      resolve('desk.json')
    ])
  })
})
