import {
  MAX_KEY_PATH_LENGTH,
  MAX_REASON_LENGTH,
  MAX_SENSORS_PER_SOURCE,
  MAX_SYMBOLS_PER_SOURCE,
  MAX_TICKERS_PER_SOURCE,
  MAX_TOPIC_LENGTH
} from '@shared/limits'
import type { Reading, SourceKind, SourceState, SourceStats, Tick } from '@shared/model'
import { symbolProblem } from '@shared/symbolRule'
import { diagnosticText, hasInvisible } from '@shared/visibleText'
import { LatencyWindow } from './latencyWindow'
import { wallNow } from './clock'
import { NO_TAP, type WireTap } from './recording/wireTap'
import type { SensorCatalog } from './sensorCatalog'
import type { SensorDescription, SourceSink, SymbolStatus } from './sourceSink'

/** What a channel needs from the engine: the tables and the change fan-out. */
export interface ChannelHost {
  applyTick(tick: Tick, staleAfterMs: number): boolean
  applyReading(reading: Reading, catalog: SensorCatalog): void
  /** A sensor's description changed in `catalog`: its reading takes the new presentation. */
  sensorDescribed(sourceId: string, sensorId: string, catalog: SensorCatalog): void
  /** The source said these sensors are offline. */
  sensorsOffline(sourceId: string, sensorIds: readonly string[], reason: string): void
  sourceStateChanged(): void
  /** The source threw: log and restart it. */
  sourceFault(sourceId: string, context: string, err: unknown): void
}

/** Feed latency beyond this (either way) is not recorded as latency. */
export const PLAUSIBLE_FEED_LATENCY_MS = 60 * 60 * 1000

const SENSOR_ADVICE = 'narrow the subscriptions'
/** A refused key longer than this is shown cut when refused, not kept whole until read. */
const MAX_KEPT_SUBJECT = MAX_TOPIC_LENGTH + 1 + MAX_KEY_PATH_LENGTH

