import { isRequestId, type ReplyMessage } from '@shared/commands/commandMessages'
import { isRole } from '@shared/commands/roles'
import { MAX_REASON_LENGTH } from '@shared/limits'
import type { EngineMessage, FrameMessage } from '@shared/protocol'
import { joinReading } from '@shared/sensorParts'
import { LATENCY_BUCKET_COUNT } from '@shared/latencyBuckets'
import type {
  DisplayStats,
  LatencySummary,
  SensorPresentation,
  SensorReading,
  SensorUpdate,
  SensorValue,
  SensorValueKind,
  SnapshotPayload,
  SourceStats,
  SourceWatchlist,
  StatsPayload,
  TickerQuote,
  WatchSymbolStatus
} from '@shared/model'
import { SENSOR_STATES, SOURCE_STATES } from '@shared/model'
import { GAUGE_STYLES } from '@shared/sensorSettings'
import { parseAlarmList, parseAlarmSummary } from './alarmMessage'
import { count, isFiniteNumber, isObj, numOrNull, str, type Obj } from './messageFields'
import {
  parseAlarmSyncStatus,
  parseRecordingStatus,
  parseReplayStatus,
  parseRepublishStatus
} from './sessionStatsMessage'

/**
 * Validation of what arrives from the engine. The view must never crash on garbage: a message of
 * unknown type or broken shape becomes `null` (ignored), and broken entries inside a good frame
 * are dropped one by one. Numbers that are not finite become `null` where the model allows it.
 */

const isFinite = isFiniteNumber

/** A frame as parsed: each ticker's source and symbol filled in from its key. */
export type ParsedFrame = Omit<FrameMessage, 'tickers'> & { tickers: TickerQuote[] }
/** What the view's clients deliver: engine messages, validated. */
export type ParsedEngineMessage = Exclude<EngineMessage, FrameMessage> | ParsedFrame

export function parseEngineMessage(raw: unknown): ParsedEngineMessage | null {
  if (!isObj(raw)) return null
  switch (raw.type) {
    case 'hello': {
      if (!isFinite(raw.protocol) || !isFinite(raw.engineTime)) return null
      return {
        type: 'hello',
        protocol: raw.protocol,
        engineTime: raw.engineTime,
        demo: raw.demo === true,
        snapshot: parseSnapshot(raw.snapshot),
        stats: parseStats(raw.stats) ?? emptyStats(),
        watchlists: parseList(raw.watchlists, parseWatchlist),
        ...('alarms' in raw ? { alarms: parseAlarmSummary(raw.alarms) } : {}),
        ...(typeof raw.operator === 'string' && raw.operator.trim() !== '' ? { operator: raw.operator } : {}),
        ...(isRole(raw.role) ? { role: raw.role } : {})
      }
    }
    case 'reply':
      return parseReply(raw)
    case 'alarms':
      if (!isObj(raw.alarms)) return null
      return { type: 'alarms', alarms: parseAlarmSummary(raw.alarms) }
    case 'watchlists':
      if (!Array.isArray(raw.watchlists)) return null
      return { type: 'watchlists', watchlists: parseList(raw.watchlists, parseWatchlist) }
    case 'frame':
      return parseFrame(raw)
    case 'sensors':
      if (!Array.isArray(raw.sensors)) return null
      return { type: 'sensors', sensors: parseList(raw.sensors, parsePresentation) }
    case 'stats': {
      const stats = parseStats(raw.stats)
      return stats ? { type: 'stats', stats } : null
    }
    case 'pong':
      if (!isFinite(raw.t0) || !isFinite(raw.engineTime)) return null
      return { type: 'pong', t0: raw.t0, engineTime: raw.engineTime }
    case 'error':
      return { type: 'error', message: str(raw.message) ?? 'unknown engine error' }
    default:
      return null
  }
}

/** A reply's result is checked by whoever asked (it knows the command); the envelope here. */
function parseReply(raw: Obj): ReplyMessage | null {
  if (!isRequestId(raw.id)) return null
  if (raw.ok === true) return { type: 'reply', id: raw.id, ok: true, result: raw.result ?? null }
  const error = str(raw.error)
  return {
    type: 'reply',
    id: raw.id,
    ok: false,
    error:
      error === null || error.trim() === ''
        ? 'the engine refused the command'
        : error.slice(0, MAX_REASON_LENGTH * 2)
  }
}

function parseFrame(raw: Obj): ParsedFrame | null {
  if (!Number.isSafeInteger(raw.seq) || (raw.seq as number) < 0) return null
  if (!Array.isArray(raw.tickers) || !Array.isArray(raw.readings)) return null
  return {
    type: 'frame',
    seq: raw.seq as number,
    sentAt: isFinite(raw.sentAt) ? raw.sentAt : 0,
    tickers: parseList(raw.tickers, parseTicker),
    readings: parseList(raw.readings, parseSensorUpdate)
  }
}

