import semver from 'semver'
import { STABLE_CHANNEL } from '@shared/updateConfig'
import { quoted } from './quoted'

/**
 * Whether Tickwire takes the version a feed offers (issue 12). electron-updater already skips a
 * version equal to the running one and, with `allowDowngrade` off, an older one; this decides
 * again, by itself, so that a refusal is reported instead of silent and the configured `allow`
 * range and the channel's prerelease rule hold whatever electron-updater's own settings are.
 */

export type RefusalKind = 'invalid-version' | 'same-version' | 'downgrade' | 'prerelease' | 'outside-range'

export type UpdateVerdict =
  { accepted: true; version: string } | { accepted: false; kind: RefusalKind; reason: string }

export interface UpdatePolicy {
  /** The running version (`app.getVersion()`). */
  current: string
  /** The configured channel; `latest` is the stable one. */
  channel: string
  /** The configured semver range, if any. */
  allow?: string
}

/**
 * The prerelease tags a channel takes, most adventurous first: electron-builder's order (an
 * `alpha` user also gets betas; a `beta` user no alphas). A channel outside this list takes only
 * prereleases tagged with its own name (`1.4.0-nightly.3` on `nightly`). Releases suit every channel.
 */
const PRERELEASE_ORDER = ['alpha', 'beta', 'rc']

function channelTakes(channel: string, tag: string): boolean {
  if (channel === STABLE_CHANNEL) return false
  if (tag === channel) return true
  const at = PRERELEASE_ORDER.indexOf(channel)
  return at >= 0 && PRERELEASE_ORDER.indexOf(tag) > at
}

export function judgeVersion(offered: string, policy: UpdatePolicy): UpdateVerdict {
  const refuse = (kind: RefusalKind, reason: string): UpdateVerdict => ({ accepted: false, kind, reason })
  const next = semver.parse(offered)
  if (next === null)
    return refuse('invalid-version', `the feed offers ${quoted(offered)}, not a semver version`)
  const current = semver.parse(policy.current)
  if (current === null)
    return refuse('invalid-version', `the running version ${quoted(policy.current)} is not a semver version`)
  const shown = next.version
  if (semver.eq(next, current)) return refuse('same-version', `${shown} is the running version`)
  if (semver.lt(next, current))
    return refuse(
      'downgrade',
      `${shown} is older than the running ${current.version}: downgrades are refused`
    )
  const tag = next.prerelease.length > 0 ? String(next.prerelease[0]) : null
  if (tag !== null && !channelTakes(policy.channel, tag))
    return refuse(
      'prerelease',
      `${shown} is a prerelease (${quoted(tag, 32)}), which the "${policy.channel}" channel does not take`
    )
  // A prerelease the channel takes is judged by its numbers: "^1.4.0" takes "1.5.0-beta.1".
  if (
    policy.allow !== undefined &&
    !semver.satisfies(next, policy.allow, { includePrerelease: tag !== null })
  )
    return refuse('outside-range', `${shown} is outside the configured range "${policy.allow}"`)
  return { accepted: true, version: shown }
}