/** Exchange verdicts kept per source: twice a full watchlist, so every watched symbol has its own. */
const MAX_SYMBOL_VERDICTS = MAX_SYMBOLS_PER_SOURCE * 2

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
  /** The last refusal as reported; made readable (`lastMalformedText`) only when read. */
  private lastMalformed: { reason: string; subject: string | undefined; text: string | null } | null = null
  private connectedSince: number | null = null
  private currentState: SourceState = 'connecting'
  private lastGap: string | null = null
  /** The exchange's latest verdict per watched symbol. */
  readonly symbolStatuses = new Map<string, { status: SymbolStatus; detail: string | null }>()
  /** Symbols or sensor ids this source has created, for the key limit. */
  private readonly keys = new Set<string>()
  private readonly feedLatency = new LatencyWindow()
  /** A relayed feed's hops (made on its first relayed tick): exchange → collector, collector → here. */
  private hops: { upstream: LatencyWindow; relay: LatencyWindow } | null = null
  /** Feed latency is one sample per wire message, however many values it carries. */
  private feedSampled = false
  /** A recording: connection changes are part of what it replays. */
  tap: WireTap = NO_TAP
  /**
   * A replay: values arrive long after their event times, so receive − event time is not feed
   * latency and is not recorded (the panel shows "—" rather than a number that means nothing).
   */
  replayed = false

  constructor(
    readonly id: string,
    private readonly kind: SourceKind,
    private readonly url: string,
    private readonly insecure: boolean,
    private readonly staleAfterMs: number,
    /** Sensor presentation; `null` for market sources, which carry no readings. */
    private readonly catalog: SensorCatalog | null,
    private host: ChannelHost,
    now: number
  ) {
    this.rateAt = now
  }

  message(): void {
    this.messages++
    this.feedSampled = false
  }

  tick(tick: Tick): void {
    if (
      !this.keys.has(tick.symbol) &&
      !this.admitNew(
        tick.symbol,
        symbolProblem,
        MAX_TICKERS_PER_SOURCE,
        'symbols',
        'list the symbols to watch in "symbols"'
      )
    )
      return
    if (tick.relay !== undefined) this.recordHops(tick, tick.relay)
    else if (tick.time !== null) this.recordFeed(tick.receivedAt - tick.time, tick.receivedAt)
    try {
      if (this.host.applyTick(tick, this.staleAfterMs)) this.gaps++
    } catch (err) {
      // The engine's own failure, not the feed's: logged and the source restarted, never
      // counted as a malformed message (which would hide the bug behind bad input).
      this.host.sourceFault(this.id, 'applying a tick', err)
    }
  }

  reading(reading: Reading): void {
    if (this.catalog === null) {
      this.malformed(`${reading.sensorId}: a market source cannot carry sensor readings`)
      return
    }
    if (
      !this.keys.has(reading.sensorId) &&
      !this.admitNew(reading.sensorId, sensorIdProblem, MAX_SENSORS_PER_SOURCE, 'sensors', SENSOR_ADVICE)
    )
      return
    // A retained message is old by design; its age is not feed latency.
    if (reading.time !== null && !reading.retained)
      this.recordFeed(reading.receivedAt - reading.time, reading.receivedAt)
    try {
      this.host.applyReading(reading, this.catalog)
    } catch (err) {
      this.host.sourceFault(this.id, 'applying a reading', err)
    }
  }

  describe(sensorId: string, description: SensorDescription): void {
    if (this.catalog === null) return
    if (
      !this.keys.has(sensorId) &&
      !this.admitNew(sensorId, sensorIdProblem, MAX_SENSORS_PER_SOURCE, 'sensors', SENSOR_ADVICE)
    )
      return
    this.catalog.describe(sensorId, description)
    try {
      this.host.sensorDescribed(this.id, sensorId, this.catalog)
    } catch (err) {
      this.host.sourceFault(this.id, 'describing a sensor', err)
    }
  }

  offline(sensorIds: readonly string[], reason: string): void {
    const known = sensorIds.filter((id) => this.keys.has(id))
    if (known.length === 0) return
    try {
      this.host.sensorsOffline(this.id, known, diagnosticText(reason, MAX_REASON_LENGTH))
    } catch (err) {
      this.host.sourceFault(this.id, 'marking sensors offline', err)
    }
  }

  /**
   * Counts a refused message. The reason is kept for the status tooltip, bounded and with
   * invisible characters shown, whatever wire text it quotes; `subject` (the symbol or topic) is
   * put in front, shortened the same way.
   */
  malformed(reason: string, subject?: string): void {
    this.malformedCount++
    // Formatted when read, not here: a flood of refusals (a broker past the sensor limit) would
    // otherwise pay for escaping every one of them, to show only the last. A long subject (a
    // hostile 900 kB symbol) is cut at once, so the refusal never holds on to the message.
    this.lastMalformed = { reason, subject, text: null }
    if (subject !== undefined && subject.length > MAX_KEPT_SUBJECT) this.lastMalformedText()
  }

  private lastMalformedText(): string | null {
    const last = this.lastMalformed
    if (last === null) return null
    if (last.text === null) {
      const text =
        last.subject === undefined ? last.reason : `${diagnosticText(last.subject, 80)}: ${last.reason}`
      last.text = diagnosticText(text, MAX_REASON_LENGTH)
      last.subject = undefined
    }
    return last.text
  }

  gap(symbol: string, detail: string): void {
    this.gaps++
    this.lastGap = diagnosticText(`${diagnosticText(symbol, 80)}: ${detail}`, MAX_REASON_LENGTH)
  }

  symbolStatus(symbol: string, status: SymbolStatus, detail?: string): void {
    // The exchange's verdicts name symbols we asked for; anything else is noise, and the map
    // must not grow with whatever an exchange chooses to echo.
    if (symbolProblem(symbol) !== null) return
    // Bounded by forgetting the oldest verdict (a symbol watched long ago), never by dropping
    // the newest: a user cycling through symbols still sees the verdict on the one just added.
    this.symbolStatuses.delete(symbol)
    if (this.symbolStatuses.size >= MAX_SYMBOL_VERDICTS) {
      const oldest = this.symbolStatuses.keys().next().value
      if (oldest !== undefined) this.symbolStatuses.delete(oldest)
    }
    const shown = detail === undefined ? null : diagnosticText(detail, MAX_REASON_LENGTH)
    this.symbolStatuses.set(symbol, { status, detail: shown })
    if (status === 'rejected') this.lastError = `${symbol}: ${shown ?? 'rejected by the exchange'}`
    this.host.sourceStateChanged()
  }

  fault(context: string, err: unknown): void {
    this.host.sourceFault(this.id, context, err)
  }

  /** The last gap an adapter reported, for the status tooltip. */
  get lastGapDetail(): string | null {
    return this.lastGap
  }

  state(state: SourceState, error?: string): void {
    if (this.tap.active) this.tap.state(wallNow(), state, error)
    if (error !== undefined) this.lastError = diagnosticText(error, MAX_REASON_LENGTH)
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
      lastMalformed: this.lastMalformedText(),
      connectedSince: this.connectedSince,
      insecure: this.insecure,
      latencyMs: {
        feed: this.feedLatency.summary(now),
        ...(this.hops === null
          ? {}
          : { upstream: this.hops.upstream.summary(now), relay: this.hops.relay.summary(now) })
      },
      clockAhead: this.clockAhead,
      implausibleTimes: this.implausibleTimes
    }
  }

  /** The source was removed: what its closing connection still reports goes to `detached`. */
  retire(detached: ChannelHost): void {
    this.host = detached
  }

  /** A key this source has not created yet: checked once (bounds, characters), then counted. */
  private admitNew(
    id: string,
    problemOf: (id: string) => string | null,
    limit: number,
    what: string,
    advice: string
  ): boolean {
    const problem = problemOf(id)
    if (problem !== null) {
      this.malformed(problem, id)
      return false
    }
    if (this.keys.size >= limit) {
      this.malformed(`refused, this source already has ${limit} ${what} (${advice})`, id)
      return false
    }
    this.keys.add(id)
    return true
  }

  /**
   * A relayed tick: the feed latency is the whole way (exchange → here), split at the collector.
   * A retained (or repeated) copy is old by design and a replay's stamps mean nothing now: neither
   * is latency. The three are taken together or not at all, so the hops always add up to the
   * feed; a negative one (a clock ahead of ours) records as 0 and is counted in `clockAhead`.
   */
  private recordHops(tick: Tick, relay: NonNullable<Tick['relay']>): void {
    if (relay.retained || this.feedSampled || this.replayed) return
    this.feedSampled = true
    const now = tick.receivedAt
    const hop = now - relay.at
    const upstream = tick.time === null ? null : relay.at - tick.time
    const feed = tick.time === null ? null : now - tick.time
    // Hours away is a broken clock or a stale cache, not latency (as for the feed alone).
    if ([hop, upstream, feed].some((ms) => ms !== null && Math.abs(ms) > PLAUSIBLE_FEED_LATENCY_MS)) {
      this.implausibleTimes++
      return
    }
    if (hop < 0 || (upstream !== null && upstream < 0) || (feed !== null && feed < 0)) this.clockAhead++
    this.hops ??= { upstream: new LatencyWindow(), relay: new LatencyWindow() }
    this.hops.relay.record(hop, now)
    if (upstream === null || feed === null) return
    this.hops.upstream.record(upstream, now)
    this.feedLatency.record(feed, now)
  }

  private recordFeed(latencyMs: number, now: number): void {
    if (this.feedSampled || this.replayed) return
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

/**
 * Why a sensor id (a topic, or `topic#key.path` for a discovered JSON leaf) cannot become a key,
 * or `null`. Topics are checked on arrival too; this is the bound every reading passes.
 */
export function sensorIdProblem(sensorId: string): string | null {
  const hash = sensorId.indexOf('#')
  const topic = hash === -1 ? sensorId : sensorId.slice(0, hash)
  if (topic.length > MAX_TOPIC_LENGTH)
    return `topic longer than ${MAX_TOPIC_LENGTH} characters (${topic.length})`
  if (hash !== -1 && sensorId.length - hash - 1 > MAX_KEY_PATH_LENGTH)
    return `key path longer than ${MAX_KEY_PATH_LENGTH} characters (${sensorId.length - hash - 1})`
  if (hasInvisible(sensorId)) return 'has control, bidirectional or invisible characters'
  return null
}
