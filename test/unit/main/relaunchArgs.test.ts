import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { relaunchArgs } from '../../../src/main/relaunchArgs'

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
})
