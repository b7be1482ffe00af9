import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_FEED_DATE_LENGTH,
  MAX_FEED_FILES,
  MAX_FEED_VERSION_LENGTH,
  readFeedRelease,
  type FeedReleaseResult
} from '../../../../src/main/update/feedRelease'

/** A release's metadata as electron-updater hands it over, read with bounds before any download. */

const FEED = 'https://updates.example.com/tickwire'
const SHA = `${'A'.repeat(40)}+/${'b'.repeat(44)}==`

/** What electron-builder writes in `latest-linux.yml`, as js-yaml parses it. */
const latestLinux = {
  version: '1.5.0',
  files: [
    { url: 'Tickwire-1.5.0-x86_64.AppImage', sha512: SHA, size: 123_456_789, blockMapSize: 130_000 },
    { url: 'Tickwire-1.5.0-amd64.deb', sha512: SHA, size: 98_765_432 }
  ],
  path: 'Tickwire-1.5.0-x86_64.AppImage',
  sha512: SHA,
  releaseDate: '2025-11-03T09:12:44.120Z'
}

function reason(result: FeedReleaseResult): string {
  if (result.ok) throw new Error('expected a refusal')
  return result.reason
}

describe('readFeedRelease', () => {
  it('reads electron-builder metadata, resolving installers inside the feed', () => {
    expect(readFeedRelease(latestLinux, FEED)).toEqual({
      ok: true,
      release: {
        version: '1.5.0',
        files: [
          { url: `${FEED}/Tickwire-1.5.0-x86_64.AppImage`, sha512: SHA, size: 123_456_789 },
          { url: `${FEED}/Tickwire-1.5.0-amd64.deb`, sha512: SHA, size: 98_765_432 }
        ],
        releaseDate: '2025-11-03T09:12:44.120Z'
      }
    })
  })

  it('takes old metadata with only path and sha512, an absolute URL on the feed, a Date, no date', () => {
    const old = readFeedRelease({ version: '1.5.0', path: 'Tickwire.exe', sha512: SHA }, `${FEED}/`)
    expect(old.ok && old.release.files).toEqual([{ url: `${FEED}/Tickwire.exe`, sha512: SHA, size: null }])
    expect(old.ok && old.release.releaseDate).toBeNull()
    const absolute = readFeedRelease(
      { ...latestLinux, files: [{ url: 'https://updates.example.com/other/T.AppImage', sha512: SHA }] },
      FEED
    )
    expect(absolute.ok && absolute.release.files[0].url).toBe('https://updates.example.com/other/T.AppImage')
    const dated = readFeedRelease({ ...latestLinux, releaseDate: new Date(Date.UTC(2025, 0, 2)) }, FEED)
    expect(dated.ok && dated.release.releaseDate).toBe('2025-01-02T00:00:00.000Z')
  })

  it('refuses an installer outside the feed: another host, scheme or port', () => {
    for (const url of [
      'https://evil.example.net/Tickwire.AppImage',
      'http://updates.example.com/Tickwire.AppImage',
      'https://updates.example.com:8443/Tickwire.AppImage',
      '//evil.example.net/x'
    ]) {
      const refused = reason(readFeedRelease({ ...latestLinux, files: [{ url, sha512: SHA }] }, FEED))
      expect(refused).toMatch(/^\$\.files\[0\]\.url: points outside the feed/)
    }
  })

  it('names the field a broken or hostile release gets wrong', () => {
    const cases: [unknown, RegExp][] = [
      [null, /^\$: must be an object/],
      [[latestLinux], /^\$: must be an object/],
      [{ ...latestLinux, version: 1.5 }, /^\$\.version: must be a non-empty string, not number 1\.5/],
      [
        { ...latestLinux, version: '9'.repeat(MAX_FEED_VERSION_LENGTH + 1) },
        /^\$\.version: must be at most 256/
      ],
      [{ version: '1.5.0' }, /^\$\.files: lists no installer/],
      [{ ...latestLinux, files: 'x.AppImage' }, /^\$\.files: must be a list/],
      [
        { ...latestLinux, files: Array(MAX_FEED_FILES + 1).fill(latestLinux.files[0]) },
        /^\$\.files: lists 17/
      ],
      [{ ...latestLinux, files: [latestLinux.files[0], 'x'] }, /^\$\.files\[1\]: must be an object/],
      [
        { ...latestLinux, files: [{ url: 'T.AppImage' }] },
        /^\$\.files\[0\]\.sha512: must be a base64 SHA-512/
      ],
      [{ ...latestLinux, files: [{ url: 'T.AppImage', sha512: 'abc' }] }, /^\$\.files\[0\]\.sha512/],
      [{ ...latestLinux, files: [{ url: 'T.AppImage', sha512: SHA, size: -1 }] }, /^\$\.files\[0\]\.size/],
      [{ ...latestLinux, files: [{ url: 'T.AppImage', sha512: SHA, size: 1.5 }] }, /^\$\.files\[0\]\.size/],
      [
        { ...latestLinux, files: [{ url: '', sha512: SHA }] },
        /^\$\.files\[0\]\.url: must be a non-empty string/
      ],
      [
        { ...latestLinux, files: [{ url: 'http://[::1', sha512: SHA }] },
        /^\$\.files\[0\]\.url: is not a URL/
      ],
      [{ version: '1.5.0', path: 'T.exe', sha512: 'nope' }, /^\$\.path\.sha512/],
      [{ ...latestLinux, releaseDate: 'yesterday' }, /^\$\.releaseDate: must be a date, not "yesterday"/],
      [{ ...latestLinux, releaseDate: 'x'.repeat(MAX_FEED_DATE_LENGTH + 1) }, /^\$\.releaseDate/],
      [{ ...latestLinux, releaseDate: 17 }, /^\$\.releaseDate/]
    ]
    for (const [info, expected] of cases) expect(reason(readFeedRelease(info, FEED))).toMatch(expected)
  })

  it('reads only its own fields, never inherited ones', () => {
    const inherited = Object.create({ version: '1.5.0', files: latestLinux.files })
    expect(reason(readFeedRelease(inherited, FEED))).toMatch(/^\$\.version/)
  })

  it('refuses a feed URL that is not one, without throwing', () => {
    expect(reason(readFeedRelease(latestLinux, 'not a url'))).toMatch(/is not a URL/)
  })
})

