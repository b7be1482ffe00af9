import type { MarketConfig, TickwireConfig } from '@shared/config'
import type { SourceWatchlist } from '@shared/model'

/**
 * The configuration a recording keeps: what a replay needs to rebuild the same adapters,
 * decoders, sensors, limits and alerts, and nothing that can hold a secret (a recording is handed
 * to whoever reviews an incident). Gone: handshake headers, tokens and logins, the subscribe
 * message (some feeds authenticate in it), broker username, password, client id and will, TLS
 * files, and every URL down to its scheme and host (keys hide in paths and queries too). A
 * replay never connects, so it misses none of them.
 */
export function publicConfig(
  config: TickwireConfig,
  watchlists: readonly SourceWatchlist[] = []
): TickwireConfig {
  const watched = new Map(watchlists.map((w) => [w.source, w.symbols]))
  return {
    market: config.market.map((entry): MarketConfig => {
      // The watchlist in force (edited live), not the one the file started with.
      const symbols = [...(watched.get(entry.id) ?? entry.symbols)]
      if (entry.adapter === 'tickwire') {
        const { password: _p, username: _u, clientId: _c, tls: _t, ...relay } = entry
        return { ...relay, url: originOf(relay.url), symbols }
      }
      const { headers: _h, auth: _a, tls: _t, ...market } = entry
      const kept = { ...market, url: originOf(market.url) }
      if ('subscribe' in kept) delete kept.subscribe
      return { ...kept, symbols }
    }),
    telemetry: config.telemetry.map((entry) => {
      const { password: _p, username: _u, clientId: _c, will: _w, tls: _t, ...telemetry } = entry
      return { ...telemetry, url: originOf(telemetry.url) }
    }),
    ...(config.history === undefined ? {} : { history: config.history })
  }
}

/** `scheme://host:port/` — no credentials, path, query or fragment. */
function originOf(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}/`
  } catch {
    return 'ws://recorded.invalid/'
  }
}
