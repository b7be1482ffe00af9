import { shallowRef, type ShallowRef } from 'vue'
import type { SensorReading } from '@shared/model'
import { naturalOrder } from '@shared/naturalOrder'
import { RingBuffer } from '../tickers/ringBuffer'

/** Points kept per numeric sensor for the big-number gauge's sparkline. */
export const SENSOR_HISTORY = 60

/**
 * One gauge: the latest reading, the extremes seen this session (to derive a scale) and recent
 * numeric values (sparkline). On/off and text sensors keep no extremes (`null`).
 */
export interface SensorCard {
  readonly key: string
  reading: SensorReading
  observedMin: number | null
  observedMax: number | null
  readonly history: RingBuffer
  rev: number
  /**
   * `rev`, as a signal: what shows a value subscribes to it (the card's face and age), so a new
   * value re-renders those, not the board or the whole card.
   */
  readonly changed: ShallowRef<number>
}

export interface SensorGroup {
  name: string
  keys: string[]
}

/**
 * Every sensor, plain (non-reactive) data wrapped by the store with `markRaw`. Cards are grouped
 * by the sensor's `group`, else by topic prefix (the topic without its last level, e.g.
 * "plant/boiler1"), so the board reads like the plant: one heading per area.
 */
export class SensorTable {
  readonly cards = new Map<string, SensorCard>()
  groups: SensorGroup[] = []

  /** Applies readings; returns true when the grouping changed (cards added or moved). */
  apply(readings: readonly SensorReading[]): boolean {
    let regroup = false
    for (const reading of readings) {
      const card = this.cards.get(reading.key)
      if (card) {
        if (groupName(card.reading) !== groupName(reading) || card.reading.label !== reading.label)
          regroup = true
        card.reading = reading
        observe(card, reading)
        card.rev++
        card.changed.value = card.rev
      } else {
        const fresh: SensorCard = {
          key: reading.key,
          reading,
          observedMin: null,
          observedMax: null,
          history: new RingBuffer(SENSOR_HISTORY),
          rev: 0,
          changed: shallowRef(0)
        }
        observe(fresh, reading)
        this.cards.set(reading.key, fresh)
        regroup = true
      }
    }
    if (regroup) this.regroup()
    return regroup
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
    const label = (key: string): string => this.cards.get(key)?.reading.label ?? key
    this.groups = [...byName.entries()]
      .sort(([a], [b]) => naturalOrder(a, b))
      .map(([name, keys]) => ({
        name,
        keys: keys.sort((a, b) => naturalOrder(label(a), label(b)) || naturalOrder(a, b))
      }))
  }
}

function observe(card: SensorCard, reading: SensorReading): void {
  if (typeof reading.value !== 'number' || !Number.isFinite(reading.value)) return
  const v = reading.value
  if (card.observedMin === null || v < card.observedMin) card.observedMin = v
  if (card.observedMax === null || v > card.observedMax) card.observedMax = v
  card.history.push(v)
}

/**
 * The heading a sensor sits under: its configured or edited `group`, else the topic's leading
 * levels ("plant/boiler1/temp" → "plant/boiler1"); a single-level topic groups under its source.
 */
export function groupName(
  reading: Pick<SensorReading, 'topic' | 'source'> & { group?: string | null }
): string {
  if (typeof reading.group === 'string' && reading.group !== '') return reading.group
  const slash = reading.topic.lastIndexOf('/')
  return slash > 0 ? reading.topic.slice(0, slash) : reading.source
}
