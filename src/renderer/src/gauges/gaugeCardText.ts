import type { SensorReading, SensorState } from '@shared/model'
import { showInvisibleInText } from '@shared/visibleText'
import { formatMeasurement } from '../format/number'
import { groupName } from './sensorTable'

/**
 * A gauge's label as its card shows it. A discovered sensor's label is its topic, so under its
 * group heading the rest says it; and where every card of a group starts with the same words
 * ("Compressor C-301 pressure", "… power"), the card shows the words that differ ("Pressure"),
 * in full, since the group tile beside it already names the unit. The tooltip keeps it all.
 */
export function cardLabel(
  reading: Pick<SensorReading, 'label' | 'topic' | 'group' | 'source'>,
  commonPrefix = ''
): string {
  let label = withinGroup(reading)
  if (commonPrefix !== '' && label.startsWith(commonPrefix) && label.length > commonPrefix.length)
    label = capitalized(label.slice(commonPrefix.length))
  // Defence in depth: the engine refuses such characters in topics and labels.
  return showInvisibleInText(label)
}

function withinGroup(reading: Pick<SensorReading, 'label' | 'topic' | 'group' | 'source'>): string {
  const prefix = `${groupName(reading)}/`
  return reading.label.startsWith(prefix) && reading.label.length > prefix.length
    ? reading.label.slice(prefix.length)
    : reading.label
}

/** A lower-case first word is capitalized ("pressure" → "Pressure"); "pH" or "kW" stay as they are. */
function capitalized(text: string): string {
  return /^[a-z][a-z]+(\s|$)/.test(text) ? text[0].toUpperCase() + text.slice(1) : text
}

const WORD_END = /[\s\-_/.:,]/

/**
 * The words every label of a group starts with, ending at a word boundary ("Compressor C-301 "),
 * or "" when there are fewer than two labels, nothing in common, or a label would be left empty.
 */
export function commonLabelPrefix(
  readings: readonly Pick<SensorReading, 'label' | 'topic' | 'group' | 'source'>[]
): string {
  if (readings.length < 2) return ''
  const labels = readings.map(withinGroup)
  let prefix = labels[0]
  for (const label of labels) {
    let i = 0
    const max = Math.min(prefix.length, label.length)
    while (i < max && prefix[i] === label[i]) i++
    prefix = prefix.slice(0, i)
    if (prefix === '') return ''
  }
  // Back to the last boundary: "Boiler 1" of "Boiler 1 flow" and "Boiler 12 flow" is no word.
  let end = prefix.length
  while (end > 0 && !WORD_END.test(prefix[end - 1])) end--
  const cut = prefix.slice(0, end)
  if (cut.trim() === '') return ''
  return labels.every((l) => l.length > cut.length && l.slice(cut.length).trim() !== '') ? cut : ''
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