function parseList<T>(items: unknown, parse: (v: unknown) => T | null): T[] {
  if (!Array.isArray(items)) return []
  const out: T[] = []
  for (const item of items) {
    const parsed = parse(item)
    if (parsed !== null) out.push(parsed)
  }
  return out
}

export function parseSnapshot(raw: unknown): SnapshotPayload {
  if (!isObj(raw)) return { tickers: [], readings: [], alarms: [] }
  return {
    tickers: parseList(raw.tickers, parseTicker),
    readings: parseList(raw.readings, parseReading),
    alarms: parseAlarmList(raw.alarms)
  }
}

export function parseTicker(raw: unknown): TickerQuote | null {
  if (!isObj(raw)) return null
  const key = str(raw.key)
  if (!key || !isFinite(raw.receivedAt)) return null
  // A frame's entries name only the key: split it then, not for every entry of every frame twice.
  const source = str(raw.source) ?? keySource(key)
  const symbol = str(raw.symbol) ?? keyRest(key)
  return {
    key,
    source,
    symbol,
    last: numOrNull(raw.last),
    bid: numOrNull(raw.bid),
    ask: numOrNull(raw.ask),
    volume: numOrNull(raw.volume),
    changePct: numOrNull(raw.changePct),
    time: numOrNull(raw.time),
    receivedAt: raw.receivedAt,
    stale: raw.stale === true
  }
}

/** The source part of a `source/rest` key. */
function keySource(key: string): string {
  const slash = key.indexOf('/')
  return slash < 0 ? key : key.slice(0, slash)
}

/** What follows the source in a `source/rest` key (the whole key when there is no rest). */
function keyRest(key: string): string {
  const slash = key.indexOf('/')
  return slash < 0 || slash === key.length - 1 ? key : key.slice(slash + 1)
}

/** A whole reading (a hello's snapshot): its presentation and its value, each checked. */
export function parseReading(raw: unknown): SensorReading | null {
  const update = parseSensorUpdate(raw)
  const presentation = update === null ? null : parsePresentation(raw)
  return presentation === null || update === null ? null : joinReading(presentation, update)
}

/** A sensor's value as a frame carries it. */
export function parseSensorUpdate(raw: unknown): SensorUpdate | null {
  if (!isObj(raw)) return null
  const key = str(raw.key)
  const typed = typedValue(raw.value)
  if (!key || !typed || !isFinite(raw.receivedAt)) return null
  const state = SENSOR_STATES.find((s) => s === raw.state) ?? 'normal'
  return {
    key,
    value: typed.value,
    kind: typed.kind,
    state,
    time: numOrNull(raw.time),
    receivedAt: raw.receivedAt,
    retained: raw.retained === true,
    // Only with a stale state, and bounded: it is shown on the card.
    ...(state === 'stale' && typeof raw.staleReason === 'string'
      ? { staleReason: raw.staleReason.slice(0, 300) }
      : {})
  }
}

/** Who a sensor is and how it is shown; absent fields take the defaults a discovered sensor has. */
export function parsePresentation(raw: unknown): SensorPresentation | null {
  if (!isObj(raw)) return null
  const key = str(raw.key)
  if (!key) return null
  const [sourceFromKey, ...rest] = key.split('/')
  const sensorId = str(raw.sensorId) ?? (rest.join('/') || key)
  const decimals = raw.decimals
  return {
    key,
    source: str(raw.source) ?? sourceFromKey,
    sensorId,
    topic: str(raw.topic) ?? sensorId,
    label: str(raw.label) ?? sensorId,
    unit: str(raw.unit) ?? '',
    decimals:
      Number.isInteger(decimals) && (decimals as number) >= 0 && (decimals as number) <= 8
        ? (decimals as number)
        : null,
    min: numOrNull(raw.min),
    max: numOrNull(raw.max),
    lowAlarm: numOrNull(raw.lowAlarm),
    lowWarn: numOrNull(raw.lowWarn),
    warn: numOrNull(raw.warn),
    alarm: numOrNull(raw.alarm),
    deadband: count(raw.deadband),
    staleAfterMs: count(raw.staleAfterMs),
    gauge: GAUGE_STYLES.find((g) => g === raw.gauge) ?? 'radial',
    group: str(raw.group) || null,
    edited: raw.edited === true,
    discovered: raw.discovered === true
  }
}

/** The value with its kind, taken from the value itself (a `kind` that disagrees is ignored). */
function typedValue(v: unknown): { value: SensorValue; kind: SensorValueKind } | null {
  if (typeof v === 'boolean') return { value: v, kind: 'boolean' }
  if (typeof v === 'string') return { value: v, kind: 'text' }
  return isFinite(v) ? { value: v, kind: 'number' } : null
}

