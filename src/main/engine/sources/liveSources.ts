import type { MarketConfig, TelemetryConfig, TickwireConfig } from '@shared/config'
import type { Reading, SourceKind, SourceStats, Tick } from '@shared/model'
import { MarketSource } from '../marketSource'
import { RelaySource } from '../relay/relaySource'
import { SensorCatalog, type SensorCatalogs } from '../sensorCatalog'
import { SourceChannel, type ChannelHost } from '../sourceChannel'
import type { SourceSupervisor } from '../sourceSupervisor'
import { stripCredentials } from '../sourceUrl'
import { TelemetrySource } from '../telemetrySource'
import type { Source } from '../sourceSink'
import { NO_TAP, type WireTap } from '../recording/wireTap'
import type { PublishJournalSink } from '../publish/publishCommands'

/** Makes the source behind a channel: a live connection, or a replay of a recording. */
export type SourceFactory = (
  spec: SourceSpec,
  sink: SourceChannel,
  symbols: readonly string[],
  tap: WireTap
) => Source

/**
 * Live connections: a WebSocket feed or an MQTT broker, reporting to the tap when recorded; what
 * a broker connection sends of its own accord (a Sparkplug Rebirth request) goes to `journal`.
 */
export function liveSourceFactory(journal: PublishJournalSink | null = null): SourceFactory {
  return (spec, sink, symbols, tap) => {
    if (spec.kind === 'telemetry') return new TelemetrySource(spec.config, sink, { tap, journal })
    const config = { ...spec.config, symbols: [...symbols] }
    return config.adapter === 'tickwire'
      ? new RelaySource(config, sink, { tap })
      : new MarketSource(config, sink, { tap })
  }
}

/** One source as configured: a market feed or a telemetry broker. */
export type SourceSpec =
  { kind: 'market'; config: MarketConfig } | { kind: 'telemetry'; config: TelemetryConfig }

interface Entry {
  spec: SourceSpec
  channel: SourceChannel
  catalog: SensorCatalog | null
}

/** Where a retired channel's late calls go (a source still closing after its removal). */
const DETACHED: ChannelHost = {
  applyTick: (_tick: Tick) => false,
  applyReading: (_reading: Reading) => undefined,
  sensorDescribed: () => undefined,
  sensorsOffline: () => undefined,
  sourceStateChanged: () => undefined,
  sourceFault: () => undefined
}

/**
 * The sources the engine runs, by id in configuration order (market first): each one's settings,
 * its channel (counters, latency, state) and, for telemetry, its sensor catalog. Sources can be
 * added and removed while the engine runs; the supervisor starts and stops them.
 */
export class LiveSources {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly host: ChannelHost,
    private readonly catalogs: SensorCatalogs,
    private readonly supervisor: SourceSupervisor,
    /** A market source (re)created takes the live watchlist, not the configured symbols. */
    private readonly liveSymbols: (sourceId: string) => readonly string[] | undefined,
    private readonly factory: SourceFactory = liveSourceFactory(),
    private readonly tapFor: (sourceId: string) => WireTap = () => NO_TAP
  ) {}

  static specsOf(config: TickwireConfig): SourceSpec[] {
    return [
      ...config.market.map((m): SourceSpec => ({ kind: 'market', config: m })),
      ...config.telemetry.map((t): SourceSpec => ({ kind: 'telemetry', config: t }))
    ]
  }

  get size(): number {
    return this.entries.size
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  spec(id: string): SourceSpec | undefined {
    return this.entries.get(id)?.spec
  }

  channel(id: string): SourceChannel | undefined {
    return this.entries.get(id)?.channel
  }

  catalog(id: string): SensorCatalog | null {
    return this.entries.get(id)?.catalog ?? null
  }

  /** Every source's stats, in `channels()` order; a broker that allows publishing, or a relayed feed, says so. */
  stats(now: number): SourceStats[] {
    return this.channels().map((channel) => {
      const stats = channel.stats(now)
      const spec = this.spec(channel.id)
      if (spec?.kind === 'telemetry' && spec.config.publish === true) return { ...stats, publish: true }
      if (spec?.kind === 'market' && spec.config.adapter === 'tickwire') return { ...stats, relayed: true }
      return stats
    })
  }

  /** Market first, then telemetry, each in the order added (the status bar's order). */
  channels(): SourceChannel[] {
    const out: SourceChannel[] = []
    for (const kind of ['market', 'telemetry'] as const)
      for (const e of this.entries.values()) if (e.spec.kind === kind) out.push(e.channel)
    return out
  }

  markets(): MarketConfig[] {
    return [...this.entries.values()].flatMap((e) => (e.spec.kind === 'market' ? [e.spec.config] : []))
  }

  kindOf(id: string): SourceKind | undefined {
    return this.entries.get(id)?.spec.kind
  }

  /** The settings in force, as a configuration. */
  config(): TickwireConfig {
    return {
      market: this.markets(),
      telemetry: [...this.entries.values()].flatMap((e) =>
        e.spec.kind === 'telemetry' ? [e.spec.config] : []
      )
    }
  }

  /** Adds a source (the caller has checked its id is free); it starts at once if the engine runs. */
  add(spec: SourceSpec, now: number): void {
    const { config } = spec
    const insecure = config.tls?.rejectUnauthorized === false
    const url = stripCredentials(config.url)
    let catalog: SensorCatalog | null = null
    let channel: SourceChannel
    if (spec.kind === 'market') {
      channel = new SourceChannel(
        config.id,
        'market',
        url,
        insecure,
        config.staleAfterMs,
        null,
        this.host,
        now
      )
    } else {
      catalog = new SensorCatalog(spec.config)
      this.catalogs.add(catalog)
      channel = new SourceChannel(
        config.id,
        'telemetry',
        url,
        insecure,
        config.staleAfterMs,
        catalog,
        this.host,
        now
      )
    }
    this.entries.set(config.id, { spec, channel, catalog })
    const tap = this.tapFor(config.id)
    channel.tap = tap
    this.supervisor.add(config.id, () => {
      const symbols = spec.kind === 'market' ? (this.liveSymbols(config.id) ?? spec.config.symbols) : []
      return this.factory(spec, channel, symbols, tap)
    })
  }

  /** Stops a source and forgets it; its channel's late calls (while it closes) go nowhere. */
  async remove(id: string): Promise<SourceSpec | undefined> {
    const entry = this.entries.get(id)
    if (entry === undefined) return undefined
    this.entries.delete(id)
    entry.channel.retire(DETACHED)
    if (entry.catalog !== null) this.catalogs.remove(id)
    await this.supervisor.remove(id)
    return entry.spec
  }
}
