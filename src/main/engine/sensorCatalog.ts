import type { TelemetryConfig } from '@shared/config'
import type { SensorInfo } from '@shared/model'
import { limitProblem, type SensorSettingField, type SensorSettingsEdit } from '@shared/sensorSettings'
import { MAX_LABEL_LENGTH, MAX_SENSOR_MAGNITUDE } from '@shared/limits'
import { hasInvisible } from '@shared/visibleText'
import type { SensorDescription } from './sourceSink'
import { configuredSensorId } from '@shared/sparkplugTopic'

/** A user's saved changes to one sensor: only the fields they set (never `null`). */
export type SensorOverride = Partial<Pick<SensorInfo, SensorSettingField>>

/**
 * Presentation for each sensor of one telemetry source: configured entries, else discovery
 * defaults, each refined by the user's override when there is one.
 */
export class SensorCatalog {
  private readonly configured = new Map<string, SensorInfo>()
  private readonly overrides = new Map<string, SensorOverride>()
  /** What the source itself said of discovered sensors (a Sparkplug birth), bounded by the source's key limit. */
  private readonly described = new Map<string, SensorDescription>()

  constructor(private readonly config: TelemetryConfig) {
    for (const s of config.sensors) {
      this.configured.set(configuredSensorId(s), {
        label: s.label ?? s.id,
        unit: s.unit,
        decimals: s.decimals ?? null,
        min: s.min ?? null,
        max: s.max ?? null,
        lowAlarm: s.lowAlarm ?? null,
        lowWarn: s.lowWarn ?? null,
        warn: s.warn ?? null,
        alarm: s.alarm ?? null,
        deadband: s.deadband ?? 0,
        staleAfterMs: s.staleAfterMs ?? config.staleAfterMs,
        gauge: s.gauge ?? 'radial',
        group: s.group ?? null,
        edited: false,
        discovered: false
      })
    }
  }

  get sourceId(): string {
    return this.config.id
  }

  /** True for a sensor the configuration names (it may not have reported yet). */
  isConfigured(sensorId: string): boolean {
    return this.configured.has(sensorId)
  }

  /** The ids of the sensors the configuration names. */
  configuredIds(): string[] {
    return [...this.configured.keys()]
  }

  /**
   * What the source says a discovered sensor is (label, group, unit, range); a configured sensor
   * keeps its configuration. Cleaned here: bounded, visible text, a range only when it is one.
   */
  describe(sensorId: string, description: SensorDescription): void {
    const text = (s: string, max: number): string => (hasInvisible(s) ? '' : s.trim().slice(0, max))
    const bound = (v: number | null): number | null =>
      v !== null && Number.isFinite(v) && Math.abs(v) <= MAX_SENSOR_MAGNITUDE ? v : null
    let min = bound(description.min)
    let max = bound(description.max)
    if (min !== null && max !== null && !(min < max)) min = max = null
    this.described.set(sensorId, {
      label: text(description.label, MAX_LABEL_LENGTH),
      group: text(description.group, MAX_LABEL_LENGTH),
      unit: text(description.unit, 32),
      min,
      max,
      decimals: description.decimals === 0 ? 0 : null,
      staleAfterMs:
        description.staleAfterMs !== null &&
        description.staleAfterMs >= 1_000 &&
        description.staleAfterMs <= 86_400_000
          ? description.staleAfterMs
          : null
    })
  }

  /** The configured (or discovery-default) info, without the user's override. */
  baseInfo(sensorId: string): SensorInfo {
    const known = this.configured.get(sensorId)
    if (known) return { ...known }
    const said = this.described.get(sensorId)
    return {
      label: said?.label ? said.label : sensorId,
      unit: said?.unit ?? '',
      decimals: said?.decimals ?? null,
      min: said?.min ?? null,
      max: said?.max ?? null,
      lowAlarm: null,
      lowWarn: null,
      warn: null,
      alarm: null,
      deadband: 0,
      staleAfterMs: said?.staleAfterMs ?? this.config.staleAfterMs,
      gauge: 'radial',
      group: said?.group ? said.group : null,
      edited: false,
      discovered: true
    }
  }

  info(sensorId: string): SensorInfo {
    const override = this.overrides.get(sensorId)
    const base = this.baseInfo(sensorId)
    return override === undefined ? base : { ...base, ...override, edited: true }
  }

  override(sensorId: string): SensorOverride | undefined {
    const o = this.overrides.get(sensorId)
    return o === undefined ? undefined : { ...o }
  }

