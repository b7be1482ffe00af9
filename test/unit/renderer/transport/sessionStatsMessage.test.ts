import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseRepublishStatus } from '@renderer/transport/sessionStatsMessage'

describe('stats.republish in the view', () => {
  it('takes a well-formed fan-out status and refuses one without state or broker', () => {
    const good = {
      state: 'open',
      url: 'mqtt://broker:1883',
      published: 12,
      conflated: 3,
      dropped: 0,
      waiting: 1,
      lastError: null
    }
    expect(parseRepublishStatus(good)).toEqual(good)
    expect(parseRepublishStatus({ ...good, state: 'melting' })).toBeUndefined()
    expect(parseRepublishStatus({ ...good, url: 7 })).toBeUndefined()
    // Counts that are not counts are 0, never NaN on screen.
    expect(parseRepublishStatus({ ...good, published: Number.NaN, dropped: -4 })).toMatchObject({
      published: 0,
      dropped: 0
    })
    expect(parseRepublishStatus(undefined)).toBeUndefined()
  })

  it('never throws, and every figure it answers is a finite count', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = parseRepublishStatus(raw)
        return (
          parsed === undefined ||
          [parsed.published, parsed.conflated, parsed.dropped, parsed.waiting].every(
            (n) => Number.isFinite(n) && n >= 0
          )
        )
      })
    )
  })
})
