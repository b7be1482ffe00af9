/** The soak's figures: one row per sample, checkpoints, growth and the verdict. */
import type { SourceStats, StatsPayload } from '@shared/model'
import type { FeedCounts } from './soakFeed'
import type { ServeSample } from './soakServe'
import type { ViewCounters } from './soakView'

/** Source ids in the generated configuration. */
export const MARKET_ID = 'soak'
export const TELEMETRY_ID = 'plant'

export const sourceStats = (stats: StatsPayload, id: string): SourceStats | undefined =>
  stats.sources.find((s) => s.id === id)

export type CheckpointName = 'start' | 'middle' | 'end'

/** One observation of the serve process and the traffic around it. */
export interface SoakRow {
  /** Seconds since the feed started. */
  t: number
  checkpoint: CheckpointName | null
  /** Whether a full GC ran just before the memory figures (checkpoints only). */
  afterGc: boolean
  sample: ServeSample
  feed: FeedCounts
  stats: StatsPayload
  view: ViewCounters
}

const MiB = 2 ** 20
const mib = (bytes: number | null): number | null => (bytes === null ? null : round(bytes / MiB, 1))
const round = (x: number, digits: number): number => Number(x.toFixed(digits))
const pct = (from: number, to: number): number => round(((to - from) / from) * 100, 2)

/** The memory figures of one checkpoint, in MiB. */
export function memoryOf(row: SoakRow): Record<string, number | null> {
  const m = row.sample.memory
  return {
    atSec: round(row.t, 1),
    rssMiB: mib(m.rss),
    vmRssMiB: mib(row.sample.proc.vmRssBytes),
    heapUsedMiB: mib(m.heapUsed),
    heapTotalMiB: mib(m.heapTotal),
    externalMiB: mib(m.external),
    arrayBuffersMiB: mib(m.arrayBuffers),
    mallocedMiB: mib(row.sample.heap.mallocedMemory),
    gcMs: row.sample.gcMs === null ? null : round(row.sample.gcMs, 1),
    engineMessages: sourceStats(row.stats, MARKET_ID)?.messages ?? null,
    serveEventLoopBusy: round(row.sample.eventLoopUtilization, 3),
    serveCpuCores: round(row.sample.cpuShare, 3)
  }
}

/** Least-squares slope of `y` over `x` (per unit of x); null for fewer than 3 points. */
function slope(points: Array<[number, number]>): number | null {
  if (points.length < 3) return null
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  }
  return den === 0 ? null : num / den
}

export interface GrowthVerdict {
  growthPct: {
    rss: number
    /**
     * RSS less what history has written into its rings: history fills its bounded rings by design
     * (issue 9), and a ring's pages become resident as they are written, not when reserved.
     */
    rssLessHistory: number
    heapUsed: number
    heapTotal: number
    external: number
    arrayBuffers: number
  }
  /** History's bytes at the start and the end, reserved and written (from /api/stats). */
  historyMiB: {
    start: number | null
    end: number | null
    writtenStart: number | null
    writtenEnd: number | null
  }
  flat: boolean
}

export function growth(start: SoakRow, end: SoakRow, limitPct: number): GrowthVerdict {
  const a = start.sample.memory
  const b = end.sample.memory
  const historyA = start.stats.history?.bytes ?? 0
  const historyB = end.stats.history?.bytes ?? 0
  const writtenA = start.stats.history?.writtenBytes ?? historyA
  const writtenB = end.stats.history?.writtenBytes ?? historyB
  const growthPct = {
    rss: pct(a.rss, b.rss),
    rssLessHistory: pct(a.rss - writtenA, b.rss - writtenB),
    heapUsed: pct(a.heapUsed, b.heapUsed),
    heapTotal: pct(a.heapTotal, b.heapTotal),
    external: pct(a.external, b.external),
    arrayBuffers: pct(a.arrayBuffers, b.arrayBuffers)
  }
  return {
    growthPct,
    historyMiB: {
      start: mib(historyA),
      end: mib(historyB),
      writtenStart: mib(writtenA),
      writtenEnd: mib(writtenB)
    },
    flat: growthPct.rssLessHistory <= limitPct && growthPct.heapUsed <= limitPct
  }
}

/** RSS and (post-GC, checkpoints only) heap trend after warm-up, MiB per hour. */
export function trends(rows: SoakRow[], warmupSec: number): Record<string, number | null> {
  const after = rows.filter((r) => r.t >= warmupSec - 1)
  const perHour = (points: Array<[number, number]>): number | null => {
    const s = slope(points)
    return s === null ? null : round((s * 3600) / MiB, 1)
  }
  return {
    rssMiBPerHour: perHour(after.map((r) => [r.t, r.sample.memory.rss])),
    heapUsedAfterGcMiBPerHour: perHour(
      after.filter((r) => r.afterGc).map((r) => [r.t, r.sample.memory.heapUsed])
    )
  }
}

/** The compact time series: one array per row, columns named once. */
export function series(rows: SoakRow[]): { columns: string[]; rows: Array<Array<number | string | null>> } {
  return {
    columns: [
      't',
      'rssMiB',
      'heapUsedMiB',
      'heapTotalMiB',
      'externalMiB',
      'afterGc',
      'sent',
      'engineMessages',
      'viewFrames',
      'serveEventLoopBusy',
      'serveCpuCores'
    ],
    rows: rows.map((r) => [
      Math.round(r.t),
      mib(r.sample.memory.rss),
      mib(r.sample.memory.heapUsed),
      mib(r.sample.memory.heapTotal),
      mib(r.sample.memory.external),
      r.afterGc ? 'gc' : '',
      r.feed.sent,
      sourceStats(r.stats, MARKET_ID)?.messages ?? null,
      r.view.frames,
      round(r.sample.eventLoopUtilization, 2),
      round(r.sample.cpuShare, 2)
    ])
  }
}

/** Prints the report as indented JSON, but each series row on one line. */
export function formatReport(report: object): string {
  const text = JSON.stringify(report, null, 2)
  return text.replace(
    /\[\n\s+([^[\]{}]*?)\n\s+\]/g,
    (_m, body: string) => `[${body.replace(/,\n\s+/g, ', ')}]`
  )
}