  /** Sets (or, with an empty override or `null`, removes) the user's changes to a sensor. */
  setOverride(sensorId: string, override: SensorOverride | null): void {
    if (override === null || Object.keys(override).length === 0) this.overrides.delete(sensorId)
    else this.overrides.set(sensorId, { ...override })
  }
}

/**
 * Applies a UI edit to a sensor's current override: a value sets the field, `null` returns it to
 * the configured value, an absent field stays as it was. Returns the new override and the info it
 * gives, or why the result is refused (limits out of order); nothing is changed here.
 */
export function mergeSensorEdit(
  base: SensorInfo,
  current: SensorOverride | undefined,
  edit: SensorSettingsEdit
): { override: SensorOverride; info: SensorInfo } | string {
  const next: Record<string, unknown> = { ...current }
  for (const [field, value] of Object.entries(edit)) {
    if (value === undefined) continue
    if (value === null) delete next[field]
    else next[field] = value
  }
  const override = next as SensorOverride
  const edited = Object.keys(override).length > 0
  const info: SensorInfo = { ...base, ...override, edited }
  const problem = limitProblem(info)
  if (problem !== null) return `${problem[0]}: ${problem[1]}`
  return { override, info }
}

/** Every telemetry source's catalog, addressed by sensor key (`<source>/<sensor id>`). */
export class SensorCatalogs {
  private readonly bySource = new Map<string, SensorCatalog>()

  add(catalog: SensorCatalog): void {
    this.bySource.set(catalog.sourceId, catalog)
  }

  remove(sourceId: string): void {
    this.bySource.delete(sourceId)
  }

  /** Every configured sensor of every source, with its current info (edits included). */
  *configuredSensors(): Generator<{ source: string; sensorId: string; info: () => SensorInfo }> {
    for (const catalog of this.bySource.values()) {
      for (const sensorId of catalog.configuredIds())
        yield { source: catalog.sourceId, sensorId, info: () => catalog.info(sensorId) }
    }
  }

  /** The catalog and sensor id of a key whose source exists, else `null`. */
  locate(key: string): { catalog: SensorCatalog; sensorId: string } | null {
    const slash = key.indexOf('/')
    if (slash <= 0) return null
    const catalog = this.bySource.get(key.slice(0, slash))
    const sensorId = key.slice(slash + 1)
    if (catalog === undefined || sensorId === '') return null
    return { catalog, sensorId }
  }

  /** The label of a configured sensor (which may not have reported yet). */
  configuredLabel(key: string): string | undefined {
    return this.configuredInfo(key)?.label
  }

  /** A configured sensor's presentation, reported or not. */
  configuredInfo(key: string): SensorInfo | undefined {
    const target = this.locate(key)
    if (target === null || !target.catalog.isConfigured(target.sensorId)) return undefined
    return target.catalog.info(target.sensorId)
  }

  /**
   * Applies a UI edit to a sensor that exists (`reported`, or configured). Returns the new info
   * and override (`null`: back to the configuration), or why it was refused; a refusal changes
   * nothing.
   */
  edit(
    key: string,
    edit: SensorSettingsEdit,
    reported: boolean
  ): { info: SensorInfo; override: SensorOverride | null } | string {
    const target = this.locate(key)
    if (target === null || (!reported && !target.catalog.isConfigured(target.sensorId)))
      return `there is no sensor "${key}"`
    const { catalog, sensorId } = target
    const merged = mergeSensorEdit(catalog.baseInfo(sensorId), catalog.override(sensorId), edit)
    if (typeof merged === 'string') return `${key}: ${merged}`
    const override = Object.keys(merged.override).length === 0 ? null : merged.override
    catalog.setOverride(sensorId, override)
    return { info: catalog.info(sensorId), override }
  }

  /**
   * Saved edits, by sensor key, for sources this configuration has. An edit the configuration has
   * since made invalid (limits out of order) is skipped; returns the keys skipped that way.
   */
  applySaved(saved: ReadonlyMap<string, SensorOverride> | undefined): string[] {
    const skipped: string[] = []
    for (const [key, override] of saved ?? []) {
      const target = this.locate(key)
      if (target === null) continue
      const { catalog, sensorId } = target
      const merged = mergeSensorEdit(catalog.baseInfo(sensorId), undefined, override)
      if (typeof merged === 'string') skipped.push(key)
      else catalog.setOverride(sensorId, merged.override)
    }
    return skipped
  }
}