/** Values shaped like release metadata, with hostile leaves where the reader looks. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    SHA,
    '1.5.0',
    '../../../etc/passwd',
    'https://evil.example.net/x',
    '//evil.example.net/x',
    'javascript:alert(1)',
    '\u202e1.5.0',
    '9'.repeat(5_000)
  )
)
const leaf = fc.oneof(hostileText, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.date())
const fileEntry = fc.oneof(
  fc.record(
    { url: leaf, sha512: fc.oneof(fc.constant(SHA), leaf), size: fc.oneof(leaf, fc.nat()) },
    { requiredKeys: [] }
  ),
  fc.anything()
)
const releaseLike = fc.record(
  {
    version: fc.oneof(fc.constantFrom('1.5.0', '2.0.0-beta.1'), leaf),
    files: fc.oneof(fc.array(fileEntry, { maxLength: 40 }), leaf),
    path: leaf,
    sha512: fc.oneof(fc.constant(SHA), leaf),
    releaseDate: leaf
  },
  { requiredKeys: [] }
)

describe('readFeedRelease on any input', () => {
  it('never throws, and what it returns is bounded', () => {
    fc.assert(
      fc.property(
        fc.oneof(releaseLike, fc.anything({ withNullPrototype: true, withSparseArray: true })),
        (info) => {
          const result = readFeedRelease(info, FEED)
          if (!result.ok) {
            // Quoted values are cut and their invisible characters written out: one short line.
            expect(result.reason.length).toBeLessThanOrEqual(1_200)
            expect(result.reason).not.toMatch(/[\n\r\u2028\u2029\u202e]/)
            return
          }
          const { release } = result
          expect(release.version.length).toBeGreaterThan(0)
          expect(release.version.length).toBeLessThanOrEqual(MAX_FEED_VERSION_LENGTH)
          expect(release.files.length).toBeGreaterThan(0)
          expect(release.files.length).toBeLessThanOrEqual(MAX_FEED_FILES)
          for (const file of release.files) {
            expect(new URL(file.url).origin).toBe('https://updates.example.com')
            expect(file.sha512).toMatch(/^[A-Za-z0-9+/]{86}==$/)
            if (file.size !== null) expect(Number.isSafeInteger(file.size) && file.size > 0).toBe(true)
          }
          if (release.releaseDate !== null)
            expect(Number.isFinite(Date.parse(release.releaseDate))).toBe(true)
        }
      ),
      { numRuns: 2_000 }
    )
  })
})

/** Metadata as electron-builder writes it: any number of installers up to the bound. */
const wellFormed = fc.record({
  version: fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map((v) => v.join('.')),
  files: fc.array(
    fc.record({
      url: fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,60}$/),
      sha512: fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
      size: fc.integer({ min: 1, max: 2 ** 32 })
    }),
    { minLength: 1, maxLength: MAX_FEED_FILES }
  ),
  releaseDate: fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
})

describe('readFeedRelease on well-formed metadata', () => {
  it('reads every installer back, each inside the feed folder', () => {
    fc.assert(
      fc.property(wellFormed, (info) => {
        const result = readFeedRelease(info, FEED)
        expect(result.ok).toBe(true)
        if (!result.ok) return
        expect(result.release.version).toBe(info.version)
        expect(result.release.releaseDate).toBe(info.releaseDate)
        expect(result.release.files).toEqual(
          info.files.map((f) => ({ url: new URL(f.url, `${FEED}/`).href, sha512: f.sha512, size: f.size }))
        )
        for (const file of result.release.files) expect(file.url.startsWith(`${FEED}/`)).toBe(true)
      })
    )
  })

  it('refuses it, naming a field under files, when one installer has a hostile field', () => {
    fc.assert(
      fc.property(
        wellFormed,
        fc.nat(),
        fc.oneof(
          fc.tuple(
            fc.constant('url'),
            fc.constantFrom('https://evil.example.net/x', '//evil.example.net/x', '', 17, null)
          ),
          fc.tuple(fc.constant('sha512'), fc.constantFrom('abc', '', 'ab'.repeat(64), `${SHA}=`, null)),
          fc.tuple(fc.constant('size'), fc.constantFrom(-1, 0, 0.5, 2 ** 60, '12', null))
        ),
        (info, at, [field, value]) => {
          const i = at % info.files.length
          const files = info.files.map((f, j) => (j === i ? { ...f, [field]: value } : f))
          const result = readFeedRelease({ ...info, files }, FEED)
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.reason.startsWith(`$.files[${i}].${field}: `)).toBe(true)
        }
      )
    )
  })
})
