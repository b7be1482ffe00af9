import type { TickwireConfig } from '@shared/config'
import type { SourceWatchlist } from '@shared/model'
import { stripCredentials } from '../sourceUrl'

/**
 * The configuration a recording keeps: everything a replay needs to rebuild the same adapters,
 * decoders and sensors, and none of the secrets (a recording is shared with whoever reviews an
 * incident). Handshake headers, tokens, passwords, URL credentials and URL queries go; a replay
 * never connects, so it does not miss them.
 */
export function publicConfig(
  config: TickwireConfig,
  watchlists: readonly SourceWatchlist[] = []
): TickwireConfig {
  const watched = new Map(watchlists.map((w) => [w.source, w.symbols]))
  return {
    market: config.market.map(({ headers: _headers, auth: _auth, ...market }) => ({
      ...market,
      // The watchlist in force (edited live), not the one the file started with.
      symbols: [...(watched.get(market.id) ?? market.symbols)],
      url: withoutQuery(market.url)
    })),
    telemetry: config.telemetry.map(({ password: _password, ...telemetry }) => ({
      ...telemetry,
      url: withoutQuery(telemetry.url)
    }))
  }
}

function withoutQuery(url: string): string {
  const bare = stripCredentials(url)
  try {
    const parsed = new URL(bare)
    parsed.search = ''
    return parsed.toString()
  } catch {
    return bare
  }
}
