import type { HistoryKind } from '@shared/history'
import { MAX_SENSOR_KEY_LENGTH } from '@shared/limits'
import type { ClosedMinute } from '../../engine/history/historyBook'

/**
 * The history files' lines (JSON Lines, one segment per file). A key is named once per segment:
 * `{"id":3,"key":"plant/boiler/temp","kind":"sensor"}`; each closed minute is then an array
 * `[id, t, first, min, max, last, count]`, and for a ticker `…, bidLow, askHigh` (`null`: none).
 * A segment is read on its own, so a lost dictionary line costs only that segment's minutes.
 */

/** Most keys one segment names (twice the engine's key limit: a new segment starts past it). */
export const MAX_SEGMENT_KEYS = 40_000
const MAX_COUNT = 1e12

export function dictionaryLine(id: number, key: string, kind: HistoryKind): string {
  return `${JSON.stringify({ id, key, kind })}\n`
}

export function minuteLine(id: number, fields: Float64Array): string {
  let line = `[${id}`
  for (let i = 0; i < fields.length; i++) line += Number.isNaN(fields[i]) ? ',null' : `,${fields[i]}`
  return `${line}]\n`
}

/** Reads one segment's text; what cannot be read is counted, never thrown. */
export class SegmentReader {
  private readonly keys = new Map<number, { key: string; kind: HistoryKind }>()
  skipped = 0

  constructor(
    private readonly oldest: number,
    private readonly newest: number
  ) {}

  /** The minutes of `text` within [oldest, newest], in file order. */
  *minutes(text: string): Generator<ClosedMinute> {
    let start = 0
    while (start < text.length) {
      let end = text.indexOf('\n', start)
      if (end === -1) end = text.length
      const line = text.slice(start, end)
      start = end + 1
      if (line.length === 0) continue
      const minute = this.line(line)
      if (minute !== null) yield minute
    }
  }

  private line(line: string): ClosedMinute | null {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      // A torn tail (a crash mid-write) or garbage: skipped, the rest still read.
      this.skipped++
      return null
    }
    if (Array.isArray(value)) return this.minute(value)
    if (!this.define(value)) this.skipped++
    return null
  }

  private define(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false
    const { id, key, kind } = value as Record<string, unknown>
    if (!Number.isSafeInteger(id) || (id as number) < 0 || this.keys.size >= MAX_SEGMENT_KEYS) return false
    if (typeof key !== 'string' || key.length > MAX_SENSOR_KEY_LENGTH || !key.includes('/')) return false
    if (kind !== 'ticker' && kind !== 'sensor') return false
    this.keys.set(id as number, { key, kind })
    return true
  }

  private minute(value: unknown[]): ClosedMinute | null {
    const entry = typeof value[0] === 'number' ? this.keys.get(value[0]) : undefined
    const width = entry?.kind === 'ticker' ? 9 : 7
    if (entry === undefined || value.length !== width) {
      this.skipped++
      return null
    }
    const fields = new Float64Array(width - 1)
    for (let i = 1; i < width; i++) {
      const v = value[i]
      if (v === null && i >= 2) fields[i - 1] = NaN
      else if (typeof v === 'number' && Number.isFinite(v)) fields[i - 1] = v
      else return this.skip()
    }
    const [t, first, min, max, last, count] = fields
    const valuesOk = count === 0 || (min <= first && first <= max && min <= last && last <= max)
    if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT || !valuesOk || t % 60_000 !== 0)
      return this.skip()
    // Outside the retention (or from a clock ahead of ours): not history we keep.
    if (t < this.oldest || t > this.newest) return null
    return { key: entry.key, kind: entry.kind, fields }
  }

  private skip(): null {
    this.skipped++
    return null
  }
}
