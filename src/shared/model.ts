import type { AlarmRecord } from './alarms'
import type { HistoryStats } from './history'
import type { RecordingStatus, ReplayStatus } from './recording'
import type { AlarmSyncStats } from './alarmSync'
import type { RepublishStats } from './republish'
import type { GaugeStyle } from './sensorSettings'
/**
 * The normalized records and the public JSON shapes (`/api/snapshot`, `/api/stats`) shared by
 * engine, transports and view. Times are epoch milliseconds (fractional allowed); a source event
 * time is `null` when the wire carries none.
 */

export type SourceKind = 'market' | 'telemetry'
export type SourceState = 'connecting' | 'open' | 'reconnecting' | 'closed'
export type SensorState = 'normal' | 'warn' | 'alarm' | 'stale'

export const SOURCE_STATES: readonly SourceState[] = ['connecting', 'open', 'reconnecting', 'closed']
export const SENSOR_STATES: readonly SensorState[] = ['normal', 'warn', 'alarm', 'stale']

/** What a market source hands the engine for one wire update of one symbol. */
export interface Tick {
  source: string
  symbol: string
  /** Fields the message did not carry are `undefined`; the engine keeps the previous value. */
  last?: number
  bid?: number
  ask?: number
  volume?: number
  /** Reference price for change %; when absent the first price seen this session is used. */
  open?: number
  changePct?: number
  /** Wire sequence number, for gap detection, when the feed carries one. */
  sequence?: number
  /** Set when this update is a trade (its price is `last`). */
  trade?: TradeFields
  time: number | null
  receivedAt: number
  /**
   * Relayed by a collector (`"adapter": "tickwire"`): when the collector received it (its clock),
   * and whether it is an old copy — the broker's retained one, or one already seen — whose age
   * is not latency.
   */
  relay?: { at: number; retained: boolean }
}

/** Which side took liquidity: the buyer lifted the offer, or the seller hit the bid. */
export type TradeSide = 'buy' | 'sell'

export interface TradeFields {
  size: number | null
  /** The aggressor (taker) side, when the feed says. */
  side: TradeSide | null
}

/** What a sensor's value is: a number, an on/off state, or a text state. */
export type SensorValue = number | boolean | string
export type SensorValueKind = 'number' | 'boolean' | 'text'

/** What a telemetry source hands the engine for one value of one sensor. */
export interface Reading {
  source: string
  sensorId: string
  topic: string
  value: SensorValue
  time: number | null
  receivedAt: number
  /** True when the broker delivered it as a retained message (not live). */
  retained: boolean
}

/** Latest state of one ticker, as sent to views and served by `/api/snapshot`. */
export interface TickerQuote {
  key: string
  source: string
  symbol: string
  last: number | null
  bid: number | null
  ask: number | null
  volume: number | null
  changePct: number | null
  time: number | null
  receivedAt: number
  /** No update for longer than the source's `staleAfterMs`. */
  stale: boolean
}

/**
 * Presentation and limits of a sensor: its `sensors` entry, refined by the user's saved edits
 * (`setSensorSettings`), or defaults for a discovered one.
 */
export interface SensorInfo {
  label: string
  unit: string
  /** Decimals to show; `null`: chosen from the value's magnitude. */
  decimals: number | null
  min: number | null
  max: number | null
  lowAlarm: number | null
  lowWarn: number | null
  /** High warn limit. */
  warn: number | null
  /** High alarm limit. */
  alarm: number | null
  /** Hysteresis: a crossed limit clears only once the value is back by this much. */
  deadband: number
  staleAfterMs: number
  gauge: GaugeStyle
  /** Heading to group under; `null`: the topic's leading levels. */
  group: string | null
  /** True when the user changed this sensor from the UI (saved across restarts). */
  edited: boolean
  /** Discovered from a numeric leaf rather than configured. */
  discovered: boolean
}

/**
 * Who a sensor is and how it is shown. A view is sent it before the first frame that carries the
 * sensor's value and again whenever it changes (an edit, new settings); frames carry only values.
 */
export interface SensorPresentation extends SensorInfo {
  key: string
  source: string
  sensorId: string
  topic: string
}

