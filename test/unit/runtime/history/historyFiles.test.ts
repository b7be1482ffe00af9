import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ClosedMinute } from '../../../../src/main/engine/history/historyBook'
import { HistoryFiles } from '../../../../src/main/runtime/history/historyFiles'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0)

function minute(key: string, t: number, v: number, count = 1): ClosedMinute {
  return { key, kind: 'sensor', fields: Float64Array.of(t, v, v, v, v, count) }
}

function files(options: {
  dir?: string
  now: { t: number }
  retentionMs?: number
  maxDiskBytes?: number
  segmentBytes?: number
}) {
  const stateDir = options.dir ?? mkdtempSync(join(tmpdir(), 'tickwire-history-'))
  const problems: string[] = []
  const f = new HistoryFiles({
    stateDir,
    retentionMs: options.retentionMs ?? 24 * HOUR,
    maxDiskBytes: options.maxDiskBytes ?? 1024 * 1024 * 1024,
    report: (p) => problems.push(p),
    now: () => options.now.t,
    retryMs: 20,
    segmentBytes: options.segmentBytes
  })
  return { f, stateDir, problems }
}

describe('history files', () => {
  it('reads back what it wrote, across runs, ticker band included', () => {
    const now = { t: T0 }
    const { f, stateDir } = files({ now })
    expect([...f.load()]).toEqual([])
    f.append([minute('plant/a', T0 - 120_000, 1), minute('plant/b', T0 - 120_000, 2)])
    f.append([
      minute('plant/a', T0 - 60_000, 3),
      { key: 'feed/BTC', kind: 'ticker', fields: Float64Array.of(T0 - 60_000, 5, 4, 6, 5, 9, 4.5, NaN) }
    ])
    f.close()
    now.t += 1000
    const again = files({ dir: stateDir, now })
    const read = [...again.f.load()]
    expect(read.map((m) => [m.key, ...m.fields])).toEqual([
      ['plant/a', T0 - 120_000, 1, 1, 1, 1, 1],
      ['plant/b', T0 - 120_000, 2, 2, 2, 2, 1],
      ['plant/a', T0 - 60_000, 3, 3, 3, 3, 1],
      ['feed/BTC', T0 - 60_000, 5, 4, 6, 5, 9, 4.5, NaN]
    ])
    expect(again.problems).toEqual([])
  })

  it('writes a batch larger than a segment across segments, every one of which reads back', () => {
    const now = { t: T0 }
    const { f, stateDir } = files({ now, segmentBytes: 100_000 })
    // A backlog such as a disk outage leaves: 20,000 minutes at once, ~1 MB, ten segments' worth.
    const backlog = Array.from({ length: 20_000 }, (_, i) =>
      minute(`plant/s${i % 500}`, T0 - 60_000 * (1 + Math.floor(i / 500)), i)
    )
    f.append(backlog)
    f.close()
    const segments = readdirSync(join(stateDir, 'history'))
    expect(segments.length).toBeGreaterThanOrEqual(8)
    for (const name of segments)
      expect(readFileSync(join(stateDir, 'history', name)).length).toBeLessThanOrEqual(2 * 100_000)
    now.t += 1000
    const again = files({ dir: stateDir, now, segmentBytes: 100_000 })
    const read = [...again.f.load()]
    expect(again.problems).toEqual([])
    expect(read).toHaveLength(20_000)
    expect(read.map((m) => m.fields[1]).sort((a, b) => a - b)).toEqual(backlog.map((_, i) => i))
  })

  it('skips a torn tail and garbage lines, saying how many, and keeps the rest', () => {
    const now = { t: T0 }
    const { f, stateDir } = files({ now })
    f.append([minute('plant/a', T0 - 60_000, 1)])
    f.close()
    const dir = join(stateDir, 'history')
    const [name] = readdirSync(dir)
    appendFileSync(
      join(dir, name),
      '[0,1796205600000,2,2,2,2,1]\n{"id":1,"key":"noslash","kind":"sensor"}\n[0,17962056'
    )
    // A minute that is not a minute boundary, values out of order, a count that is not an integer.
    appendFileSync(
      join(dir, name),
      '\n[0,1796205600001,1,1,1,1,1]\n[0,1796205600000,5,1,2,3,1]\n[0,1796205600000,1,1,1,1,0.5]\n'
    )
    const again = files({ dir: stateDir, now })
    expect([...again.f.load()].map((m) => m.fields[0])).toEqual([T0 - 60_000, T0])
    expect(again.problems.join('\n')).toMatch(/skipped 5 unreadable line/)
  })

  it('a later line that names an unknown key id is skipped, not misattributed', () => {
    const now = { t: T0 }
    const stateDir = mkdtempSync(join(tmpdir(), 'tickwire-history-'))
    mkdirSync(join(stateDir, 'history'))
    writeFileSync(
      join(stateDir, 'history', `minutes-${T0 - HOUR}.jsonl`),
      `{"id":0,"key":"plant/a","kind":"sensor"}\n[1,${T0 - 60_000},1,1,1,1,1]\n[0,${T0 - 60_000},2,2,2,2,1]\n`
    )
    const { f } = files({ dir: stateDir, now })
    expect([...f.load()].map((m) => [m.key, m.fields[1]])).toEqual([['plant/a', 2]])
  })

  it('deletes segments past the retention and the oldest past the disk bound', () => {
    const now = { t: T0 }
    const { f, stateDir } = files({ now, retentionMs: 3 * HOUR, maxDiskBytes: 10_000 })
    for (let h = 0; h < 6; h++) {
      now.t = T0 + h * HOUR
      f.append([minute('plant/a', now.t - 60_000, h)])
    }
    // Six hourly segments, three hours of retention: the ones wholly older are gone.
    const names = readdirSync(join(stateDir, 'history')).sort()
    expect(names.length).toBeLessThanOrEqual(4)
    expect(f.status().files).toBe(names.length)
    const big = Array.from({ length: 400 }, (_, i) => minute(`plant/k${i}`, now.t, i))
    f.append(big)
    now.t += HOUR
    f.append(big)
    expect(f.status().bytes).toBeLessThanOrEqual(10_000 + 2 * 20_000)
    expect(readdirSync(join(stateDir, 'history'))).toHaveLength(1)
    f.close()
  })

  it('reports a full disk once, loses nothing already written, and writes the waiting minutes when it can', async () => {
    const now = { t: T0 }
    const { f, stateDir, problems } = files({ now })
    f.append([minute('plant/a', T0 - 60_000, 1)])
    // The next segment (an hour on) is /dev/full: every write there is ENOSPC, a real full disk.
    now.t = T0 + HOUR
    for (const t of [now.t, now.t + 1])
      symlinkSync('/dev/full', join(stateDir, 'history', `minutes-${String(t).padStart(13, '0')}.jsonl`))
    f.append([minute('plant/a', T0 + HOUR - 60_000, 2)])
    f.append([minute('plant/a', T0 + HOUR, 3)])
    expect(f.status().lastError).toMatch(/ENOSPC/)
    expect(f.status().pending).toBe(2)
    expect(problems.filter((p) => /ENOSPC/.test(p))).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 80))
    expect(f.status()).toMatchObject({ lastError: null, pending: 0 })
    expect(problems.at(-1)).toMatch(/works again/)
    f.close()
    const read = [...files({ dir: stateDir, now }).f.load()]
    expect(read.map((m) => m.fields[1])).toEqual([1, 2, 3])
    expect(
      readFileSync(join(stateDir, 'history', readdirSync(join(stateDir, 'history')).sort()[0]), 'utf8')
    ).toMatch(/plant\/a/)
  })
})
