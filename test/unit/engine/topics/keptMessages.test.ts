import { describe, expect, it } from 'vitest'
import { KeptMessages, keptPayload } from '../../../../src/main/engine/topics/keptMessages'

const bytes = (text: string): Buffer => Buffer.from(text)
const text = (m: { storage: Uint8Array; kept: number }): string =>
  Buffer.from(keptPayload(m as never)).toString()
const meta = { qos: 1, dup: false }

describe('kept messages', () => {
  it('refuses a ring with no room', () => {
    expect(() => new KeptMessages(0)).toThrow(RangeError)
  })

  it('keeps the last messages oldest first, the oldest giving way when full', () => {
    const ring = new KeptMessages(3)
    expect(ring.newest()).toBeUndefined()
    for (let i = 1; i <= 5; i++) {
      expect(ring.leaving()?.seq).toBe(i <= 3 ? undefined : i - 3)
      ring.add(i, 1000 + i, meta, false, bytes(`m${i}`), 100)
    }
    expect(ring.length).toBe(3)
    expect([0, 1, 2].map((i) => ring.at(i).seq)).toEqual([3, 4, 5])
    expect([0, 1, 2].map((i) => text(ring.at(i)))).toEqual(['m3', 'm4', 'm5'])
    expect(ring.newest()).toMatchObject({ seq: 5, receivedAt: 1005, qos: 1, dup: false, size: 2 })
  })

  it('copies the payload (the socket chunk may be reused), cut at `keep` with the size kept', () => {
    const ring = new KeptMessages(2)
    const chunk = bytes('hello world')
    ring.add(1, 0, null, true, chunk, 5)
    chunk.fill(0)
    const m = ring.newest()!
    expect(text(m)).toBe('hello')
    expect(m).toMatchObject({ size: 11, kept: 5, qos: null, dup: null, retain: true })
  })

  it('rewrites records and reuses their storage as it goes round, but never a much larger one', () => {
    const ring = new KeptMessages(2)
    const first = ring.add(1, 0, meta, false, bytes('a'.repeat(20)), 1000)
    ring.add(2, 0, meta, false, bytes('b'.repeat(20)), 1000)
    const storage = first.storage
    const third = ring.add(3, 0, meta, false, bytes('c'.repeat(22)), 1000)
    expect(third).toBe(first) // the oldest record, rewritten
    expect(third.storage).toBe(storage) // 22 bytes fit the 32 it had
    expect(text(third)).toBe('c'.repeat(22))
    // A big payload gets storage of its own; a small one after it does not keep the big storage.
    const big = ring.add(4, 0, meta, false, bytes('d'.repeat(5000)), 10_000)
    expect(big.storage.length).toBeGreaterThanOrEqual(5000)
    ring.add(5, 0, meta, false, bytes('e'), 10_000)
    const small = ring.add(6, 0, meta, false, bytes('f'), 10_000)
    expect(small.storage.length).toBeLessThan(100)
    expect([text(ring.at(0)), text(ring.at(1))]).toEqual(['e', 'f'])
  })

  it('forgets everything on clear, records too, and fills again from the start', () => {
    const ring = new KeptMessages(2)
    for (let i = 1; i <= 3; i++) ring.add(i, 0, meta, false, bytes(`x${i}`), 100)
    const before = [ring.at(0), ring.at(1)]
    ring.clear()
    expect(ring.length).toBe(0)
    expect(ring.newest()).toBeUndefined()
    // Nothing of before is held: the budget that counted it has let it go.
    expect(before).not.toContain(ring.add(9, 0, meta, false, bytes('again'), 100))
    expect(ring.length).toBe(1)
    expect(text(ring.at(0))).toBe('again')
    expect(ring.newest()!.seq).toBe(9)
  })
})
