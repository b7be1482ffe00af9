import { formatJsonPath } from '@shared/configError'
import { MAX_URL_LENGTH } from '@shared/limits'
import { quoted } from './quoted'

/**
 * The release a feed describes: its `latest.yml` (or `<channel>.yml`), as electron-updater has
 * fetched and parsed it (`UpdateInfo`). Read here before anything is downloaded, with bounds,
 * so a hostile or broken feed gets a refusal that says which field is wrong: a version, at most
 * `MAX_FEED_FILES` installers each with a SHA-512 (electron-updater checks the download against
 * it), a size and a release date when given, and every installer on the feed's own origin —
 * updates come from the configured feed only, never from wherever its metadata points.
 */

export const MAX_FEED_FILES = 16
export const MAX_FEED_VERSION_LENGTH = 256
export const MAX_FEED_DATE_LENGTH = 64
/** Larger than any installer Tickwire ships, small enough to stay an exact integer. */
export const MAX_FEED_FILE_BYTES = 8 * 1024 ** 3

export interface FeedFile {
  /** Absolute, on the feed's origin. */
  url: string
  /** Base64, as electron-builder writes it. */
  sha512: string
  size: number | null
}

export interface FeedRelease {
  version: string
  files: FeedFile[]
  /** ISO 8601, or `null` when the feed gives none. */
  releaseDate: string | null
}

export type FeedReleaseResult = { ok: true; release: FeedRelease } | { ok: false; reason: string }

/** 64 bytes in base64: 86 characters and the padding. */
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/

type Path = (string | number)[]

class Refused {
  constructor(
    readonly path: Path,
    readonly problem: string
  ) {}
}

function own(record: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key)
    ? (record as Record<string, unknown>)[key]
    : undefined
}

function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function boundedString(value: unknown, path: Path, max: number): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new Refused(path, `must be a non-empty string, not ${quoted(value)}`)
  if (value.length > max) throw new Refused(path, `must be at most ${max} characters (${value.length})`)
  return value
}

/** The feed URL as electron-updater uses it: a folder, so `latest.yml` resolves inside it. */
function feedBase(feedUrl: string): URL {
  const base = new URL(feedUrl)
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  return base
}

function fileOf(entry: unknown, path: Path, base: URL): FeedFile {
  if (!isRecord(entry)) throw new Refused(path, `must be an object, not ${quoted(entry)}`)
  const text = boundedString(own(entry, 'url'), [...path, 'url'], MAX_URL_LENGTH)
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    throw new Refused([...path, 'url'], `is not a URL (${quoted(text)})`)
  }
  if (url.origin !== base.origin)
    throw new Refused([...path, 'url'], `points outside the feed (${quoted(url.origin)}, not ${base.origin})`)
  const sha512 = own(entry, 'sha512')
  if (typeof sha512 !== 'string' || !SHA512_BASE64.test(sha512))
    throw new Refused([...path, 'sha512'], `must be a base64 SHA-512, not ${quoted(sha512, 100)}`)
  const size = own(entry, 'size')
  if (
    size !== undefined &&
    !(Number.isSafeInteger(size) && (size as number) > 0 && (size as number) <= MAX_FEED_FILE_BYTES)
  )
    throw new Refused(
      [...path, 'size'],
      `must be a whole number of bytes from 1 to ${MAX_FEED_FILE_BYTES}, not ${quoted(size)}`
    )
  return { url: url.href, sha512, size: size === undefined ? null : (size as number) }
}

function filesOf(info: object, base: URL): FeedFile[] {
  const files = own(info, 'files')
  if (files === undefined || (Array.isArray(files) && files.length === 0)) {
    // electron-updater's fallback for old metadata: one installer named by `path` and `sha512`.
    if (own(info, 'path') === undefined) throw new Refused(['files'], 'lists no installer')
    return [
      fileOf({ url: own(info, 'path'), sha512: own(info, 'sha512'), size: own(info, 'size') }, ['path'], base)
    ]
  }
  if (!Array.isArray(files)) throw new Refused(['files'], `must be a list, not ${quoted(files)}`)
  if (files.length > MAX_FEED_FILES)
    throw new Refused(['files'], `lists ${files.length} installers; at most ${MAX_FEED_FILES} are taken`)
  // Array.from, not map: a hole is an entry too (undefined), refused rather than skipped.
  return Array.from(files, (entry: unknown, i) => fileOf(entry, ['files', i], base))
}

function releaseDateOf(info: object): string | null {
  const value = own(info, 'releaseDate')
  if (value === undefined || value === null) return null
  // js-yaml turns an unquoted timestamp into a Date; electron-builder writes it quoted.
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string' && value.length <= MAX_FEED_DATE_LENGTH
        ? Date.parse(value)
        : NaN
  if (!Number.isFinite(time)) throw new Refused(['releaseDate'], `must be a date, not ${quoted(value)}`)
  return new Date(time).toISOString()
}

/** Reads the release `info` describes, offered by the feed at `feedUrl`; never throws. */
export function readFeedRelease(info: unknown, feedUrl: string): FeedReleaseResult {
  let base: URL
  try {
    base = feedBase(feedUrl)
  } catch {
    return { ok: false, reason: `the feed URL ${quoted(feedUrl)} is not a URL` }
  }
  if (!isRecord(info)) return { ok: false, reason: `$: must be an object, not ${quoted(info)}` }
  try {
    const version = boundedString(own(info, 'version'), ['version'], MAX_FEED_VERSION_LENGTH)
    return { ok: true, release: { version, files: filesOf(info, base), releaseDate: releaseDateOf(info) } }
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: `${formatJsonPath(err.path)}: ${err.problem}` }
    throw err
  }
}
