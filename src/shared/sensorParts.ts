import type { SensorInfo, SensorPresentation, SensorReading, SensorUpdate } from './model'

/** Every field of `SensorInfo`: what a user's edit or new settings replace. */
export const SENSOR_INFO_FIELDS: readonly (keyof SensorInfo)[] = [
  'label',
  'unit',
  'decimals',
  'min',
  'max',
  'lowAlarm',
  'lowWarn',
  'warn',
  'alarm',
  'deadband',
  'staleAfterMs',
  'gauge',
  'group',
  'edited',
  'discovered'
]

/** The presentation half of a reading (a fresh object; the reading is not kept). */
export function presentationOf(reading: SensorReading): SensorPresentation {
  return {
    key: reading.key,
    source: reading.source,
    sensorId: reading.sensorId,
    topic: reading.topic,
    label: reading.label,
    unit: reading.unit,
    decimals: reading.decimals,
    min: reading.min,
    max: reading.max,
    lowAlarm: reading.lowAlarm,
    lowWarn: reading.lowWarn,
    warn: reading.warn,
    alarm: reading.alarm,
    deadband: reading.deadband,
    staleAfterMs: reading.staleAfterMs,
    gauge: reading.gauge,
    group: reading.group,
    edited: reading.edited,
    discovered: reading.discovered
  }
}

/** The value half of a reading, as a frame carries it. */
export function updateOf(reading: SensorReading): SensorUpdate {
  const update: SensorUpdate = {
    key: reading.key,
    value: reading.value,
    kind: reading.kind,
    state: reading.state,
    time: reading.time,
    receivedAt: reading.receivedAt,
    retained: reading.retained
  }
  if (reading.staleReason !== undefined) update.staleReason = reading.staleReason
  return update
}

/** A whole reading again, from the two halves. */
export function joinReading(presentation: SensorPresentation, update: SensorUpdate): SensorReading {
  const reading: SensorReading = { ...presentation, ...update }
  // A presentation object is never a reading, but a stale reason must come from the update only.
  if (update.staleReason === undefined) delete reading.staleReason
  return reading
}
