import { emptyWatchlistMeansAll } from '@shared/marketAdapters'
import type { MarketConfig } from '@shared/config'
import { toDisposable, type Disposable } from '@shared/disposable'
import type { SourceWatchlist } from '@shared/model'
import { isWatchSymbol, MAX_WATCHLIST_SYMBOLS } from '@shared/protocol'
import type { SymbolStatus } from '../sourceSink'

export type WatchlistListener = (sourceId: string, symbols: readonly string[]) => void

/** Why `symbols` cannot be the watchlist of `market`, or `null` when they can. */
export function watchlistProblem(market: MarketConfig, symbols: readonly string[]): string | null {
  if (symbols.length > MAX_WATCHLIST_SYMBOLS) return `at most ${MAX_WATCHLIST_SYMBOLS} symbols`
  const bad = symbols.find((s) => !isWatchSymbol(s))
  if (bad !== undefined)
    return `invalid symbol ${JSON.stringify(bad)} (1-64 characters, no spaces or control characters)`
  if (symbols.length === 0 && !emptyWatchlistMeansAll(market.adapter))
    return `the ${market.adapter} adapter needs at least one symbol`
  return null
}

type StatusLookup = (
  sourceId: string
) => ReadonlyMap<string, { status: SymbolStatus; detail: string | null }> | undefined

/**
 * The watched symbols of every market source: the configuration's (or the saved ones), then what
 * views set. Tells listeners (persistence) of each change, and knows what views were last sent.
 */
export class WatchlistRegistry {
  private readonly watched = new Map<string, string[]>()
  private readonly listeners = new Set<WatchlistListener>()
  private lastSent = ''

  constructor(
    /** The market sources now running (they change as connections are added and removed). */
    private readonly markets: () => readonly MarketConfig[],
    private readonly isTelemetry: (sourceId: string) => boolean,
    private readonly statuses: StatusLookup
  ) {
    for (const m of markets()) this.watched.set(m.id, [...new Set(m.symbols)])
  }

  /**
   * A market source was added or its settings replaced: it watches its configured symbols, and
   * persistence hears of it when that changed what was watched.
   */
  track(market: MarketConfig): void {
    const next = [...new Set(market.symbols)]
    const previous = this.watched.get(market.id)
    this.watched.set(market.id, next)
    if (previous !== undefined && sameList(previous, next)) return
    for (const listener of [...this.listeners]) listener(market.id, next)
  }

  /** A source was removed: its watchlist goes with it. */
  untrack(sourceId: string): void {
    this.watched.delete(sourceId)
  }

  symbolsOf(sourceId: string): readonly string[] | undefined {
    return this.watched.get(sourceId)
  }

  /** Every market source's watchlist with the exchange's verdict per watched symbol. */
  list(): SourceWatchlist[] {
    return this.markets().map((m) => {
      const symbols = [...(this.watched.get(m.id) ?? [])]
      const known = this.statuses(m.id)
      const statuses: SourceWatchlist['statuses'] = {}
      for (const symbol of symbols) {
        const verdict = known?.get(symbol)
        // Defined, not assigned: a symbol may be "__proto__", which assignment would not make a key.
        if (verdict !== undefined)
          Object.defineProperty(statuses, symbol, {
            value: { status: verdict.status, detail: verdict.detail },
            enumerable: true,
            writable: true,
            configurable: true
          })
      }
      return { source: m.id, adapter: m.adapter, symbols, statuses }
    })
  }

  /**
   * Replaces a market source's symbols: returns why it was refused (unknown or telemetry source,
   * invalid symbols; nothing changes), or `null` when accepted — `apply` then carries it out.
   */
  set(sourceId: string, symbols: readonly string[], apply: (next: string[]) => void): string | null {
    const market = this.markets().find((m) => m.id === sourceId)
    if (market === undefined) {
      return this.isTelemetry(sourceId)
        ? `"${sourceId}" is a telemetry source; only market feeds have a watchlist`
        : `there is no market source "${sourceId}"`
    }
    const problem = watchlistProblem(market, symbols)
    if (problem !== null) return `${sourceId}: ${problem}`
    const next = [...new Set(symbols)]
    const previous = this.watched.get(sourceId) ?? []
    if (sameList(previous, next)) return null
    this.watched.set(sourceId, next)
    apply(next)
    for (const listener of [...this.listeners]) listener(sourceId, next)
    return null
  }

  /** Called with the new full list whenever a source's watchlist changes (persistence). */
  onChange(listener: WatchlistListener): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  /** Whether a ticker belongs on screen: watched, or any symbol of a json or relayed feed watching none. */
  isWatched(source: string, symbol: string): boolean {
    const symbols = this.watched.get(source)
    if (symbols === undefined) return true
    if (symbols.length === 0)
      return emptyWatchlistMeansAll(this.markets().find((m) => m.id === source)?.adapter ?? '')
    return symbols.includes(symbol)
  }

  /** The lists to send views, or `null` when they already have exactly these. */
  unsent(): SourceWatchlist[] | null {
    const lists = this.list()
    const text = JSON.stringify(lists)
    if (text === this.lastSent) return null
    this.lastSent = text
    return lists
  }

  dispose(): void {
    this.listeners.clear()
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i])
}
