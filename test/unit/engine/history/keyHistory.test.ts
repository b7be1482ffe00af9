import { describe, expect, it } from 'vitest'
import {
  HistoryBook,
  MAX_HISTORY_KEYS,
  type ClosedMinute
} from '../../../../src/main/engine/history/historyBook'
import { RAW_MAX_POINTS } from '../../../../src/main/engine/history/keyHistory'
import { answerHistory } from '../../../../src/main/engine/history/historyRequest'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0)

function book(options: { retentionMs?: number; memoryBytes?: number; sink?: ClosedMinute[] } = {}) {
  const closed = options.sink
  return new HistoryBook({
    retentionMs: options.retentionMs ?? 24 * HOUR,
    memoryBytes: options.memoryBytes,
    sink: closed === undefined ? undefined : { append: (minutes) => closed.push(...minutes) }
  })
}

describe('key history tiers', () => {
  it('answers raw points in the range, ascending, and times never go back', () => {
    const b = book()
    const h = b.of('feed/BTC', 'ticker')!
    h.value(T0, 100)
    h.value(T0 + 10, 101)
    h.value(T0 + 5, 102) // earlier receive time: taken as the previous one
    h.value(T0 + 20, 103)
    const s = b.query('feed/BTC', { from: T0 + 1, to: T0 + 15 }, '')!
    expect(s.resolution).toBe('raw')
    expect(s.points).toEqual([
      [T0 + 10, 101],
      [T0 + 10, 102]
    ])
  })

  it('a spike inside a minute survives downsampling (min/max/first/last/count)', () => {
    const b = book()
    const h = b.of('plant/boiler', 'sensor')!
    for (let i = 0; i < 60; i++) h.value(T0 + i * 1000, i === 30 ? 900 : 50 + (i % 3))
    const s = b.query('plant/boiler', { from: T0, to: T0 + 59_999, resolution: '1m' }, '°C')!
    expect(s.unit).toBe('°C')
    expect(s.buckets).toEqual([[T0, 50, 50, 900, 50 + (59 % 3), 60]])
    const seconds = b.query('plant/boiler', { from: T0, to: T0 + 59_999, resolution: '1s' }, '')!
    expect(seconds.buckets).toHaveLength(60)
    expect(seconds.buckets![30]).toEqual([T0 + 30_000, 900, 900, 900, 900, 1])
  })

  it('raw points beyond the per-key bound fold into seconds, exactly', () => {
    const b = book()
    const h = b.of('feed/ETH', 'ticker')!
    // 50 updates a second: the raw tier fills and the oldest points become 1 s buckets.
    const n = RAW_MAX_POINTS + 5_000
    for (let i = 0; i < n; i++) h.value(T0 + i * 20, i % 50 === 7 ? 1_000 + i : i)
    expect(h.raw.length).toBe(RAW_MAX_POINTS)
    expect(h.rawCompleteFrom).toBe(T0 + (n - RAW_MAX_POINTS - 1) * 20)
    const all = b.query('feed/ETH', { from: T0, to: T0 + n * 20, resolution: '1s' }, '')!
    expect(all.buckets).toHaveLength(n / 50)
    let count = 0
    for (const [t, first, min, max, last, c] of all.buckets!) {
      const i0 = (t - T0) / 20
      expect(first).toBe(i0)
      expect(min).toBe(i0)
      expect(max).toBe(1_000 + i0 + 7)
      expect(last).toBe(i0 + 49)
      expect(c).toBe(50)
      count += c
    }
    expect(count).toBe(n)
    // Asked without a resolution over a range the raw tier no longer covers: per second.
    expect(b.query('feed/ETH', { from: T0, to: T0 + n * 20 }, '')!.resolution).toBe('1s')
    expect(b.query('feed/ETH', { from: T0 + (n - 10) * 20, to: T0 + n * 20 }, '')!.resolution).toBe('raw')
  })

  it('keeps per-minute buckets for the retention only, and hands each closed minute on once', () => {
    const sink: ClosedMinute[] = []
    const b = book({ retentionMs: 2 * HOUR, sink })
    const h = b.of('plant/flow', 'sensor')!
    for (let m = 0; m < 3 * 60; m++) h.value(T0 + m * 60_000 + 500, m)
    b.sweep(T0 + 3 * HOUR + 1)
    expect(sink.map((c) => c.fields[0])).toEqual(Array.from({ length: 180 }, (_, m) => T0 + m * 60_000))
    b.sweep(T0 + 3 * HOUR + 2)
    expect(sink).toHaveLength(180)
    const s = b.query('plant/flow', { from: T0, to: T0 + 3 * HOUR, resolution: '1m' }, '')!
    // Two hours of retention: the first hour's minutes are gone.
    expect(s.buckets![0][0]).toBeGreaterThanOrEqual(T0 + HOUR)
    expect(s.buckets!.length).toBeLessThanOrEqual(121)
    expect(h.raw.length).toBeLessThanOrEqual(61)
  })

  it('a ticker keeps its bid/ask band per second and per minute', () => {
    const b = book()
    const h = b.of('feed/BTC', 'ticker')!
    h.quote(T0, 99, 101)
    h.quote(T0 + 100, 98.5, 100.5)
    h.value(T0 + 200, 100)
    h.quote(T0 + 1500, 99.5, 102)
    const raw = b.query('feed/BTC', { from: T0, to: T0 + 2000 }, '')!
    expect(raw.band).toEqual([
      [T0, 98.5, 101],
      [T0 + 1000, 99.5, 102]
    ])
    const minute = b.query('feed/BTC', { from: T0, to: T0 + 2000, resolution: '1m' }, '')!
    expect(minute.band).toEqual([[T0, 98.5, 102]])
    expect(minute.buckets).toEqual([[T0, 100, 100, 100, 100, 1]])
  })

  it("keeps a ticker's recent trades, newest first, bounded", () => {
    const b = book()
    const h = b.of('feed/BTC', 'ticker')!
    for (let i = 0; i < 130; i++) h.trade(T0 + i, 100 + i, i % 3 === 0 ? null : i, i % 2 ? 'buy' : null)
    const trades = h.recentTrades()
    expect(trades).toHaveLength(100)
    expect(trades[0]).toEqual([T0 + 129, 229, null, 'buy'])
    expect(trades[1]).toEqual([T0 + 128, 228, 128, null])
    expect(trades[2]).toEqual([T0 + 127, 227, 127, 'buy'])
    expect(trades.at(-1)?.[0]).toBe(T0 + 30)
    expect(b.of('plant/t', 'sensor')!.recentTrades()).toEqual([])
  })

  it('a minute restored twice keeps the later copy (written whole each time), and finer tiers are incomplete', () => {
    const b = book()
    b.restore([
      { key: 'plant/t', kind: 'sensor', fields: Float64Array.of(T0, 1, 1, 5, 5, 10) },
      { key: 'plant/t', kind: 'sensor', fields: Float64Array.of(T0 + 60_000, 5, 0, 7, 6, 3) },
      // The same minute again (a restart mid-minute wrote it whole once more): the later copy.
      { key: 'plant/t', kind: 'sensor', fields: Float64Array.of(T0 + 60_000, 6, 6, 9, 8, 2) }
    ])
    const s = b.query('plant/t', { from: T0, to: T0 + HOUR }, '')!
    expect(s.resolution).toBe('1m')
    expect(s.buckets).toEqual([
      [T0, 1, 1, 5, 5, 10],
      [T0 + 60_000, 6, 6, 9, 8, 2]
    ])
  })

  it('answers whole seconds from the one `from` falls in, stored and folded alike', () => {
    const b = book()
    const h = b.of('plant/t', 'sensor')!
    for (let i = 0; i < 40; i++) h.value(T0 + i * 100, i)
    const s = b.query('plant/t', { from: T0 + 1_500, to: T0 + 2_100, resolution: '1s' }, '')!
    expect(s.buckets!.map((x) => x[0])).toEqual([T0 + 1_000, T0 + 2_000])
    expect(s.buckets![1]).toEqual([T0 + 2_000, 20, 20, 29, 29, 10])
  })

  it('a key on disk as both kinds (a reused source id) keeps one, and never spills a record', () => {
    const b = book()
    b.restore([
      { key: 'x/k', kind: 'sensor', fields: Float64Array.of(T0, 1, 1, 1, 1, 1) },
      { key: 'x/k', kind: 'ticker', fields: Float64Array.of(T0 + 60_000, 2, 2, 2, 2, 1, 1.5, 2.5) },
      { key: 'x/k', kind: 'sensor', fields: Float64Array.of(T0 + 120_000, 3, 3, 3, 3, 1) }
    ])
    const s = b.query('x/k', { from: T0, to: T0 + 3_600_000, resolution: '1m' }, '')!
    for (const bucket of s.buckets!) expect(bucket[0] % 60_000).toBe(0)
    // Live values of the other kind start the key afresh.
    b.of('x/k', 'sensor')!.value(T0 + 180_000, 9)
    expect(b.query('x/k', { from: T0, to: T0 + 3_600_000, resolution: '1m' }, '')!.kind).toBe('sensor')
  })

  it('a live key takes the place of one only the disk knew when the key limit is reached', () => {
    const b = book({ memoryBytes: 1024 * 1024 * 1024 })
    b.restore(
      Array.from({ length: MAX_HISTORY_KEYS }, (_, k) => ({
        key: `old/${k}`,
        kind: 'sensor' as const,
        fields: Float64Array.of(T0, 1, 1, 1, 1, 1)
      }))
    )
    expect(b.stats().keys).toBe(MAX_HISTORY_KEYS)
    expect(b.of('live/new', 'sensor')).toBeDefined()
    expect(b.has('old/0')).toBe(false)
    expect(b.stats().refusedKeys).toBe(0)
  })

  it('stays within its memory budget, keeping the newest values', () => {
    const budget = 256 * 1024
    const b = book({ memoryBytes: budget })
    for (let k = 0; k < 50; k++) {
      const h = b.of(`feed/S${k}`, 'ticker')
      for (let i = 0; i < 4_000; i++) h?.value(T0 + i * 25, i)
    }
    const stats = b.stats()
    expect(stats.bytes).toBeLessThanOrEqual(budget + 50 * 2_500)
    expect(stats.refusedGrowths).toBeGreaterThan(0)
    const last = b.query('feed/S49', { from: T0, to: T0 + 10 * HOUR, resolution: 'raw' }, '')!
    expect(last.points!.at(-1)).toEqual([T0 + 3_999 * 25, 3_999])
  })

  it('says how much of what it reserved is written: a ring that went round is written whole', () => {
    const b = book({ memoryBytes: 64 * 1024 })
    const h = b.of('plant/t', 'sensor')!
    // 1 value: every ring holds at most a record or two of the 16 it starts with.
    h.value(T0, 1)
    const first = b.stats()
    expect(first.writtenBytes).toBeGreaterThan(0)
    expect(first.writtenBytes).toBeLessThan(first.bytes / 4)
    // Far past what the budget lets the raw ring grow to: it has gone round, all of it written.
    for (let i = 1; i < 20_000; i++) h.value(T0 + i, i)
    const full = b.stats()
    expect(full.refusedGrowths).toBeGreaterThan(0)
    const raw = h.raw
    expect(raw.writtenBytes).toBe(raw.bytes)
    expect(full.writtenBytes).toBeLessThanOrEqual(full.bytes)
    expect(full.writtenBytes).toBe(h.writtenBytes)
  })

  it('refuses keys beyond the limit and counts them', () => {
    const b = book({ memoryBytes: 1024 * 1024 * 1024 })
    for (let k = 0; k < MAX_HISTORY_KEYS; k++) b.of(`s/${k}`, 'sensor')
    expect(b.of('s/one-too-many', 'sensor')).toBeUndefined()
    expect(b.stats().refusedKeys).toBe(1)
  })
})

