import type { SensorReading, SensorState } from '@shared/model'
import { showInvisibleInText } from '@shared/visibleText'
import { formatMeasurement } from '../format/number'
import { groupName } from './sensorTable'

/** A gauge's label: a discovered sensor's label is its topic, so under its group heading the rest says it. */
export function cardLabel(reading: Pick<SensorReading, 'label' | 'topic' | 'group' | 'source'>): string {
  const prefix = `${groupName(reading)}/`
  const label =
    reading.label.startsWith(prefix) && reading.label.length > prefix.length
      ? reading.label.slice(prefix.length)
      : reading.label
  // Defence in depth: the engine refuses such characters in topics and labels.
  return showInvisibleInText(label)
}

const STATE_TAGS: Record<SensorState, string> = { normal: '', warn: 'WARN', alarm: 'ALARM', stale: 'STALE' }

/**
 * The tag a gauge shows for its state ("" when normal). A sensor its source said is offline (a
 * Sparkplug death certificate) says OFFLINE: gone, not merely quiet.
 */
export function stateTag(state: SensorState, staleReason?: string): string {
  return state === 'stale' && staleReason !== undefined && staleReason.startsWith('offline')
    ? 'OFFLINE'
    : STATE_TAGS[state]
}

/** Everything about a sensor that does not fit on its card: key, topic, limits, provenance. */
export function cardTooltip(r: SensorReading): string {
  const parts = [r.label, r.key, `topic ${r.topic}`]
  if (r.state === 'stale' && r.staleReason !== undefined)
    parts.push(`stale: ${showInvisibleInText(r.staleReason)}`)
  if (typeof r.value === 'string') parts.push(`value: ${r.value}`)
  const limit = (name: string, v: number | null): void => {
    if (v !== null) parts.push(`${name} ${formatMeasurement(v)}`)
  }
  limit('low alarm below', r.lowAlarm)
  limit('low warn below', r.lowWarn)
  limit('warn above', r.warn)
  limit('alarm above', r.alarm)
  if (r.deadband > 0) parts.push(`deadband ${formatMeasurement(r.deadband)}`)
  if (r.discovered) parts.push('discovered (not configured)')
  if (r.edited) parts.push('edited from the UI')
  if (r.retained) parts.push('last value retained by the broker (not live)')
  parts.push('click to edit')
  return parts.join('\n')
}