/** A sensor's latest value and state: what a frame carries for it. */
export interface SensorUpdate {
  key: string
  value: SensorValue
  kind: SensorValueKind
  /** `warn`/`alarm` on a number that crossed a limit; `normal` for on/off and text sensors unless stale. */
  state: SensorState
  /** Why it is stale when the source said so (a Sparkplug death certificate); absent otherwise. */
  staleReason?: string
  time: number | null
  receivedAt: number
  retained: boolean
}

/** Latest state of one sensor, as served by `/api/snapshot` and carried whole by a view's hello. */
export interface SensorReading extends SensorPresentation, SensorUpdate {}

/** Percentiles in milliseconds (microsecond resolution); all `null` when `count` is 0. */
export interface LatencySummary {
  count: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
  /**
   * Counts per log-scaled bucket (`LATENCY_BUCKET_EDGES_MS`), summing to `count`; absent from
   * engines that predate the histogram.
   */
  buckets?: number[]
}

export interface SourceStats {
  id: string
  kind: SourceKind
  /** Where it connects, credentials stripped. */
  url: string
  state: SourceState
  messages: number
  malformed: number
  reconnects: number
  gaps: number
  ratePerSec: number
  /** Last connection or protocol error, human readable; `null` when none. */
  lastError: string | null
  /** Last malformed-message reason, so a user can see what was refused. */
  lastMalformed: string | null
  /** Epoch ms the current connection opened; `null` unless `open`. */
  connectedSince: number | null
  /** TLS certificate verification switched off for this connection. */
  insecure: boolean
  /** A broker connection Tickwire may publish on (its settings say `"publish": true`). */
  publish?: boolean
  /** A market feed read from a collector's fan-out over MQTT (`"adapter": "tickwire"`). */
  relayed?: boolean
  latencyMs: {
    /** Receive time minus source event time ("apparent": includes clock offset). */
    feed: LatencySummary
    /**
     * A collector's fan-out (`"adapter": "tickwire"`): exchange → collector (the collector's
     * receive time minus the event time, apparent) and collector → here (our receive time minus
     * the collector's; exact when both run on one machine). Their sum is `feed`.
     */
    upstream?: LatencySummary
    relay?: LatencySummary
  }
  /** Feed samples whose event time was ahead of our receive clock (recorded as 0). */
  clockAhead: number
  /** Messages whose event time was over an hour from receive time: counted, not recorded as latency. */
  implausibleTimes: number
}

export interface DisplayStats {
  frames: number
  superseded: number
  latencyMs: LatencySummary
}

/** `GET /api/stats`. Latency figures cover the last `windowMs`. */
export interface StatsPayload {
  uptimeMs: number
  windowMs: number
  sources: SourceStats[]
  display: DisplayStats
  /** How much history is held in memory. */
  history?: HistoryStats
  /** Whether wire messages are being recorded, where, and how much. */
  recording?: RecordingStatus
  /** Present while a recording is replayed (never with live sources). */
  replay?: ReplayStatus
  /** Present when the configuration has a `republish` section: the fan-out to a broker. */
  republish?: RepublishStats
  /** Present when the configuration has an `alarmSync` section: the shared alarm state's broker link. */
  alarmSync?: AlarmSyncStats
  /** Internal errors the engine logged (a source restarted, a view closed, a timer that threw). */
  internalErrors?: number
  /** The last of them, one bounded line. */
  lastInternalError?: string | null
}

/** `GET /api/snapshot`. */
export interface SnapshotPayload {
  tickers: TickerQuote[]
  readings: SensorReading[]
  /** Open alarms (active, or cleared but not yet acknowledged), newest first. */
  alarms: AlarmRecord[]
}

/** What an exchange said about one watched symbol. */
export type WatchSymbolStatus = 'subscribed' | 'unsubscribed' | 'rejected'

/** One market source's watched symbols, with the exchange's verdict where it gave one. */
export interface SourceWatchlist {
  source: string
  /** The market adapter (`json`, `binance`, …); for `json` an empty list means every symbol. */
  adapter: string
  symbols: string[]
  statuses: Record<string, { status: WatchSymbolStatus; detail: string | null }>
}

export function tickerKey(source: string, symbol: string): string {
  return `${source}/${symbol}`
}

export function sensorKey(source: string, sensorId: string): string {
  return `${source}/${sensorId}`
}
