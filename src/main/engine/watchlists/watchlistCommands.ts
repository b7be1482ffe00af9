import type { Disposable } from '@shared/disposable'
import type { SourceWatchlist } from '@shared/model'
import { refuseIf, type CommandRouter } from '../commands/commandRouter'

export interface WatchlistSide {
  setWatchlist(source: string, symbols: readonly string[]): string | null
  watchlists(): SourceWatchlist[]
}

export function registerWatchlistCommands(router: CommandRouter, side: WatchlistSide): Disposable {
  return router.register('setWatchlist', ({ source, symbols }) => {
    refuseIf(side.setWatchlist(source, symbols))
    return { symbols: side.watchlists().find((w) => w.source === source)?.symbols ?? [...new Set(symbols)] }
  })
}
