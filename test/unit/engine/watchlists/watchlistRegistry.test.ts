import { describe, expect, it } from 'vitest'
import type { MarketConfig } from '@shared/config'
import { WatchlistRegistry } from '../../../../src/main/engine/watchlists/watchlistRegistry'

const desk: MarketConfig = {
  id: 'desk',
  adapter: 'json',
  url: 'ws://127.0.0.1:9000',
  symbols: ['__proto__', 'AAPL'],
  staleAfterMs: 30_000,
  reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
  maxMessageBytes: 1024 * 1024,
  mapping: { symbol: 's', price: 'p', timeUnit: 'ms' }
}

describe('WatchlistRegistry.list', () => {
  it('sends the verdict of a symbol named "__proto__" as its own key (found by a property test)', () => {
    const verdicts = new Map([['__proto__', { status: 'rejected' as const, detail: 'unknown' }]])
    const registry = new WatchlistRegistry(
      () => [desk],
      () => false,
      () => verdicts
    )
    const [list] = JSON.parse(JSON.stringify(registry.list())) as ReturnType<WatchlistRegistry['list']>
    expect(list.symbols).toEqual(['__proto__', 'AAPL'])
    expect(Object.keys(list.statuses)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(list.statuses, '__proto__')?.value).toEqual({
      status: 'rejected',
      detail: 'unknown'
    })
  })
})
