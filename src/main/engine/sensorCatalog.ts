import type { TelemetryConfig } from '@shared/config'
import type { SensorInfo } from '@shared/model'

/** Presentation for each sensor of one telemetry source: configured entries, else discovery defaults. */
export class SensorCatalog {
  private readonly configured = new Map<string, SensorInfo>()

  constructor(private readonly config: TelemetryConfig) {
    for (const s of config.sensors) {
      this.configured.set(s.id, {
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

  info(sensorId: string): SensorInfo {
    const known = this.configured.get(sensorId)
    if (known) return { ...known }
    return {
      label: sensorId,
      unit: '',
      decimals: null,
      min: null,
      max: null,
      lowAlarm: null,
      lowWarn: null,
      warn: null,
      alarm: null,
      deadband: 0,
      staleAfterMs: this.config.staleAfterMs,
      gauge: 'radial',
      group: null,
      edited: false,
      discovered: true
    }
  }
}
