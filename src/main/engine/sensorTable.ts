import type {
  Reading,
  SensorInfo,
  SensorReading,
  SensorState,
  SensorValue,
  SensorValueKind
} from '@shared/model'
import { sensorKey } from '@shared/model'

/** Stale when silent for `staleAfterMs`, else alarm / warn by threshold (inclusive), else normal. */
export function sensorState(
  value: SensorValue,
  info: SensorInfo,
  receivedAt: number,
  now: number
): SensorState {
  if (now - receivedAt > info.staleAfterMs) return 'stale'
  // Limits apply to numbers only; on/off and text sensors are normal unless stale.
  if (typeof value !== 'number') return 'normal'
  if (info.alarm !== null && value >= info.alarm) return 'alarm'
  if (info.warn !== null && value >= info.warn) return 'warn'
  return 'normal'
}

export function valueKind(value: SensorValue): SensorValueKind {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text'
}

/** Latest reading per sensor key. Readings are mutated in place; callers copy when sending. */
export class SensorTable {
  private readonly entries = new Map<string, SensorReading>()

  apply(reading: Reading, catalog: { info(sensorId: string): SensorInfo }): string {
    const key = sensorKey(reading.source, reading.sensorId)
    let entry = this.entries.get(key)
    if (entry === undefined) {
      entry = {
        ...catalog.info(reading.sensorId),
        key,
        source: reading.source,
        sensorId: reading.sensorId,
        topic: reading.topic,
        value: reading.value,
        kind: valueKind(reading.value),
        state: 'normal',
        time: reading.time,
        receivedAt: reading.receivedAt,
        retained: reading.retained
      }
      this.entries.set(key, entry)
    }
    entry.topic = reading.topic
    entry.value = reading.value
    entry.kind = valueKind(reading.value)
    entry.time = reading.time
    entry.receivedAt = reading.receivedAt
    entry.retained = reading.retained
    entry.state = sensorState(reading.value, entry, reading.receivedAt, reading.receivedAt)
    return key
  }

  get(key: string): SensorReading | undefined {
    return this.entries.get(key)
  }

  /** Re-evaluates staleness and reports each key whose state changed. */
  checkStale(now: number, changed: (key: string) => void): void {
    for (const [key, entry] of this.entries) {
      const state = sensorState(entry.value, entry, entry.receivedAt, now)
      if (state !== entry.state) {
        entry.state = state
        changed(key)
      }
    }
  }

  all(): SensorReading[] {
    const out: SensorReading[] = []
    for (const entry of this.entries.values()) out.push({ ...entry })
    return out
  }
}
