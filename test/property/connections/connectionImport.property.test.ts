import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_REASON_LENGTH, MAX_SOURCES } from '@shared/limits'
import { nestsDeeperThan } from '@shared/jsonStructure'
import { parseImport } from '../../../src/main/runtime/connections/connectionTransfer'
import { hostileString, hostileValue } from '../support/hostile'

describe('importing connections (property)', () => {
  it('never throws: a bounded refusal or at most 100 entries of a known kind', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileString,
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .record(
              {
                market: fc.array(fc.oneof(fc.jsonValue(), hostileValue)),
                telemetry: fc.array(fc.jsonValue())
              },
              { requiredKeys: [] }
            )
            .map((v) => JSON.stringify(v))
        ),
        (text) => {
          const parsed = parseImport(text)
          if (typeof parsed === 'string') {
            expect(parsed.length).toBeGreaterThan(0)
            expect(parsed.length).toBeLessThanOrEqual(MAX_REASON_LENGTH + 60)
            return
          }
          expect(parsed.length).toBeGreaterThan(0)
          expect(parsed.length).toBeLessThanOrEqual(MAX_SOURCES)
          for (const item of parsed) expect(['market', 'telemetry']).toContain(item.kind)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('finds excessive nesting without recursing, however deep', () => {
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(nestsDeeperThan(deep, 32)).toBe(true)
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: 'small' }), (v) => {
        expect(typeof nestsDeeperThan(v, 32)).toBe('boolean')
      })
    )
  })
})
