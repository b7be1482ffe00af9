import type { SensorReading } from '@shared/model'
import { naturalOrder } from '../format/natural-order'

/** One gauge: the latest reading plus the extremes seen this session (to derive a scale). */
export interface SensorCard {
  readonly key: string
  reading: SensorReading
  observedMin: number
  observedMax: number
  rev: number
}

export interface SensorGroup {
  name: string
  keys: string[]
}

/**
 * Every sensor, plain (non-reactive) data wrapped by the store with `markRaw`. Cards are grouped
 * by topic prefix (the topic without its last level, e.g. "plant/boiler1"), so the board reads
 * like the plant: one heading per area.
 */
export class SensorTable {
  readonly cards = new Map<string, SensorCard>()
  groups: SensorGroup[] = []

  /** Applies readings; returns true when cards were added (the grouping changed). */
  apply(readings: readonly SensorReading[]): boolean {
    let added = false
    for (const reading of readings) {
      const card = this.cards.get(reading.key)
      if (card) {
        card.reading = reading
        if (reading.value < card.observedMin) card.observedMin = reading.value
        if (reading.value > card.observedMax) card.observedMax = reading.value
        card.rev++
      } else {
        this.cards.set(reading.key, {
          key: reading.key,
          reading,
          observedMin: reading.value,
          observedMax: reading.value,
          rev: 0
        })
        added = true
      }
    }
    if (added) this.regroup()
    return added
  }

  replace(readings: readonly SensorReading[]): void {
    const keep = new Set(readings.map((r) => r.key))
    for (const key of [...this.cards.keys()]) if (!keep.has(key)) this.cards.delete(key)
    this.apply(readings)
    this.regroup()
  }

  /** Count of cards per state, for the board's summary line. */
  stateCounts(): Record<SensorReading['state'], number> {
    const counts = { normal: 0, warn: 0, alarm: 0, stale: 0 }
    for (const card of this.cards.values()) counts[card.reading.state]++
    return counts
  }

  private regroup(): void {
    const byName = new Map<string, string[]>()
    for (const card of this.cards.values()) {
      const name = groupName(card.reading)
      const keys = byName.get(name)
      if (keys) keys.push(card.key)
      else byName.set(name, [card.key])
    }
    this.groups = [...byName.entries()]
      .sort(([a], [b]) => naturalOrder(a, b))
      .map(([name, keys]) => ({ name, keys: keys.sort(naturalOrder) }))
  }
}

/** "plant/boiler1/temp" → "plant/boiler1"; a single-level topic groups under its source id. */
export function groupName(reading: Pick<SensorReading, 'topic' | 'source'>): string {
  const slash = reading.topic.lastIndexOf('/')
  return slash > 0 ? reading.topic.slice(0, slash) : reading.source
}