describe('history requests', () => {
  const known = (key: string) =>
    key === 'plant/quiet' ? { kind: 'sensor' as const, unit: 'bar' } : undefined

  it('defaults to the last 10 minutes, caps long ranges, refuses bad ones (400) and unknown keys (404)', () => {
    const b = book()
    b.of('plant/t', 'sensor')!.value(T0 - 5_000, 1)
    const ok = answerHistory(b, { key: 'plant/t' }, known, T0)
    expect(ok).toMatchObject({ ok: true, series: { from: T0 - 600_000, to: T0, points: [[T0 - 5_000, 1]] } })
    expect(answerHistory(b, { key: 'plant/t', from: T0, to: T0 - 1 }, known, T0)).toMatchObject({
      ok: false,
      status: 400
    })
    // Longer than history can hold (from=0: all of it): the longest range there is, said in `from`.
    expect(answerHistory(b, { key: 'plant/t', from: 0 }, known, T0)).toMatchObject({
      ok: true,
      series: { from: T0 - 31 * 86_400_000, to: T0, points: [[T0 - 5_000, 1]] }
    })
    // `to` alone, early: the default window stops at the epoch.
    expect(answerHistory(b, { key: 'plant/t', to: 1000 }, known, T0)).toMatchObject({
      ok: true,
      series: { from: 0, to: 1000 }
    })
    for (const bad of [-1, NaN, Infinity])
      expect(answerHistory(b, { key: 'plant/t', from: bad }, known, T0)).toMatchObject({
        ok: false,
        status: 400,
        error: '"from" must be epoch milliseconds'
      })
    // Receive times are kept finer than a millisecond and answered in whole ones.
    b.of('plant/t', 'sensor')!.value(T0 - 1_000.6, 2)
    const whole = answerHistory(b, { key: 'plant/t' }, known, T0 + 0.4)
    expect(whole.ok && whole.series.points?.at(-1)).toEqual([T0 - 1_001, 2])
    expect(whole.ok && whole.series.to).toBe(T0)
    expect(answerHistory(b, { key: 'nope/x' }, known, T0)).toMatchObject({ ok: false, status: 404 })
    // Known to the engine but silent so far: an empty answer, not a 404.
    expect(answerHistory(b, { key: 'plant/quiet' }, known, T0)).toMatchObject({
      ok: true,
      series: { unit: 'bar', points: [] }
    })
  })
})
