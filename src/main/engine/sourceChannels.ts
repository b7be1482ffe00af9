import type { TickwireConfig } from '@shared/config'
import { MarketSource } from './marketSource'
import { SensorCatalog, type SensorCatalogs } from './sensorCatalog'
import { SourceChannel, type ChannelHost } from './sourceChannel'
import type { SourceSupervisor } from './sourceSupervisor'
import { stripCredentials } from './sourceUrl'
import { TelemetrySource } from './telemetrySource'

/** One channel per configured source, market first, in configuration order; catalogs registered. */
export function createChannels(
  config: TickwireConfig,
  host: ChannelHost,
  catalogs: SensorCatalogs,
  now: number
): SourceChannel[] {
  const channels: SourceChannel[] = []
  for (const m of config.market) {
    const insecure = m.tls?.rejectUnauthorized === false
    channels.push(
      new SourceChannel(m.id, 'market', stripCredentials(m.url), insecure, m.staleAfterMs, null, host, now)
    )
  }
  for (const t of config.telemetry) {
    const insecure = t.tls?.rejectUnauthorized === false
    const catalog = new SensorCatalog(t)
    catalogs.add(catalog)
    channels.push(
      new SourceChannel(
        t.id,
        'telemetry',
        stripCredentials(t.url),
        insecure,
        t.staleAfterMs,
        catalog,
        host,
        now
      )
    )
  }
  return channels
}

/**
 * Registers a factory per source with the supervisor, each pushing into its channel. A market
 * source (re)created later takes the live watchlist, not the configured symbols.
 */
export function superviseSources(
  config: TickwireConfig,
  channels: readonly SourceChannel[],
  supervisor: SourceSupervisor,
  liveSymbols: (sourceId: string) => readonly string[] | undefined
): void {
  let i = 0
  for (const m of config.market) {
    const channel = channels[i++]
    supervisor.add(
      m.id,
      () => new MarketSource({ ...m, symbols: [...(liveSymbols(m.id) ?? m.symbols)] }, channel)
    )
  }
  for (const t of config.telemetry) {
    const channel = channels[i++]
    supervisor.add(t.id, () => new TelemetrySource(t, channel))
  }
}
