import type {
  Reading,
  SensorInfo,
  SensorPresentation,
  SensorReading,
  SensorState,
  SensorValue,
  SensorValueKind
} from '@shared/model'
import { sensorKey } from '@shared/model'
import { joinReading, presentationOf, SENSOR_INFO_FIELDS } from '@shared/sensorParts'
import { evaluateLimits, limitState, NO_LIMITS, type LimitFlags } from './alarms/limits'

/**
 * A sensor's limit state after `value`, from the limits crossed before (deadband applies on the
 * way out): a pure function, so transitions are testable without a table. Staleness is separate
 * (`isStale`) because it depends on time, not on the value.
 */
export function sensorState(
  previous: LimitFlags,
  value: SensorValue,
  info: SensorInfo
): { flags: LimitFlags; state: SensorState } {
  const flags = evaluateLimits(previous, value, info)
  return { flags, state: limitState(flags) }
}

export function isStale(info: Pick<SensorInfo, 'staleAfterMs'>, receivedAt: number, now: number): boolean {
  return now - receivedAt > info.staleAfterMs
}

export function valueKind(value: SensorValue): SensorValueKind {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text'
}

/**
 * A configured sensor that has not reported since start. It has no value, and `SensorReading.value`
 * is required, so it stays out of `all()` (the snapshot and frames) until its first reading; its
 * staleness is still tracked here so a device dead at start-up raises a stale alarm.
 */
interface SilentSensor {
  source: string
  since: number
  /** The sensor's current info (the user may edit it before it ever reports). */
  info: () => SensorInfo
  stale: boolean
}

/** What `checkStale` reports about a silent sensor whose staleness changed. */
export interface SilentSensorChange {
  key: string
  source: string
  info: SensorInfo
  stale: boolean
}

/** A sensor's latest reading and its presentation (a new object whenever the presentation changes). */
export interface SensorLatest {
  readonly reading: SensorReading
  readonly presentation: SensorPresentation
}

interface SensorEntry extends SensorLatest {
  reading: SensorReading
  presentation: SensorPresentation
  /** Limits crossed, kept across readings for the deadband. */
  flags: LimitFlags
  /** The source said it is offline (a Sparkplug death): stale until its next reading. */
  offline: boolean
}

/** Latest reading per sensor key. Readings are mutated in place; callers copy when sending. */
export class SensorTable {
  private readonly entries = new Map<string, SensorEntry>()
  /** The same entries by source and sensor id, for `apply`. */
  private readonly bySource = new Map<string, Map<string, SensorEntry>>()
  private readonly silent = new Map<string, SilentSensor>()
  /**
   * Whether the last `apply` changed the sensor's alarm conditions (a new sensor, a limit crossed
   * or left, stale data returning). A field rather than a returned object: `apply` is the hot path.
   */
  lastApplyChanged = false
  /** The limits the last `apply`'s sensor has crossed (a field for the same reason). */
  lastApplyFlags: LimitFlags = NO_LIMITS

  /** Takes a reading; returns the sensor's latest reading (mutated in place, not a copy). */
  apply(reading: Reading, catalog: { info(sensorId: string): SensorInfo }): SensorReading {
    // By source, then sensor id: both strings arrive with their hash already computed (the
    // source's id, the topic), where the key would be a new string to build and hash per reading.
    let ofSource = this.bySource.get(reading.source)
    if (ofSource === undefined) {
      ofSource = new Map()
      this.bySource.set(reading.source, ofSource)
    }
    let entry = ofSource.get(reading.sensorId)
    let changed = false
    if (entry === undefined) {
      const key = sensorKey(reading.source, reading.sensorId)
      // Built by the shared literals, never by spreading: a spread object gets a hidden class of
      // its own (3,991 for 4,000 sensors), and every access on the hot path went megamorphic.
      const { source, sensorId, topic } = reading
      const presentation = presentationOf({ ...catalog.info(sensorId), key, source, sensorId, topic })
      const first = joinReading(presentation, {
        key,
        value: reading.value,
        kind: valueKind(reading.value),
        state: 'normal',
        time: reading.time,
        receivedAt: reading.receivedAt,
        retained: reading.retained
      })
      entry = { reading: first, presentation, flags: NO_LIMITS, offline: false }
      this.entries.set(key, entry)
      ofSource.set(reading.sensorId, entry)
      this.silent.delete(key)
      changed = true
    }
    const r = entry.reading
    if (r.state === 'stale') changed = true
    if (entry.offline) {
      entry.offline = false
      // Cleared, not deleted: a delete would turn the reading into a slow dictionary object.
      r.staleReason = undefined
    }
    if (r.topic !== reading.topic) {
      r.topic = reading.topic
      entry.presentation = presentationOf(r)
    }
    r.value = reading.value
    r.kind = valueKind(reading.value)
    r.time = reading.time
    r.receivedAt = reading.receivedAt
    r.retained = reading.retained
    const flags = evaluateLimits(entry.flags, reading.value, r)
    if (flags !== entry.flags) changed = true
    entry.flags = flags
    r.state = limitState(flags)
    this.lastApplyChanged = changed
    this.lastApplyFlags = flags
    return r
  }

