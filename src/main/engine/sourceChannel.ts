import type { Reading, SourceKind, SourceState, SourceStats, Tick } from '@shared/model'
import { LatencyWindow } from './latencyWindow'
import type { SensorCatalog } from './sensorCatalog'
import type { SourceSink, SymbolStatus } from './sourceSink'

/** What a channel needs from the engine: the tables and the change fan-out. */
export interface ChannelHost {
  applyTick(tick: Tick, staleAfterMs: number): boolean
  applyReading(reading: Reading, catalog: SensorCatalog): void
  sourceStateChanged(): void
}

/** Feed latency beyond this (either way) is not recorded as latency. */
export const PLAUSIBLE_FEED_LATENCY_MS = 60 * 60 * 1000

/**
 * Most keys one source may create. A feed with `symbols: []` or a broker with wide wildcards can
 * otherwise grow memory and the screen without bound; past this, new keys are refused and counted.
 */
export const MAX_KEYS_PER_SOURCE = 2_000

/**
 * The engine's sink for one source: counters, feed latency and connection state, forwarding
 * values to the engine's tables. One per source, so counting is field increments.
 */
export class SourceChannel implements SourceSink {
  private messages = 0
  private malformedCount = 0
  private reconnects = 0
  private gaps = 0
  private clockAhead = 0
  /** Event times more than an hour from our receive time (counted, not recorded as latency). */
  private implausibleTimes = 0
  private ratePerSec = 0
  private rateBase = 0
  private rateAt: number
  private lastError: string | null = null
  private lastMalformed: string | null = null
  private connectedSince: number | null = null
  private currentState: SourceState = 'connecting'
  private lastGap: string | null = null
  /** The exchange's latest verdict per watched symbol. */
  readonly symbolStatuses = new Map<string, { status: SymbolStatus; detail: string | null }>()
  /** Symbols or sensor ids this source has created, for the key limit. */
  private readonly keys = new Set<string>()
  private readonly feedLatency = new LatencyWindow()
  /** Feed latency is one sample per wire message, however many values it carries. */
  private feedSampled = false

  constructor(
    readonly id: string,
    private readonly kind: SourceKind,
    private readonly url: string,
    private readonly insecure: boolean,
    private readonly staleAfterMs: number,
    /** Sensor presentation; `null` for market sources, which carry no readings. */
    private readonly catalog: SensorCatalog | null,
    private readonly host: ChannelHost,
    now: number
  ) {
    this.rateAt = now
  }

  message(): void {
    this.messages++
    this.feedSampled = false
  }

  tick(tick: Tick): void {
    if (!this.admit(tick.symbol, 'symbols', 'list the symbols to watch in "symbols"')) return
    if (tick.time !== null) this.recordFeed(tick.receivedAt - tick.time, tick.receivedAt)
    if (this.host.applyTick(tick, this.staleAfterMs)) this.gaps++
  }

  reading(reading: Reading): void {
    if (this.catalog === null) {
      this.malformed(`${reading.sensorId}: a market source cannot carry sensor readings`)
      return
    }
    if (!this.admit(reading.sensorId, 'sensors', 'narrow the subscriptions')) return
    // A retained message is old by design; its age is not feed latency.
    if (reading.time !== null && !reading.retained)
      this.recordFeed(reading.receivedAt - reading.time, reading.receivedAt)
    this.host.applyReading(reading, this.catalog)
  }

  malformed(reason: string): void {
    this.malformedCount++
    this.lastMalformed = reason
  }

  gap(symbol: string, detail: string): void {
    this.gaps++
    this.lastGap = `${symbol}: ${detail}`
  }

  symbolStatus(symbol: string, status: SymbolStatus, detail?: string): void {
    this.symbolStatuses.set(symbol, { status, detail: detail ?? null })
    if (status === 'rejected') this.lastError = `${symbol}: ${detail ?? 'rejected by the exchange'}`
    this.host.sourceStateChanged()
  }

  /** The last gap an adapter reported, for the status tooltip. */
  get lastGapDetail(): string | null {
    return this.lastGap
  }

  state(state: SourceState, error?: string): void {
    if (error !== undefined) this.lastError = error
    if (state === 'reconnecting') this.reconnects++
    if (state === 'open' && this.currentState !== 'open') this.connectedSince = Date.now()
    if (state !== 'open') this.connectedSince = null
    this.currentState = state
    this.host.sourceStateChanged()
  }

  /** Called once per stats interval: messages since the previous call, per second. */
  updateRate(now: number): void {
    const elapsed = now - this.rateAt
    if (elapsed <= 0) return
    this.ratePerSec = Math.round(((this.messages - this.rateBase) * 1000 * 10) / elapsed) / 10
    this.rateBase = this.messages
    this.rateAt = now
  }

  stats(now: number): SourceStats {
    return {
      id: this.id,
      kind: this.kind,
      url: this.url,
      state: this.currentState,
      messages: this.messages,
      malformed: this.malformedCount,
      reconnects: this.reconnects,
      gaps: this.gaps,
      ratePerSec: this.ratePerSec,
      lastError: this.lastError,
      lastMalformed: this.lastMalformed,
      connectedSince: this.connectedSince,
      insecure: this.insecure,
      latencyMs: { feed: this.feedLatency.summary(now) },
      clockAhead: this.clockAhead,
      implausibleTimes: this.implausibleTimes
    }
  }

  dispose(): void {
    this.feedLatency.destroy()
  }

  private admit(id: string, what: string, advice: string): boolean {
    if (this.keys.has(id)) return true
    if (this.keys.size >= MAX_KEYS_PER_SOURCE) {
      this.malformed(`${id}: refused, this source already has ${MAX_KEYS_PER_SOURCE} ${what} (${advice})`)
      return false
    }
    this.keys.add(id)
    return true
  }

  private recordFeed(latencyMs: number, now: number): void {
    if (this.feedSampled) return
    this.feedSampled = true
    // An event time hours away is a replay, a stale cache or a broken clock, not latency: kept
    // out of the histogram so one such message cannot own the percentiles for a minute.
    if (Math.abs(latencyMs) > PLAUSIBLE_FEED_LATENCY_MS) {
      this.implausibleTimes++
      return
    }
    if (latencyMs < 0) this.clockAhead++
    this.feedLatency.record(latencyMs, now)
  }
}
