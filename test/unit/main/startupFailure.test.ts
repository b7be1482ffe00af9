import { describe, expect, it } from 'vitest'
import { ConfigError } from '@shared/configError'
import { UsageError } from '../../../src/main/runtime/args'
import { describeStartupFailure, errorBoxIsGraphical } from '../../../src/main/startupFailure'

describe('describeStartupFailure', () => {
  it('exits 2 with the one-line message for a bad configuration or command line', () => {
    expect(describeStartupFailure(new ConfigError('desk.json', '$.market[0].url', 'must be a URL'))).toEqual({
      message: 'desk.json: $.market[0].url: must be a URL',
      exitCode: 2
    })
    expect(describeStartupFailure(new UsageError('--config needs a value.'))).toEqual({
      message: '--config needs a value.',
      exitCode: 2
    })
  })

  it('exits 1 for anything else, still in one line', () => {
    expect(describeStartupFailure(new Error('listen EADDRINUSE'))).toEqual({
      message: 'Tickwire could not start: listen EADDRINUSE',
      exitCode: 1
    })
    expect(describeStartupFailure('odd')).toEqual({ message: 'Tickwire could not start: odd', exitCode: 1 })
  })
})

describe('errorBoxIsGraphical', () => {
  it('is false only on Linux before ready, where Electron writes the box to stderr', () => {
    expect(errorBoxIsGraphical('linux', false)).toBe(false)
    expect(errorBoxIsGraphical('linux', true)).toBe(true)
    expect(errorBoxIsGraphical('win32', false)).toBe(true)
    expect(errorBoxIsGraphical('darwin', false)).toBe(true)
  })
})
