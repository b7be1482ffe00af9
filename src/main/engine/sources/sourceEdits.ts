import { MAX_SOURCES } from '@shared/limits'
import type { EngineAlarms } from '../alarms/engineAlarms'
import type { SensorCatalogs, SensorOverride } from '../sensorCatalog'
import type { SensorTable } from '../sensorTable'
import type { TickerTable } from '../tickerTable'
import type { WatchlistRegistry } from '../watchlists/watchlistRegistry'
import type { LiveSources, SourceSpec } from './liveSources'

/** The parts of the engine a change of sources touches. */
export interface SourceEditHost {
  readonly sources: LiveSources
  readonly tickers: TickerTable
  readonly sensors: SensorTable
  readonly catalogs: SensorCatalogs
  readonly watchlists: WatchlistRegistry
  readonly alarms: EngineAlarms
  /** The user's sensor edits in force, by key (a re-added source gets its own back). */
  readonly sensorOverrides: ReadonlyMap<string, SensorOverride>
  now(): number
  stopping(): boolean
  /** Readings whose presentation changed go out in the next frame. */
  readingChanged(key: string): void
  /** Every view gets a fresh hello (keys may have gone), stats and watchlists. */
  sourcesChanged(): void
}

/**
 * Adds, replaces and removes one source while the engine runs; the others keep their
 * connections, counters and alarms. Edits run one at a time, in the order asked. Each resolves
 * to why it was refused (nothing changed), or `null` when done.
 */
export class SourceEdits {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly host: SourceEditHost) {}

  add(spec: SourceSpec): Promise<string | null> {
    return this.serialize(async () => {
      const { sources } = this.host
      const id = spec.config.id
      if (sources.has(id)) return `there is already a source "${id}"`
      if (sources.size >= MAX_SOURCES) return `at most ${MAX_SOURCES} sources`
      this.start(spec)
      return null
    })
  }

  /**
   * New settings for a running source: its connection is remade with them. Its values and open
   * alarms stay (the same feed, reconnected); a sensor's presentation follows the new settings.
   */
  replace(spec: SourceSpec): Promise<string | null> {
    return this.serialize(async () => {
      const id = spec.config.id
      const old = this.host.sources.spec(id)
      if (old === undefined) return `there is no source "${id}"`
      if (old.kind !== spec.kind) {
        await this.stop(id, `source "${id}" became a ${spec.kind} source`)
      } else {
        await this.host.sources.remove(id)
      }
      this.start(spec)
      if (spec.kind === 'telemetry') this.closeUnwatched(id)
      else this.closeUnalerted(id, spec.config.alerts ?? [])
      return null
    })
  }

  /** Removes a source: its values leave every view, its open alarms close with `reason`. */
  remove(id: string, reason: string): Promise<string | null> {
    return this.serialize(async () => {
      if (!this.host.sources.has(id)) return `there is no source "${id}"`
      await this.stop(id, reason)
      this.host.sourcesChanged()
      return null
    })
  }

  private start(spec: SourceSpec): void {
    const { host } = this
    const id = spec.config.id
    // The watchlist first: the source subscribes to what it holds as soon as it starts.
    if (spec.kind === 'market') host.watchlists.track(spec.config)
    host.sources.add(spec, host.now())
    if (spec.kind === 'telemetry') {
      const catalog = host.sources.catalog(id)
      if (catalog !== null) {
        const own = new Map([...host.sensorOverrides].filter(([key]) => key.startsWith(`${id}/`)))
        host.catalogs.applySaved(own)
        for (const key of host.sensors.refreshSource(id, (sensorId) => catalog.info(sensorId), host.now()))
          host.readingChanged(key)
        host.sensors.expectAll(
          catalog
            .configuredIds()
            .map((sensorId) => ({ source: id, sensorId, info: () => catalog.info(sensorId) })),
          host.now()
        )
      }
    }
    host.alarms.setMarkets(host.sources.markets())
    host.sourcesChanged()
  }

  /**
   * Alarms are raised only for sensors someone watches (configured, or edited by the user): after
   * new settings, those of sensors no longer watched could never clear, so they close, saying why.
   */
  private closeUnwatched(id: string): void {
    const catalog = this.host.sources.catalog(id)
    if (catalog === null) return
    const prefix = `${id}/`
    this.host.alarms.alarms.closeKeys(
      (key) =>
        key.startsWith(prefix) &&
        !catalog.isConfigured(key.slice(prefix.length)) &&
        !this.host.sensorOverrides.has(key),
      "sensor no longer in the connection's settings"
    )
  }

  /** A ticker whose price alerts the new settings dropped: its alarms could never clear now. */
  private closeUnalerted(id: string, alerts: readonly { symbol: string }[]): void {
    const alerted = new Set(alerts.map((a) => `${id}/${a.symbol}`))
    this.host.alarms.alarms.closeKeys(
      (key) => key.startsWith(`${id}/`) && !alerted.has(key),
      "price alert removed from the connection's settings"
    )
  }

  private async stop(id: string, reason: string): Promise<void> {
    const { host } = this
    await host.sources.remove(id)
    host.tickers.removeSource(id)
    host.sensors.removeSource(id)
    host.watchlists.untrack(id)
    host.alarms.setMarkets(host.sources.markets())
    host.alarms.alarms.closeSource(id, reason)
  }

  private serialize(edit: () => Promise<string | null>): Promise<string | null> {
    const run = this.queue.then(() => (this.host.stopping() ? 'the engine is stopping' : edit()))
    this.queue = run.catch(() => undefined)
    return run
  }
}
