import type { AlarmCondition, AlarmSeverity } from '@shared/alarms'
import type { SensorInfo, SensorState } from '@shared/model'

/**
 * Which of a sensor's four limits are currently crossed, as bit flags (cheap to keep per sensor
 * and to compare on the hot path).
 *
 * Each limit is its own alarm point with its own hysteresis (the usual HI / HIHI convention):
 * a high limit is entered when the value reaches it (`value >= limit`) and left only once the
 * value is back below `limit - deadband`; a low limit is entered at `value <= limit` and left
 * above `limit + deadband`. So going warn → alarm raises high-alarm while high-warn stays active
 * until the value drops below `warn - deadband`.
 */
export type LimitFlags = number

export const HIGH_WARN = 1
export const HIGH_ALARM = 2
export const LOW_WARN = 4
export const LOW_ALARM = 8
export const NO_LIMITS: LimitFlags = 0

type LimitInfo = Pick<SensorInfo, 'warn' | 'alarm' | 'lowWarn' | 'lowAlarm' | 'deadband'>

function high(wasIn: boolean, value: number, limit: number | null, deadband: number): boolean {
  if (limit === null) return false
  return wasIn ? value >= limit - deadband : value >= limit
}

function low(wasIn: boolean, value: number, limit: number | null, deadband: number): boolean {
  if (limit === null) return false
  return wasIn ? value <= limit + deadband : value <= limit
}

/**
 * The limits crossed after `value` arrives, given those crossed before: a pure function of
 * (previous flags, value, limits). On/off and text values cross nothing.
 */
export function evaluateLimits(previous: LimitFlags, value: unknown, info: LimitInfo): LimitFlags {
  if (typeof value !== 'number') return NO_LIMITS
  const db = info.deadband > 0 ? info.deadband : 0
  let flags = NO_LIMITS
  if (high((previous & HIGH_WARN) !== 0, value, info.warn, db)) flags |= HIGH_WARN
  if (high((previous & HIGH_ALARM) !== 0, value, info.alarm, db)) flags |= HIGH_ALARM
  if (low((previous & LOW_WARN) !== 0, value, info.lowWarn, db)) flags |= LOW_WARN
  if (low((previous & LOW_ALARM) !== 0, value, info.lowAlarm, db)) flags |= LOW_ALARM
  return flags
}

/** The gauge state the flags mean: the worst crossed limit wins; stale is decided elsewhere. */
export function limitState(flags: LimitFlags): SensorState {
  if ((flags & (HIGH_ALARM | LOW_ALARM)) !== 0) return 'alarm'
  if ((flags & (HIGH_WARN | LOW_WARN)) !== 0) return 'warn'
  return 'normal'
}

/** A condition currently true for one key, as the alarm engine is told it. */
export interface ActiveCondition {
  condition: AlarmCondition
  severity: AlarmSeverity
  /** The limit crossed; `null` for stale. */
  threshold: number | null
}

/** Warn before alarm: crossed together, the alarm is raised last and so listed first (newest). */
const LIMIT_CONDITIONS: readonly [number, AlarmCondition, AlarmSeverity, keyof LimitInfo][] = [
  [HIGH_WARN, 'high-warn', 'warn', 'warn'],
  [HIGH_ALARM, 'high-alarm', 'alarm', 'alarm'],
  [LOW_WARN, 'low-warn', 'warn', 'lowWarn'],
  [LOW_ALARM, 'low-alarm', 'alarm', 'lowAlarm']
]

/** The active conditions of a sensor: its crossed limits, plus stale when it is. */
export function sensorConditions(flags: LimitFlags, stale: boolean, info: LimitInfo): ActiveCondition[] {
  const out: ActiveCondition[] = []
  for (const [bit, condition, severity, field] of LIMIT_CONDITIONS) {
    if ((flags & bit) !== 0) out.push({ condition, severity, threshold: info[field] })
  }
  if (stale) out.push({ condition: 'stale', severity: 'stale', threshold: null })
  return out
}