  /**
   * Registers a configured sensor from `since` (engine start), before any reading: it goes stale
   * after its `staleAfterMs` like one that stopped. Ignored once the sensor has reported.
   */
  expectAll(
    sensors: Iterable<{ source: string; sensorId: string; info: () => SensorInfo }>,
    since: number
  ): void {
    for (const { source, sensorId, info } of sensors) {
      const key = sensorKey(source, sensorId)
      if (!this.entries.has(key)) this.silent.set(key, { source, since, info, stale: false })
    }
  }

  /** The source said the sensor is offline: stale with `reason` until it reports again. Returns whether its state changed. */
  markOffline(key: string, reason: string): boolean {
    const entry = this.entries.get(key)
    if (entry === undefined) return false
    const changed = entry.reading.state !== 'stale' || entry.reading.staleReason !== reason
    entry.offline = true
    entry.reading.state = 'stale'
    entry.reading.staleReason = reason
    return changed
  }

  get(key: string): SensorReading | undefined {
    return this.entries.get(key)?.reading
  }

  /** The reading with its presentation, for a view's frame. */
  latest(key: string): SensorLatest | undefined {
    return this.entries.get(key)
  }

  flags(key: string): LimitFlags {
    return this.entries.get(key)?.flags ?? NO_LIMITS
  }

  keys(): IterableIterator<string> {
    return this.entries.keys()
  }

  /**
   * Replaces a sensor's presentation and limits (a user's edit) and re-evaluates its latest value
   * against the new limits, keeping the deadband memory. Returns false for an unknown key.
   */
  updateInfo(key: string, info: SensorInfo, now: number): boolean {
    const entry = this.entries.get(key)
    if (entry === undefined) return false
    const r = entry.reading as unknown as Record<keyof SensorInfo, unknown>
    for (const field of SENSOR_INFO_FIELDS) r[field] = info[field]
    entry.presentation = presentationOf(entry.reading)
    entry.flags = evaluateLimits(entry.flags, entry.reading.value, entry.reading)
    entry.reading.state =
      entry.offline || isStale(info, entry.reading.receivedAt, now) ? 'stale' : limitState(entry.flags)
    return true
  }

  /**
   * Re-evaluates staleness and reports each key whose state changed, and each configured sensor
   * that has still not reported whose staleness changed (`silentChanged`).
   */
  checkStale(
    now: number,
    changed: (key: string) => void,
    silentChanged: (change: SilentSensorChange) => void = () => {}
  ): void {
    for (const [key, entry] of this.entries) {
      const r = entry.reading
      const state = entry.offline || isStale(r, r.receivedAt, now) ? 'stale' : limitState(entry.flags)
      if (state !== r.state) {
        r.state = state
        changed(key)
      }
    }
    for (const [key, s] of this.silent) {
      const info = s.info()
      const stale = isStale(info, s.since, now)
      if (stale === s.stale) continue
      s.stale = stale
      silentChanged({ key, source: s.source, info, stale })
    }
  }

  /** Forgets every sensor of a removed source, reported or only expected. */
  removeSource(sourceId: string): void {
    for (const [key, entry] of this.entries) if (entry.reading.source === sourceId) this.entries.delete(key)
    this.bySource.delete(sourceId)
    for (const [key, s] of this.silent) if (s.source === sourceId) this.silent.delete(key)
  }

  /**
   * A source's settings were replaced: its sensors take their presentation and limits from the
   * new catalog, and only the new configuration's sensors are expected. Returns the keys whose
   * reading changed.
   */
  refreshSource(sourceId: string, info: (sensorId: string) => SensorInfo, now: number): string[] {
    for (const [key, s] of this.silent) if (s.source === sourceId) this.silent.delete(key)
    const changed: string[] = []
    for (const [key, entry] of this.entries) {
      if (entry.reading.source !== sourceId) continue
      this.updateInfo(key, info(entry.reading.sensorId), now)
      changed.push(key)
    }
    return changed
  }

  all(): SensorReading[] {
    const out: SensorReading[] = []
    for (const entry of this.entries.values()) out.push({ ...entry.reading })
    return out
  }
}
