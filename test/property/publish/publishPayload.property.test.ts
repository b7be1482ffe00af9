import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_PUBLISH_BYTES, PUBLISH_ENCODINGS, publishPayloadBytes } from '@shared/publish'
import { hostileString } from '../support/hostile'

/**
 * What a user types into the Publish panel's payload: any text in any encoding gives bytes
 * within the bound or a one-line reason, never a throw; hex gives back exactly the bytes it spells,
 * text its UTF-8, JSON only valid JSON.
 */
describe('publish payloads (property)', () => {
  it('any input: bounded bytes or a short reason', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), hostileString),
        fc.constantFrom(...PUBLISH_ENCODINGS),
        (text, encoding) => {
          const out = publishPayloadBytes(text, encoding)
          if (typeof out === 'string') expect(out.length).toBeLessThan(200)
          else expect(out.length).toBeLessThanOrEqual(MAX_PUBLISH_BYTES)
        }
      ),
      { numRuns: 1_000 }
    )
  })

  it('hex spells bytes exactly, in either case and with spaces; text is UTF-8; JSON must parse', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, upper) => {
        let hex = Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ')
        if (upper) hex = hex.toUpperCase()
        expect(publishPayloadBytes(hex, 'hex')).toEqual(Uint8Array.from(bytes))
      })
    )
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(Buffer.from(publishPayloadBytes(text, 'text') as Uint8Array).toString('utf8')).toBe(text)
      })
    )
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(publishPayloadBytes(JSON.stringify(value), 'json')).toBeInstanceOf(Uint8Array)
      })
    )
    expect(publishPayloadBytes('{', 'json')).toMatch(/^not valid JSON/)
    expect(publishPayloadBytes('abc', 'hex')).toBe('hex must be pairs of 0-9 and a-f')
    expect(publishPayloadBytes('x'.repeat(MAX_PUBLISH_BYTES + 1), 'text')).toBe('larger than 256 KB')
  })
})
