import type { SourceKind } from '@shared/model'
import { JsonStateFile, type StateStoreOptions } from '../jsonStateFile'

export const CONNECTIONS_FILE = 'connections.json'

/**
 * A user's own connection (settings without secrets, `${env:…}` kept as written), or — with no
 * `config` — the on/off switch of a demo source.
 */
export interface StoredConnection {
  enabled: boolean
  kind?: SourceKind
  config?: Record<string, unknown>
  /** Insertion order across restarts. */
  order: number
}

/**
 * `connections.json` in the state directory: the connections added from the app, restored at
 * start. Never holds a secret (those are in `secrets.json`). Written atomically at once on change.
 */
export class ConnectionStore {
  private readonly entries = new Map<string, StoredConnection>()
  private readonly state: JsonStateFile<StoredConnection>

  constructor(options: StateStoreOptions) {
    this.state = new JsonStateFile({
      ...options,
      debounceMs: 0,
      fileName: CONNECTIONS_FILE,
      what: 'connections',
      section: 'connections',
      parseEntry: parseStoredConnection,
      currentSection: () => Object.fromEntries(this.entries)
    })
  }

  get file(): string {
    return this.state.file
  }

  load(): Map<string, StoredConnection> {
    this.entries.clear()
    const loaded = [...(this.state.load() ?? [])].sort((a, b) => a[1].order - b[1].order)
    for (const [id, entry] of loaded) this.entries.set(id, entry)
    return new Map(this.entries)
  }

  get(id: string): StoredConnection | undefined {
    return this.entries.get(id)
  }

  all(): [string, StoredConnection][] {
    return [...this.entries]
  }

  set(id: string, entry: Omit<StoredConnection, 'order'>): void {
    const order = this.entries.get(id)?.order ?? this.nextOrder()
    this.entries.set(id, { ...entry, order })
    this.save(id)
  }

  delete(id: string): void {
    this.entries.delete(id)
    this.save(id)
  }

  close(): void {
    this.state.close()
  }

  private nextOrder(): number {
    let max = 0
    for (const e of this.entries.values()) max = Math.max(max, e.order)
    return max + 1
  }

  private save(id: string): void {
    this.state.forget(id)
    this.state.changed()
    this.state.flush()
  }
}

function parseStoredConnection(_id: string, raw: unknown): StoredConnection | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object'
  const { enabled, kind, config, order } = raw as Record<string, unknown>
  if (typeof enabled !== 'boolean') return '"enabled" is not true or false'
  if (!Number.isSafeInteger(order)) return '"order" is not a whole number'
  if (config === undefined && kind === undefined) return { enabled, order: order as number }
  if (kind !== 'market' && kind !== 'telemetry') return '"kind" is not "market" or "telemetry"'
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return '"config" is not an object'
  return { enabled, kind, config: config as Record<string, unknown>, order: order as number }
}
