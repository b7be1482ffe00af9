import type { SensorInfo } from '@shared/model'
import {
  GAUGE_STYLES,
  limitProblem,
  sensorSettingsEditSchema,
  type GaugeStyle,
  type SensorSettingField,
  type SensorSettingsEdit
} from '@shared/sensorSettings'

/**
 * The sensor editor's form: every field as the text in its input, turned into a
 * `setSensorSettings` edit only when it passes the same checks the engine applies
 * (`sensorSettingsEditSchema` and `limitProblem`), so a refused edit never leaves the view.
 */
export type SensorSettingsForm = Record<SensorSettingField, string>

export const NUMERIC_FIELDS = [
  'decimals',
  'min',
  'max',
  'lowAlarm',
  'lowWarn',
  'warn',
  'alarm',
  'deadband',
  'staleAfterMs'
] as const satisfies readonly SensorSettingField[]

const ALL_FIELDS: readonly SensorSettingField[] = ['label', 'unit', 'gauge', 'group', ...NUMERIC_FIELDS]

export function formFromInfo(info: SensorInfo): SensorSettingsForm {
  const num = (v: number | null): string => (v === null ? '' : String(v))
  return {
    label: info.label,
    unit: info.unit,
    decimals: num(info.decimals),
    min: num(info.min),
    max: num(info.max),
    lowAlarm: num(info.lowAlarm),
    lowWarn: num(info.lowWarn),
    warn: num(info.warn),
    alarm: num(info.alarm),
    deadband: num(info.deadband),
    staleAfterMs: num(info.staleAfterMs),
    gauge: info.gauge,
    group: info.group ?? ''
  }
}

export type FormResult = { edit: SensorSettingsEdit } | { field: SensorSettingField; error: string }

/**
 * The edit for what changed. A field left empty returns to its configured value (`null`); an
 * unchanged field is not sent. Refused: text that is not a number, and anything the engine
 * would refuse (ranges, ordering of limits, lengths).
 */
export function editFromForm(form: SensorSettingsForm, current: SensorInfo): FormResult {
  const before = formFromInfo(current)
  const edit: Record<string, string | number | null> = {}
  for (const field of ALL_FIELDS) {
    const text = form[field].trim()
    if (text === before[field].trim()) continue
    if (text === '') {
      edit[field] = null
      continue
    }
    if ((NUMERIC_FIELDS as readonly string[]).includes(field)) {
      const n = Number(text)
      if (!Number.isFinite(n)) return { field, error: `${field} must be a number` }
      edit[field] = n
    } else if (field === 'gauge') {
      const style = GAUGE_STYLES.find((g) => g === text)
      if (!style) return { field, error: `gauge must be one of ${GAUGE_STYLES.join(', ')}` }
      edit[field] = style satisfies GaugeStyle
    } else {
      edit[field] = text
    }
  }
  const parsed = sensorSettingsEditSchema.safeParse(edit)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = ALL_FIELDS.find((f) => f === issue?.path[0]) ?? 'label'
    return { field, error: `${field}: ${issue?.message ?? 'invalid'}` }
  }
  // Limits as they will be after the edit; a field going back to its configured value is unknown here.
  const after = (
    f: 'min' | 'max' | 'lowAlarm' | 'lowWarn' | 'warn' | 'alarm' | 'deadband'
  ): number | null | undefined => (f in parsed.data ? (parsed.data[f] ?? undefined) : current[f])
  const problem = limitProblem({
    min: after('min'),
    max: after('max'),
    lowAlarm: after('lowAlarm'),
    lowWarn: after('lowWarn'),
    warn: after('warn'),
    alarm: after('alarm'),
    deadband: after('deadband')
  })
  if (problem) return { field: problem[0], error: problem[1] }
  return { edit: parsed.data }
}

/** "Reset to configured": every editable field back to the configuration's value. */
export function resetEdit(): SensorSettingsEdit {
  return Object.fromEntries(ALL_FIELDS.map((f) => [f, null])) as SensorSettingsEdit
}
