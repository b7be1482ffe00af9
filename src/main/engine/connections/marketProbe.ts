import type { MarketConfig } from '@shared/config'
import {
  CONNECTION_TEST_TIMEOUT_MS,
  MAX_SAMPLE_LENGTH,
  MAX_TEST_SAMPLES,
  type ConnectionTestVerdict
} from '@shared/connections/connectionTest'
import { MAX_REASON_LENGTH } from '@shared/limits'
import type { Reading, SourceState, Tick } from '@shared/model'
import { diagnosticText } from '@shared/visibleText'
import { MarketSource } from '../marketSource'
import { RelaySource } from '../relay/relaySource'
import type { SourceSink, SymbolStatus } from '../sourceSink'
import { ProbeRun, type Findings } from './probeRun'

/** After the connection opens, how long the test listens for data. */
const LISTEN_MS = 2_500
const MAX_TICKS = 20

/**
 * Tests a market feed with the settings as entered: the real `MarketSource` (same adapter,
 * headers, TLS, proxy, subscribe), or for a collector's fan-out the real `RelaySource`, against a sink that only records, for at most 10 s. Resolves,
 * never rejects.
 */
export function probeMarketFeed(
  config: MarketConfig,
  timeoutMs = CONNECTION_TEST_TIMEOUT_MS
): Promise<ConnectionTestVerdict> {
  const samples: string[] = []
  const ticks: NonNullable<ConnectionTestVerdict['ticks']> = []
  const symbols = new Map<string, { status: SymbolStatus; detail: string | null }>()
  let malformed = 0
  let lastMalformed: string | null = null
  let opened = false
  let messages = 0

  return new Promise<ConnectionTestVerdict>((resolve) => {
    const run = new ProbeRun(resolve)
    const finish = (verdict: Findings): void => run.finish(verdict)
    const findings = () => ({
      samples,
      ticks,
      symbols: [...symbols].map(([symbol, v]) => ({ symbol, ...v })),
      malformed: { count: malformed, last: lastMalformed }
    })
    const connected = (): void => {
      const rejected = [...symbols.values()].filter((v) => v.status === 'rejected').length
      const heard =
        messages === 0
          ? 'no message yet (the feed may send only on change)'
          : `${messages} message${messages === 1 ? '' : 's'}, ${ticks.length} tick${ticks.length === 1 ? '' : 's'}`
      const refused =
        rejected > 0
          ? `; ${rejected} symbol${rejected === 1 ? '' : 's'} rejected by the ${config.adapter === 'tickwire' ? 'broker' : 'exchange'}`
          : ''
      finish({ result: 'ok', message: `Connected: ${heard}${refused}.`, ...findings() })
    }
    const sink: SourceSink = {
      message: () => {
        messages++
      },
      tick: (tick: Tick) => {
        if (ticks.length >= MAX_TICKS) return
        ticks.push({
          symbol: tick.symbol,
          last: tick.last ?? null,
          bid: tick.bid ?? null,
          ask: tick.ask ?? null,
          volume: tick.volume ?? null,
          time: tick.time
        })
        if (ticks.length >= MAX_TICKS) connected()
      },
      reading: (_reading: Reading) => undefined,
      malformed: (reason, subject) => {
        malformed++
        lastMalformed = diagnosticText(
          subject === undefined ? reason : `${subject}: ${reason}`,
          MAX_REASON_LENGTH
        )
      },
      state: (state: SourceState, error?: string) => {
        if (state === 'open' && !opened) {
          opened = true
          run.after(LISTEN_MS, connected)
        } else if (state === 'closed' && error !== undefined) {
          // The source gave up for good (a refused login): that is the verdict.
          run.fail(undefined, error, findings())
        } else if (state === 'reconnecting') {
          const detail = diagnosticText(error ?? 'connection closed', MAX_REASON_LENGTH)
          if (opened)
            finish({ result: 'protocol', message: `Connected, then dropped: ${detail}`, ...findings() })
          else run.fail(undefined, detail, findings())
        }
      },
      gap: () => undefined,
      describe: () => undefined,
      offline: () => undefined,
      symbolStatus: (symbol, status, detail) => {
        if (symbols.size < 500) symbols.set(symbol, { status, detail: detail ?? null })
      },
      fault: (context, err) => {
        const detail = `${context}: ${err instanceof Error ? err.message : String(err)}`
        finish({
          result: 'protocol',
          message: `The adapter failed: ${diagnosticText(detail, MAX_REASON_LENGTH)}`
        })
      }
    }
    const onText = (text: string): void => {
      if (samples.length < MAX_TEST_SAMPLES) samples.push(text.slice(0, MAX_SAMPLE_LENGTH))
    }
    const source =
      config.adapter === 'tickwire'
        ? new RelaySource(config, sink, { onText })
        : new MarketSource(config, sink, { onText })
    run.close = () => source.stop()
    run.after(timeoutMs, () => {
      if (opened) connected()
      else run.fail('ETIMEDOUT', `no connection within ${Math.round(timeoutMs / 1000)} s`, findings())
    })
    try {
      source.start()
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err)
      finish({ result: 'protocol', message: diagnosticText(detail, MAX_REASON_LENGTH) })
    }
  })
}
