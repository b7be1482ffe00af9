import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  base64Lines,
  decodeText,
  hexDump,
  naturalView,
  payloadText,
  prettyJson,
  PAYLOAD_VIEWS
} from '../../../src/renderer/src/topics/payloadFormats'
import { hasInvisibleInText } from '@shared/visibleText'

/**
 * The inspector's payload views on any bytes: they never throw, stay bounded, hide nothing
 * (no invisible or bidi character reaches the screen as such), and JSON laid out is the same JSON.
 */
describe('payload views on any payload', () => {
  it('lays out any JSON as the same JSON, every literal as sent', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const laid = prettyJson(text)
        expect('json' in laid).toBe(true)
        if (!('json' in laid)) return
        if (hasInvisibleInText(text)) return
        expect(JSON.parse(laid.json)).toEqual(JSON.parse(text))
        // Nothing but whitespace was added or taken: the literals are the ones sent.
        expect(laid.json.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
      }),
      { numRuns: 1_000 }
    )
  })

  it('never throws on any bytes, and what it shows has no invisible character but tab and newline', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), fc.boolean(), (bytes, truncated) => {
        const { text } = payloadText(bytes, truncated)
        for (const line of text.split('\n'))
          for (const cell of line.split('\t')) expect(hasInvisibleInText(cell)).toBe(false)
        const laid = prettyJson(decodeText(bytes, truncated).raw)
        expect('json' in laid || (laid.problem.length < 400 && !hasInvisibleInText(laid.problem))).toBe(true)
        if ('json' in laid)
          for (const line of laid.json.split('\n'))
            for (const cell of line.split('\t')) expect(hasInvisibleInText(cell)).toBe(false)
        const hex = hexDump(bytes)
        expect(hex === '' ? 0 : hex.split('\n').length).toBe(Math.ceil(bytes.length / 16))
        expect(PAYLOAD_VIEWS).toContain(naturalView(bytes, truncated, false))
      }),
      { numRuns: 1_000 }
    )
  })

  it('stays bounded on hostile nesting', () => {
    const deep = `${'['.repeat(60_000)}${']'.repeat(60_000)}`
    const laid = prettyJson(deep)
    const size = 'json' in laid ? laid.json.length : laid.problem.length
    expect(size).toBeLessThanOrEqual(1_100_000)
    expect(
      base64Lines('A'.repeat(200))
        .split('\n')
        .map((l) => l.length)
    ).toEqual([76, 76, 48])
  })

  it('treats a character cut by truncation as text, a bad byte inside as not UTF-8', () => {
    const euro = new TextEncoder().encode('price €')
    expect(payloadText(euro.subarray(0, euro.length - 1), true)).toEqual({ text: 'price ', valid: true })
    expect(payloadText(euro.subarray(0, euro.length - 1), false).valid).toBe(false)
    expect(payloadText(new Uint8Array([0x41, 0xff, 0x42])).valid).toBe(false)
    expect(payloadText(new TextEncoder().encode('a\u202eb\tc')).text).toBe('a<U+202E>b\tc')
    // A byte-order mark is in the payload: it is shown, not swallowed.
    expect(payloadText(new TextEncoder().encode('\ufeff1')).text).toBe('<U+FEFF>1')
    // JSON is judged on the bytes received, not on the text shown: a raw control character is not JSON.
    expect(prettyJson('{"a":"\u0001"}')).toMatchObject({ problem: expect.stringMatching(/^not JSON/) })
  })
})
