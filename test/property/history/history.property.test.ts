import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HistoryBook } from '../../../src/main/engine/history/historyBook'
import { SegmentReader } from '../../../src/main/runtime/history/historyFileFormat'

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0)

/**
 * The history tiers and the history file reader: whatever values and times arrive, and whatever
 * a file holds, answers are ascending, finite and bounded, and buckets account for every value.
 */
describe('history (property)', () => {
  it('every value is counted once, buckets keep min ≤ first, last ≤ max, times ascend', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -5_000, max: 200_000 }),
            fc.double({ noNaN: true, noDefaultInfinity: true })
          ),
          {
            maxLength: 400
          }
        ),
        (steps) => {
          const book = new HistoryBook({ retentionMs: 86_400_000, memoryBytes: 64 * 1024 * 1024 })
          const h = book.of('feed/X', 'ticker')!
          let t = T0
          for (const [dt, v] of steps) {
            t += dt
            h.value(t, v)
            h.quote(t, v, v)
          }
          for (const resolution of ['raw', '1s', '1m'] as const) {
            const s = book.query('feed/X', { from: 0, to: T0 + 1e9, resolution }, '')!
            const rows = s.points ?? s.buckets ?? []
            for (let i = 1; i < rows.length; i++) expect(rows[i][0]).toBeGreaterThanOrEqual(rows[i - 1][0])
            for (const row of rows) for (const x of row) expect(Number.isFinite(x)).toBe(true)
            if (resolution === '1m')
              expect((s.buckets ?? []).reduce((n, b) => n + b[5], 0)).toBe(steps.length)
            for (const b of s.buckets ?? []) {
              expect(b[2]).toBeLessThanOrEqual(Math.min(b[1], b[4]))
              expect(b[3]).toBeGreaterThanOrEqual(Math.max(b[1], b[4]))
            }
          }
        }
      ),
      { numRuns: 150 }
    )
  })

  it('the file reader never throws and yields only valid minutes, whatever the text', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .tuple(
          fc.nat(3),
          fc.integer({ min: -2, max: 3 }),
          fc.array(fc.oneof(fc.double(), fc.constant(null)), { maxLength: 9 })
        )
        .map(([id, m, rest]) => JSON.stringify([id, T0 + m * 60_000, ...rest])),
      fc
        .tuple(fc.nat(3), fc.constantFrom('sensor', 'ticker', 'other'), fc.string({ maxLength: 12 }))
        .map(([id, kind, key]) => JSON.stringify({ id, key: `a/${key}`, kind }))
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const reader = new SegmentReader(T0 - 3_600_000, T0 + 60_000)
        let n = 0
        for (const m of reader.minutes(lines.join('\n'))) {
          n++
          expect(m.fields.length === 6 || m.fields.length === 8).toBe(true)
          expect(Number.isFinite(m.fields[0]) && m.fields[0] % 60_000 === 0).toBe(true)
          const count = m.fields[5]
          expect(Number.isInteger(count) && count >= 0).toBe(true)
          if (count > 0) for (let i = 1; i <= 4; i++) expect(Number.isFinite(m.fields[i])).toBe(true)
        }
        expect(n + reader.skipped).toBeLessThanOrEqual(lines.length)
      }),
      { numRuns: 300 }
    )
  })
})
