import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { sensorSettingsShape, type SensorSettingField } from '@shared/sensorSettings'
import { z } from 'zod'
import type { SensorOverride } from '../engine/sensorCatalog'

/** The file's name inside the state directory. */
export const SENSOR_SETTINGS_FILE = 'sensors.json'
const FORMAT_VERSION = 1
const DEFAULT_DEBOUNCE_MS = 500
/** Sensor keys are `<source>/<sensor id>`; the protocol's limit. */
const MAX_KEY_LENGTH = 1024

/** On disk: `{ "version": 1, "sensors": { "<source>/<sensor id>": { "warn": 80, … } } }`. */
interface SensorSettingsFile {
  version: number
  sensors: Record<string, SensorOverride>
}

const overrideSchema = z.strictObject(
  Object.fromEntries(Object.entries(sensorSettingsShape).map(([k, v]) => [k, v.optional()])) as {
    [K in SensorSettingField]: z.ZodOptional<(typeof sensorSettingsShape)[K]>
  }
)

export interface SensorSettingsStoreOptions {
  /** Directory holding `sensors.json`; created on first write. */
  stateDir: string
  /** A problem reading or writing the file (the caller prints it on stderr); never thrown. */
  report(problem: string): void
  debounceMs?: number
}

/**
 * The sensor edits a user made from the UI, kept across restarts: one JSON file, written
 * atomically (temp file in the same directory, then rename) and debounced. A file that cannot be
 * read or fails validation is reported and ignored: the configuration's settings apply.
 */
export class SensorSettingsStore {
  readonly file: string
  private readonly overrides = new Map<string, SensorOverride>()
  private readonly debounceMs: number
  private timer: NodeJS.Timeout | null = null
  private dirty = false

  constructor(private readonly options: SensorSettingsStoreOptions) {
    this.file = join(options.stateDir, SENSOR_SETTINGS_FILE)
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS
  }

  /** Reads the file; the saved overrides by sensor key (empty when there is none or it is corrupt). */
  load(): Map<string, SensorOverride> {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'ENOENT')
        this.options.report(`cannot read saved sensor settings ${this.file} (${code ?? String(err)})`)
      return new Map()
    }
    const parsed = parseSensorSettingsFile(text)
    if (typeof parsed === 'string') {
      this.options.report(`ignoring saved sensor settings ${this.file}: ${parsed}`)
      return new Map()
    }
    this.overrides.clear()
    for (const [key, override] of parsed) this.overrides.set(key, override)
    return new Map([...parsed].map(([key, override]) => [key, { ...override }]))
  }

  /** Records a sensor's override (`null`: back to the configuration); written after the debounce. */
  set(key: string, override: SensorOverride | null): void {
    if (override === null) this.overrides.delete(key)
    else this.overrides.set(key, { ...override })
    this.dirty = true
    if (this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, this.debounceMs)
  }

  /** Writes pending changes now (on shutdown). Safe to call when nothing is pending. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (!this.dirty) return
    this.dirty = false
    const content: SensorSettingsFile = {
      version: FORMAT_VERSION,
      sensors: Object.fromEntries(this.overrides)
    }
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
      renameSync(temp, this.file)
    } catch (err) {
      removeQuietly(temp)
      this.options.report(`cannot save sensor settings to ${this.file}: ${(err as Error).message}`)
    }
  }

  /** Flushes and stops the debounce timer. */
  close(): void {
    this.flush()
  }
}

/** Validates the file's text: the overrides by sensor key, or why it is refused. */
export function parseSensorSettingsFile(text: string): Map<string, SensorOverride> | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return 'not valid JSON'
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object'
  const file = raw as Record<string, unknown>
  if (file.version !== FORMAT_VERSION) return `unknown version ${JSON.stringify(file.version)}`
  const sensors = file.sensors
  if (typeof sensors !== 'object' || sensors === null || Array.isArray(sensors))
    return '"sensors" is not an object'
  const out = new Map<string, SensorOverride>()
  for (const [key, value] of Object.entries(sensors as Record<string, unknown>)) {
    if (key.length < 3 || key.length > MAX_KEY_LENGTH || key.indexOf('/') <= 0)
      return `invalid sensor key ${JSON.stringify(key)}`
    const parsed = overrideSchema.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return `sensors[${JSON.stringify(key)}].${issue.path.join('.')}: ${issue.message}`
    }
    const override = Object.fromEntries(
      Object.entries(parsed.data).filter(([, v]) => v !== undefined)
    ) as SensorOverride
    if (Object.keys(override).length > 0) out.set(key, override)
  }
  return out
}

/** Best effort: the temp file may not exist, or its directory may be unusable. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true })
  } catch {
    // Nothing was written there, or nothing can be: either way there is nothing to clean.
  }
}
