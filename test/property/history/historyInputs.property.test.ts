import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventTimeBounds, parseEvent, parseHeader } from '../../../src/main/engine/recording/recordingReader'
import { parseHistoryParams } from '../../../src/main/serve/historyRoute'
import { hostileString } from '../support/hostile'

/**
 * What users and files hand history and replay: `/api/history` query strings and recording lines.
 * Any input gives a checked request (or a one-line reason) and an event of the documented shape
 * (or `null`); never a throw, never a NaN or a time no date can hold.
 */
const T0 = Date.UTC(2026, 11, 2)

describe('history and replay inputs (property)', () => {
  it('the /api/history parameters: a bounded request or a reason, for any query string', () => {
    const name = fc.constantFrom('key', 'from', 'to', 'resolution', 'format', 'token', 'other')
    const value = fc.oneof(fc.string(), hostileString, fc.double().map(String), fc.nat().map(String))
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 8 }), (pairs) => {
        const params = new URLSearchParams(pairs)
        const parsed = parseHistoryParams(params)
        // A parameter given twice is refused, never silently one of its values.
        if (['key', 'from', 'to', 'resolution', 'format'].some((n) => params.getAll(n).length > 1))
          expect(typeof parsed).toBe('string')
        if (typeof parsed === 'string') {
          expect(parsed.length).toBeLessThan(200)
          return
        }
        const { request, format } = parsed
        expect(['json', 'csv']).toContain(format)
        expect(request.key.length).toBeGreaterThan(0)
        for (const t of [request.from, request.to])
          if (t !== undefined) expect(Number.isFinite(t) && t >= 0 && t <= 8.64e15).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('recording lines: an event of one documented shape with a time near the start, or null', () => {
    const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileString)
    const line = fc.oneof(
      fc.string(),
      fc
        .record(
          {
            t: fc.oneof(fc.double(), fc.integer({ min: T0 - 1e6, max: T0 + 1e6 })),
            s: fc.oneof(fc.string({ maxLength: 10 }), field),
            x: field,
            tp: field,
            p: field,
            p64: field,
            st: fc.oneof(fc.constantFrom('open', 'closed', 'reconnecting'), field),
            sym: fc.oneof(fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }), field),
            bin: field,
            ref: field
          },
          { requiredKeys: ['t', 's'] }
        )
        .map((o) => JSON.stringify(o))
    )
    const bounds = eventTimeBounds(T0)
    fc.assert(
      fc.property(line, (text) => {
        const event = parseEvent(text, bounds)
        if (event === null) return
        expect(event.t >= bounds.min && event.t <= bounds.max).toBe(true)
        expect(typeof event.s).toBe('string')
        const kinds = ['x', 'tp', 'bin', 'ref', 'sym', 'st'].filter((k) => k in event)
        expect(kinds.length).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 500 }
    )
  })

  it('a recording header: a valid configuration or a ConfigError naming the field, for any first line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))
        ),
        (text) => {
          try {
            const header = parseHeader('r.ndjson.gz', text)
            expect(header.tickwire).toBe('recording')
          } catch (err) {
            expect((err as Error).name).toBe('ConfigError')
            expect((err as Error).message).toMatch(/^r\.ndjson\.gz: \$/)
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})