const WATCH_STATUSES: readonly WatchSymbolStatus[] = ['subscribed', 'unsubscribed', 'rejected']

/** One source's watchlist; symbols that are not strings and verdicts of unknown kind are dropped. */
export function parseWatchlist(raw: unknown): SourceWatchlist | null {
  if (!isObj(raw)) return null
  const source = str(raw.source)
  if (!source || !Array.isArray(raw.symbols)) return null
  const symbols = raw.symbols.filter((s): s is string => typeof s === 'string' && s !== '')
  const statuses: SourceWatchlist['statuses'] = {}
  if (isObj(raw.statuses)) {
    for (const symbol of symbols) {
      // Own keys only, and defined rather than assigned: a symbol may be "__proto__" or "toString".
      const verdict = Object.hasOwn(raw.statuses, symbol) ? raw.statuses[symbol] : undefined
      if (!isObj(verdict)) continue
      const status = WATCH_STATUSES.find((s) => s === verdict.status)
      if (status) defineEntry(statuses, symbol, { status, detail: str(verdict.detail) })
    }
  }
  return { source, adapter: str(raw.adapter) ?? '', symbols, statuses }
}

/** `target[key] = value` as an own property even for `"__proto__"`, which assignment would not create. */
function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function parseLatency(raw: unknown): LatencySummary {
  if (!isObj(raw)) return { count: 0, p50: null, p95: null, p99: null, max: null }
  const buckets = parseBuckets(raw.buckets)
  return {
    count: count(raw.count),
    p50: numOrNull(raw.p50),
    p95: numOrNull(raw.p95),
    p99: numOrNull(raw.p99),
    max: numOrNull(raw.max),
    ...(buckets === null ? {} : { buckets })
  }
}

/** Histogram counts: exactly one non-negative count per bucket, or none at all. */
function parseBuckets(raw: unknown): number[] | null {
  if (!Array.isArray(raw) || raw.length !== LATENCY_BUCKET_COUNT) return null
  if (!raw.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null
  return raw as number[]
}

function parseSource(raw: unknown): SourceStats | null {
  if (!isObj(raw)) return null
  const id = str(raw.id)
  if (!id) return null
  const latency = isObj(raw.latencyMs) ? raw.latencyMs : {}
  return {
    id,
    kind: raw.kind === 'telemetry' ? 'telemetry' : 'market',
    url: str(raw.url) ?? '',
    state: SOURCE_STATES.find((s) => s === raw.state) ?? 'closed',
    messages: count(raw.messages),
    malformed: count(raw.malformed),
    reconnects: count(raw.reconnects),
    gaps: count(raw.gaps),
    ratePerSec: count(raw.ratePerSec),
    lastError: str(raw.lastError),
    lastMalformed: str(raw.lastMalformed),
    connectedSince: numOrNull(raw.connectedSince),
    insecure: raw.insecure === true,
    ...(raw.publish === true ? { publish: true } : {}),
    ...(raw.relayed === true ? { relayed: true } : {}),
    latencyMs: {
      feed: parseLatency(latency.feed),
      // A relayed feed's hops come as a pair, or not at all.
      ...(isObj(latency.upstream) && isObj(latency.relay)
        ? { upstream: parseLatency(latency.upstream), relay: parseLatency(latency.relay) }
        : {})
    },
    clockAhead: count(raw.clockAhead),
    implausibleTimes: count(raw.implausibleTimes)
  }
}

function parseDisplay(raw: unknown): DisplayStats {
  if (!isObj(raw)) return { frames: 0, superseded: 0, latencyMs: parseLatency(null) }
  return {
    frames: count(raw.frames),
    superseded: count(raw.superseded),
    latencyMs: parseLatency(raw.latencyMs)
  }
}

export function parseStats(raw: unknown): StatsPayload | null {
  if (!isObj(raw) || !Array.isArray(raw.sources)) return null
  return {
    uptimeMs: count(raw.uptimeMs),
    windowMs: count(raw.windowMs),
    sources: parseList(raw.sources, parseSource),
    display: parseDisplay(raw.display),
    ...optional('recording', parseRecordingStatus(raw.recording)),
    ...optional('replay', parseReplayStatus(raw.replay)),
    ...optional('republish', parseRepublishStatus(raw.republish)),
    ...optional('alarmSync', parseAlarmSyncStatus(raw.alarmSync)),
    // Absent from engines that predate them; then absent here too.
    ...(raw.internalErrors === undefined
      ? {}
      : {
          internalErrors: count(raw.internalErrors),
          lastInternalError: str(raw.lastInternalError)?.slice(0, MAX_REASON_LENGTH) ?? null
        })
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

function emptyStats(): StatsPayload {
  return { uptimeMs: 0, windowMs: 0, sources: [], display: parseDisplay(null) }
}
