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
        min: s.min ?? null,
        max: s.max ?? null,
        warn: s.warn ?? null,
        alarm: s.alarm ?? null,
        staleAfterMs: s.staleAfterMs ?? config.staleAfterMs,
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
      min: null,
      max: null,
      warn: null,
      alarm: null,
      staleAfterMs: this.config.staleAfterMs,
      discovered: true
    }
  }
}
