import type { SnapshotPayload } from '@shared/model'

/** Reconnects quick enough for a suite that drops connections on purpose. */
export const FAST_RECONNECT = { initialDelayMs: 100, maxDelayMs: 500 }

/** The suite's market feed entry: a `json` feed of every symbol, `{ "s": symbol, "p": price }`. */
export function jsonFeed(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'desk',
    adapter: 'json',
    url,
    symbols: [],
    mapping: { symbol: 's', price: 'p' },
    reconnect: FAST_RECONNECT,
    ...extra
  }
}

/** A first small burst of valid ticks (WARM0…WARM4, the last one at 149) before the baseline. */
export const WARM_UP_TICKS: readonly string[] = Array.from({ length: 50 }, (_, i) =>
  JSON.stringify({ s: `WARM${i % 5}`, p: 100 + i })
)

export const tickerKeys = (s: SnapshotPayload): string[] => s.tickers.map((t) => t.key).sort()
export const readingKeys = (s: SnapshotPayload): string[] => s.readings.map((r) => r.key).sort()
