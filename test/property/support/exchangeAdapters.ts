import fc from 'fast-check'
import { expect } from 'vitest'
import { EXCHANGE_URLS, type MarketConfig } from '@shared/config'
import type { AdapterLink, MarketAdapter } from '../../../src/main/engine/market/marketAdapter'
import type { SourceSink } from '../../../src/main/engine/sourceSink'
import { CollectingSink } from '../../harness/collectingSink'
import { recordingAdapterLink } from '../../harness/recordingAdapterLink'
import { arbitraryText, expectWellFormedTick } from './hostile'

/** The receive time every exchange property passes; ticks must carry it unchanged. */
export const RECEIVED_AT = 1_700_000_000_123

type ExchangeName = keyof typeof EXCHANGE_URLS

/** A complete, schema-shaped exchange entry watching `symbols`, with quick reconnects. */
export function exchangeConfig<A extends ExchangeName>(
  adapter: A,
  id: string,
  symbols: string[]
): Extract<MarketConfig, { adapter: A }> {
  return {
    id,
    adapter,
    url: EXCHANGE_URLS[adapter],
    symbols,
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    maxMessageBytes: 1024 * 1024
  } as Extract<MarketConfig, { adapter: A }>
}

export interface OpenedAdapter<T extends MarketAdapter> {
  sink: CollectingSink
  adapter: T
  link: AdapterLink
}

/** A fresh adapter on an open connection that has sent its subscribe for `symbols`. */
export function openAdapter<T extends MarketAdapter>(
  create: (sink: SourceSink) => T,
  symbols: readonly string[]
): OpenedAdapter<T> {
  const sink = new CollectingSink()
  const adapter = create(sink)
  const link = recordingAdapterLink(sink)
  adapter.opened(link, symbols)
  return { sink, adapter, link }
}

/** Property: no text makes the adapter throw, and whatever ticks come out are well formed. */
export function assertNeverThrowsOnText(
  open: () => OpenedAdapter<MarketAdapter>,
  sourceId: string,
  maxTicksPerMessage: number | null
): void {
  fc.assert(
    fc.property(arbitraryText, (text) => {
      const { sink, adapter, link } = open()
      adapter.message(text, RECEIVED_AT, link)
      if (maxTicksPerMessage !== null) expect(sink.ticks.length).toBeLessThanOrEqual(maxTicksPerMessage)
      for (const tick of sink.ticks) expectWellFormedTick(tick, sourceId, RECEIVED_AT)
      adapter.closed()
    }),
    { numRuns: 300 }
  )
}

/**
 * Property: any interleaving of `message`s on one connection, then the once-a-second beat, is
 * survived; ticks stay well formed (at most `maxTicksPerMessage` each) and statuses name strings.
 */
export function assertSurvivesInterleaving(
  open: () => OpenedAdapter<MarketAdapter>,
  sourceId: string,
  message: fc.Arbitrary<string>,
  maxTicksPerMessage: number | null
): void {
  fc.assert(
    fc.property(fc.array(message, { maxLength: 30 }), (texts) => {
      const { sink, adapter, link } = open()
      for (const text of texts) adapter.message(text, RECEIVED_AT, link)
      adapter.everySecond?.(link, Date.now() + 60_000)
      if (maxTicksPerMessage !== null)
        expect(sink.ticks.length).toBeLessThanOrEqual(texts.length * maxTicksPerMessage)
      for (const tick of sink.ticks) expectWellFormedTick(tick, sourceId, RECEIVED_AT)
      for (const status of sink.symbolStatuses) expect(typeof status.symbol).toBe('string')
      adapter.closed()
    }),
    { numRuns: 200 }
  )
}
