import { z } from 'zod'
import { MAX_LABEL_LENGTH, MAX_SENSOR_MAGNITUDE, MIN_STALE_AFTER_MS } from './limits'
import { hasInvisibleInText, userTextProblem } from './visibleText'

/**
 * A sensor's presentation and limits: what a `sensors[]` entry in the configuration may set and
 * what a user may change from the UI (`setSensorSettings`; saved and restored across restarts).
 */

export const GAUGE_STYLES = ['radial', 'bar', 'number'] as const
export type GaugeStyle = (typeof GAUGE_STYLES)[number]

export const MAX_STALE_AFTER_MS = 86_400_000
export const MAX_UNIT_LENGTH = 16
export const MAX_GROUP_LENGTH = 64

/** Text a person typed: the one rule for operator names, labels, units and groups. */
function userText(max: number) {
  return z.string().superRefine((s, ctx) => {
    const problem = userTextProblem(s, max)
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
  })
}

/** A scale end or a limit: finite and within ±1e12, so spans and hysteresis bands stay finite. */
const level = z
  .number()
  .min(-MAX_SENSOR_MAGNITUDE, `must be at least -${MAX_SENSOR_MAGNITUDE}`)
  .max(MAX_SENSOR_MAGNITUDE, `must be at most ${MAX_SENSOR_MAGNITUDE}`)

/** The editable fields, each optional; in an edit, `null` means "back to the configured value". */
export const sensorSettingsShape = {
  label: userText(MAX_LABEL_LENGTH),
  /** May be empty (a count has no unit). */
  unit: z
    .string()
    .max(MAX_UNIT_LENGTH)
    .refine((s) => !hasInvisibleInText(s), {
      message: 'must not contain control, bidirectional or invisible characters'
    }),
  /** Decimals shown; absent: chosen from the value's magnitude. */
  decimals: z.number().int().min(0).max(8),
  min: level,
  max: level,
  lowAlarm: level,
  lowWarn: level,
  /** High warn limit (DESIGN.md's `warn`). */
  warn: level,
  /** High alarm limit (DESIGN.md's `alarm`). */
  alarm: level,
  /** Hysteresis: a limit, once crossed, clears only when the value is back by this much. */
  deadband: z.number().min(0).max(MAX_SENSOR_MAGNITUDE),
  /** At least a second: shorter would flap stale between two normal updates (and flood the journal). */
  staleAfterMs: z
    .number()
    .int()
    .min(MIN_STALE_AFTER_MS, `must be at least ${MIN_STALE_AFTER_MS} ms`)
    .max(MAX_STALE_AFTER_MS),
  gauge: z.enum(GAUGE_STYLES),
  /** Heading the gauge is grouped under; absent: the topic's leading levels. */
  group: userText(MAX_GROUP_LENGTH)
} as const

export type SensorSettingField = keyof typeof sensorSettingsShape

export interface SensorLimits {
  min?: number | null
  max?: number | null
  lowAlarm?: number | null
  lowWarn?: number | null
  warn?: number | null
  alarm?: number | null
  deadband?: number | null
}

/**
 * The first problem among a sensor's limits, as `[field, message]`, or null: min < max,
 * lowAlarm ≤ lowWarn < warn ≤ alarm (for those present), and a deadband smaller than what it is
 * measured against (the scale, else the spread of the limits) so a crossed limit can always clear.
 */
export function limitProblem(s: SensorLimits): [SensorSettingField, string] | null {
  const has = (v: number | null | undefined): v is number => typeof v === 'number'
  if (has(s.min) && has(s.max) && !(s.min < s.max)) return ['max', 'min must be below max']
  const order: [SensorSettingField, number | null | undefined][] = [
    ['lowAlarm', s.lowAlarm],
    ['lowWarn', s.lowWarn],
    ['warn', s.warn],
    ['alarm', s.alarm]
  ]
  const present = order.filter((entry): entry is [SensorSettingField, number] => has(entry[1]))
  for (let i = 1; i < present.length; i++) {
    const [prevField, prev] = present[i - 1]
    const [field, value] = present[i]
    const strict = prevField === 'lowWarn' && field === 'warn'
    if (strict ? !(prev < value) : !(prev <= value)) {
      return [field, `${field} must be ${strict ? 'above' : 'at or above'} ${prevField}`]
    }
  }
  if (has(s.deadband) && s.deadband > 0) {
    const span =
      has(s.min) && has(s.max)
        ? s.max - s.min
        : present.length >= 2
          ? present[present.length - 1][1] - present[0][1]
          : null
    if (span === null)
      return ['deadband', 'a deadband needs min and max (or two limits) to be measured against']
    if (!(s.deadband < span)) return ['deadband', `deadband must be smaller than ${span} (the scale)`]
  }
  return null
}

/** A UI edit: each field a new value, or `null` to return to the configured one. */
export const sensorSettingsEditSchema = z.strictObject(
  Object.fromEntries(Object.entries(sensorSettingsShape).map(([k, v]) => [k, v.nullable().optional()])) as {
    [K in SensorSettingField]: z.ZodOptional<z.ZodNullable<(typeof sensorSettingsShape)[K]>>
  }
)
export type SensorSettingsEdit = z.infer<typeof sensorSettingsEditSchema>

/** A saved override (`sensors.json`): the fields the user set, each a value (no nulls). */
export const sensorSettingsOverrideSchema = z.strictObject(
  Object.fromEntries(Object.entries(sensorSettingsShape).map(([k, v]) => [k, v.optional()])) as {
    [K in SensorSettingField]: z.ZodOptional<(typeof sensorSettingsShape)[K]>
  }
)
