import { toDisposable, type Disposable } from '@shared/disposable'
import type { SensorSettingsEdit } from '@shared/sensorSettings'
import type { SensorSettingsListener } from './alarms/engineAlarms'
import { wallNow } from './clock'
import type { SensorCatalogs, SensorOverride } from './sensorCatalog'
import type { SensorTable } from './sensorTable'

/** What an edit touches in the engine. */
export interface SensorEditHost {
  readonly catalogs: SensorCatalogs
  readonly sensors: SensorTable
  /** The sensor's presentation or limits changed: alarms re-evaluate it and views are told. */
  sensorChanged(key: string): void
}

/**
 * Users' sensor edits (`setSensorSettings`): validated against the catalog, applied to the live
 * sensor, kept as overrides (saved by the runtime through `onChange`) so a restart or a source's
 * new settings keep them.
 */
export class SensorEdits implements Disposable {
  /** Every sensor's saved override by key: restored at start, then as edited. */
  readonly overrides: Map<string, SensorOverride>
  private readonly listeners = new Set<SensorSettingsListener>()

  constructor(
    saved: ReadonlyMap<string, SensorOverride> | undefined,
    private readonly host: SensorEditHost
  ) {
    this.overrides = new Map(saved)
  }

  /** Applies an edit; returns why it was refused (nothing changes then), or `null`. */
  edit(key: string, edit: SensorSettingsEdit): string | null {
    const { catalogs, sensors } = this.host
    const result = catalogs.edit(key, edit, sensors.get(key) !== undefined)
    if (typeof result === 'string') return result
    const { info, override } = result
    if (sensors.updateInfo(key, info, wallNow())) this.host.sensorChanged(key)
    if (override === null) this.overrides.delete(key)
    else this.overrides.set(key, override)
    for (const listener of [...this.listeners]) listener(key, override)
    return null
  }

  /** Called with a sensor's new override (or `null`: back to configured) after each edit. */
  onChange(listener: SensorSettingsListener): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  dispose(): void {
    this.listeners.clear()
  }
}
