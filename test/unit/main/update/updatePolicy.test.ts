import { describe, expect, it } from 'vitest'
import { judgeVersion, type UpdatePolicy } from '../../../../src/main/update/updatePolicy'

const stable: UpdatePolicy = { current: '1.4.2', channel: 'latest' }

function kindOf(offered: string, policy: UpdatePolicy = stable): string {
  const verdict = judgeVersion(offered, policy)
  return verdict.accepted ? 'accepted' : verdict.kind
}

describe('judgeVersion', () => {
  it('accepts a newer release on the stable channel', () => {
    expect(judgeVersion('1.5.0', stable)).toEqual({ accepted: true, version: '1.5.0' })
    expect(judgeVersion('v2.0.0', stable)).toEqual({ accepted: true, version: '2.0.0' })
  })

  it('refuses a downgrade, saying so', () => {
    const verdict = judgeVersion('1.4.1', stable)
    expect(verdict).toEqual({
      accepted: false,
      kind: 'downgrade',
      reason: '1.4.1 is older than the running 1.4.2: downgrades are refused'
    })
    expect(kindOf('0.9.9')).toBe('downgrade')
    // A prerelease of the running version sorts before it.
    expect(kindOf('1.4.2-beta.1', { ...stable, channel: 'beta' })).toBe('downgrade')
  })

  it('refuses the running version itself (build metadata does not make it new)', () => {
    expect(kindOf('1.4.2')).toBe('same-version')
    expect(kindOf('1.4.2+build.7')).toBe('same-version')
  })

  it('refuses a version outside the configured range', () => {
    const policy = { ...stable, allow: '~1.4.0' }
    expect(kindOf('1.4.3', policy)).toBe('accepted')
    const verdict = judgeVersion('1.5.0', policy)
    expect(verdict).toEqual({
      accepted: false,
      kind: 'outside-range',
      reason: '1.5.0 is outside the configured range "~1.4.0"'
    })
    expect(kindOf('2.0.0', { ...stable, allow: '>=1.4.0 <2' })).toBe('outside-range')
  })

  it('refuses a prerelease on the stable channel', () => {
    const verdict = judgeVersion('1.5.0-beta.1', stable)
    expect(verdict.accepted).toBe(false)
    if (verdict.accepted) return
    expect(verdict.kind).toBe('prerelease')
    expect(verdict.reason).toBe(
      '1.5.0-beta.1 is a prerelease ("beta"), which the "latest" channel does not take'
    )
  })

  it('lets a channel take its own prereleases and more stable ones, not less stable ones', () => {
    const beta = { ...stable, channel: 'beta' }
    expect(kindOf('1.5.0-beta.1', beta)).toBe('accepted')
    expect(kindOf('1.5.0-rc.1', beta)).toBe('accepted')
    expect(kindOf('1.5.0', beta)).toBe('accepted')
    expect(kindOf('1.5.0-alpha.1', beta)).toBe('prerelease')
    expect(kindOf('1.5.0-alpha.1', { ...stable, channel: 'alpha' })).toBe('accepted')
    expect(kindOf('1.5.0-nightly.3', { ...stable, channel: 'nightly' })).toBe('accepted')
    expect(kindOf('1.5.0-beta.1', { ...stable, channel: 'nightly' })).toBe('prerelease')
  })

  it('judges a prerelease the channel takes by its numbers against the range', () => {
    const policy = { ...stable, channel: 'beta', allow: '^1.4.0' }
    expect(kindOf('1.5.0-beta.1', policy)).toBe('accepted')
    expect(kindOf('2.0.0-beta.1', policy)).toBe('outside-range')
  })

  it('refuses what is not a semver version, quoting it bounded and visible', () => {
    expect(kindOf('latest')).toBe('invalid-version')
    expect(kindOf('')).toBe('invalid-version')
    const hostile = judgeVersion(`1.5.0\u202e${'9'.repeat(10_000)}`, stable)
    expect(hostile.accepted).toBe(false)
    if (hostile.accepted) return
    expect(hostile.reason).toContain('<U+202E>')
    expect(hostile.reason.length).toBeLessThan(200)
    expect(kindOf('1.5.0', { ...stable, current: 'dev' })).toBe('invalid-version')
  })
})
