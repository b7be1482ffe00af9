import { MAX_SENSOR_KEY_LENGTH } from '@shared/limits'
import { sensorSettingsOverrideSchema } from '@shared/sensorSettings'
import type { SensorOverride } from '../engine/sensorCatalog'
import { JsonStateFile, parseStateFile, type StateFileContent, type StateStoreOptions } from './jsonStateFile'

/** The file's name inside the state directory. */
export const SENSOR_SETTINGS_FILE = 'sensors.json'

export type SensorSettingsStoreOptions = StateStoreOptions

/**
 * The sensor edits a user made from the UI, kept across restarts: one JSON file, written
 * atomically (temp file in the same directory, then rename) and debounced. A file that cannot be
 * read or fails validation is reported and ignored: the configuration's settings apply.
 */
export class SensorSettingsStore {
  private readonly overrides = new Map<string, SensorOverride>()
  private readonly state: JsonStateFile<SensorOverride>

  constructor(options: SensorSettingsStoreOptions) {
    this.state = new JsonStateFile({
      ...options,
      fileName: SENSOR_SETTINGS_FILE,
      what: 'sensor settings',
      section: 'sensors',
      parseEntry: parseOverride,
      currentSection: () => Object.fromEntries(this.overrides)
    })
  }

  get file(): string {
    return this.state.file
  }

  /** Reads the file; the saved overrides by sensor key (empty when there is none or it is corrupt). */
  load(): Map<string, SensorOverride> {
    const parsed = this.state.load()
    if (parsed === null) return new Map()
    this.overrides.clear()
    for (const [key, override] of parsed) this.overrides.set(key, override)
    return new Map([...parsed].map(([key, override]) => [key, { ...override }]))
  }

  /** Records a sensor's override (`null`: back to the configuration); written after the debounce. */
  set(key: string, override: SensorOverride | null): void {
    if (override === null) this.overrides.delete(key)
    else this.overrides.set(key, { ...override })
    this.state.forget(key)
    this.state.changed()
  }

  /** Writes pending changes now (on shutdown). */
  flush(): void {
    this.state.flush()
  }

  /** Flushes and stops the debounce timer. */
  close(): void {
    this.state.close()
  }
}

/** Validates the file's text: the overrides by sensor key and the refused entries, or why it is unusable. */
export function parseSensorSettingsFile(text: string): StateFileContent<SensorOverride> | string {
  return parseStateFile(text, 'sensors', parseOverride)
}

/** One saved override: only the fields set; an empty one is nothing to keep. */
function parseOverride(key: string, value: unknown): SensorOverride | string | null {
  if (key.length < 3 || key.length > MAX_SENSOR_KEY_LENGTH || key.indexOf('/') <= 0)
    return `invalid sensor key ${JSON.stringify(key)}`
  const parsed = sensorSettingsOverrideSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const at = issue.path.length > 0 ? `.${issue.path.join('.')}` : ''
    return `sensors[${JSON.stringify(key)}]${at}: ${issue.message}`
  }
  const override = Object.fromEntries(
    Object.entries(parsed.data).filter(([, v]) => v !== undefined)
  ) as SensorOverride
  return Object.keys(override).length > 0 ? override : null
}
