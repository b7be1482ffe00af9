import { z } from 'zod'
import validRange from 'semver/ranges/valid'
import { MAX_URL_LENGTH } from './limits'
import { isLoopbackHost } from './loopback'

/**
 * The configuration's optional `update` section (issue 12): where updates come from and how
 * often Tickwire asks. Absent, or `check: "never"`, Tickwire never asks anyone: a locked-down
 * desk phones nowhere. Updates come only from the feed named here (electron-updater's generic
 * provider: `<url>/<channel>.yml`, `-mac` / `-linux` suffixed on those platforms).
 */

export const UPDATE_CHECKS = ['never', 'daily', 'on-start'] as const
export type UpdateCheck = (typeof UPDATE_CHECKS)[number]

/** The stable channel: electron-builder's `latest.yml`. */
export const STABLE_CHANNEL = 'latest'
/** Longest `allow` range (semver refuses longer version strings too). */
export const MAX_UPDATE_RANGE_LENGTH = 256

/** https, or http to this machine's loopback only (a test feed); no other scheme. */
const feedUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine(
    (value) => {
      try {
        const url = new URL(value)
        return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
      } catch {
        return false
      }
    },
    { message: 'must be an https:// URL (http:// only to 127.0.0.1 or localhost)' }
  )

const channel = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,31}$/,
    'must be 1-32 lower-case letters, digits, "_" or "-", starting with a letter'
  )

const allowRange = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_UPDATE_RANGE_LENGTH)
  .refine((range) => validRange(range) !== null, {
    message: 'is not a semver range (such as "^1.4.0" or ">=1.4.0 <2")'
  })

export const updateSchema = z
  .strictObject({
    /** The feed: the folder holding `latest.yml` (or `<channel>.yml`) and the installers. */
    url: feedUrl.optional(),
    channel: channel.default(STABLE_CHANNEL),
    check: z
      .enum(UPDATE_CHECKS, { error: () => 'must be one of "never", "daily", "on-start"' })
      .default('never'),
    /** Only versions in this range are taken (downgrades never are); absent: any newer version. */
    allow: allowRange.optional()
  })
  .superRefine((u, ctx) => {
    if (u.check !== 'never' && u.url === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `checking ("${u.check}") needs the feed's "url"`,
        path: ['url']
      })
  })
export type UpdateSettings = z.infer<typeof updateSchema>

/** What an absent `update` section means: never check. */
export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = updateSchema.parse({})
