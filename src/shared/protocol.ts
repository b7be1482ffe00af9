import { MAX_OPERATOR_LENGTH, MAX_SHELVE_MS, MIN_SHELVE_MS, type AlarmSummary } from './alarms'
import { sensorSettingsEditSchema, type SensorSettingsEdit } from './sensorSettings'
import type { Disposable } from './disposable'
import { MAX_SENSOR_KEY_LENGTH, MAX_SYMBOL_LENGTH, MAX_SYMBOLS_PER_SOURCE } from './limits'
import { symbolProblem } from './symbolRule'
import { userTextProblem } from './visibleText'
import type { SensorReading, SnapshotPayload, SourceWatchlist, StatsPayload, TickerQuote } from './model'

/**
 * The one transport-neutral contract between engine and view. Two adapters carry it: Electron
 * IPC over a MessagePort (structured clone) and the browser-mode WebSocket bridge (JSON text).
 *
 * Flow control is credit based: the engine sends a `frame` only while the view holds credit;
 * the view spends it by painting and returns it with an `ack` that carries the paint time.
 */

export const PROTOCOL_VERSION = 1

/** Engine → view. */
export type EngineMessage =
  | {
      type: 'hello'
      protocol: number
      /** Engine clock (epoch ms) when sent, for clock-offset estimation. */
      engineTime: number
      demo: boolean
      snapshot: SnapshotPayload
      stats: StatsPayload
      /** Every market source's watchlist (absent from engines that predate watchlists). */
      watchlists?: SourceWatchlist[]
      /** Open, shelved and recently closed alarms. */
      alarms?: AlarmSummary
      /** Who an ack or shelve is attributed to when the view names no one (the OS user). */
      operator?: string
    }
  | FrameMessage
  /** Sent whenever a watchlist or an exchange's verdict on a watched symbol changes. */
  | { type: 'watchlists'; watchlists: SourceWatchlist[] }
  /** Sent whenever an alarm is raised, acknowledged, cleared, closed, shelved or unshelved. */
  | { type: 'alarms'; alarms: AlarmSummary }
  | { type: 'stats'; stats: StatsPayload }
  | { type: 'pong'; t0: number; engineTime: number }
  | { type: 'error'; message: string }

export interface FrameMessage {
  type: 'frame'
  seq: number
  /** Engine clock (epoch ms) when the frame was built. */
  sentAt: number
  /** Only the keys that changed since the previous frame, with their latest values. */
  tickers: TickerQuote[]
  readings: SensorReading[]
}

/** View → engine. Everything arriving is validated with `parseViewMessage`. */
export type ViewMessage =
  | { type: 'ready' }
  | {
      type: 'ack'
      seq: number
      /** When the frame was painted, in the engine's clock (the view applies its offset). */
      paintedAt: number
    }
  | { type: 'ping'; t0: number }
  /** Replaces the watched symbols of one market source (the engine answers errors with `error`). */
  | { type: 'setWatchlist'; source: string; symbols: string[] }
  /** Acknowledges one alarm; `by` names the operator (else the engine's default operator). */
  | { type: 'ackAlarm'; id: string; by?: string }
  | { type: 'ackAllAlarms'; by?: string }
  /** Suppresses a sensor's (or ticker's) alarms for `durationMs`; it unshelves itself after. */
  | { type: 'shelve'; key: string; durationMs: number; by?: string }
  | { type: 'unshelve'; key: string }
  /** Changes a sensor's presentation and limits (saved); a `null` field returns to the configured value. */
  | { type: 'setSensorSettings'; key: string; settings: SensorSettingsEdit }

/** Most symbols one watchlist may hold. */
export const MAX_WATCHLIST_SYMBOLS = MAX_SYMBOLS_PER_SOURCE
export { MAX_SYMBOL_LENGTH }

/** A watchable symbol: `symbolProblem`'s rule (1-64 characters, no whitespace or invisible ones). */
export function isWatchSymbol(value: unknown): value is string {
  return typeof value === 'string' && symbolProblem(value) === null
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Returns the message when it is well formed, otherwise `null` (the caller counts and drops it). */
export function parseViewMessage(raw: unknown): ViewMessage | null {
  if (typeof raw !== 'object' || raw === null) return null
  const m = raw as Record<string, unknown>
  switch (m.type) {
    case 'ready':
      return { type: 'ready' }
    case 'ack':
      if (!Number.isSafeInteger(m.seq) || (m.seq as number) < 0 || !finite(m.paintedAt)) return null
      return { type: 'ack', seq: m.seq as number, paintedAt: m.paintedAt }
    case 'ping':
      if (!finite(m.t0)) return null
      return { type: 'ping', t0: m.t0 }
    case 'setWatchlist': {
      if (typeof m.source !== 'string' || m.source === '' || m.source.length > 64) return null
      if (!Array.isArray(m.symbols) || m.symbols.length > MAX_WATCHLIST_SYMBOLS) return null
      if (!m.symbols.every(isWatchSymbol)) return null
      return { type: 'setWatchlist', source: m.source, symbols: [...(m.symbols as string[])] }
    }
    case 'ackAlarm':
      if (!isId(m.id) || !isOperator(m.by)) return null
      return m.by === undefined
        ? { type: 'ackAlarm', id: m.id }
        : { type: 'ackAlarm', id: m.id, by: m.by.trim() }
    case 'ackAllAlarms':
      if (!isOperator(m.by)) return null
      return m.by === undefined ? { type: 'ackAllAlarms' } : { type: 'ackAllAlarms', by: m.by.trim() }
    case 'shelve':
      if (!isKey(m.key) || !isOperator(m.by) || !finite(m.durationMs)) return null
      if (m.durationMs < MIN_SHELVE_MS || m.durationMs > MAX_SHELVE_MS) return null
      return {
        type: 'shelve',
        key: m.key,
        durationMs: m.durationMs,
        ...(m.by === undefined ? {} : { by: m.by.trim() })
      }
    case 'unshelve':
      if (!isKey(m.key)) return null
      return { type: 'unshelve', key: m.key }
    case 'setSensorSettings': {
      if (!isKey(m.key)) return null
      const settings = sensorSettingsEditSchema.safeParse(m.settings)
      if (!settings.success) return null
      return { type: 'setSensorSettings', key: m.key, settings: settings.data }
    }
    default:
      return null
  }
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 128
/** Sensor keys are `<source>/<sensor id>`, where a discovered sensor id is a whole topic path. */
const isKey = (v: unknown): v is string =>
  typeof v === 'string' && v.length >= 3 && v.length <= MAX_SENSOR_KEY_LENGTH && v.includes('/')
/**
 * An operator name as it goes into the alarm journal: 1-64 visible characters, no control or
 * bidirectional-override characters (which could forge or disguise a journal line). Names are
 * self-declared by the view; the journal records what was claimed.
 */
const isOperator = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && userTextProblem(v, MAX_OPERATOR_LENGTH) === null)

/**
 * One end of a bidirectional message link. `In` is what arrives, `Out` what is sent. Engine-side
 * links deliver `unknown` (it comes from outside and must be validated); view-side links deliver
 * `EngineMessage`.
 */
export interface MessageLink<In, Out> {
  send(message: Out): void
  onMessage(listener: (message: In) => void): Disposable
  onClose(listener: () => void): Disposable
  /** Closes the link; `reason` (short, for the user) says why when it is not a normal close. */
  close(reason?: string): void
}

/** The engine's end of a view connection. */
export type ViewLink = MessageLink<unknown, EngineMessage>

/** The view's end of its connection to the engine. */
export type EngineLink = MessageLink<EngineMessage, ViewMessage>

/** Channel names used by the Electron adapter (main ↔ preload). */
export const IPC_PORT_CHANNEL = 'tickwire:port'
export const IPC_REQUEST_PORT_CHANNEL = 'tickwire:request-port'

/** Path of the browser-mode WebSocket bridge. */
export const BRIDGE_PATH = '/bridge'

/** What the sandboxed preload exposes on `window.tickwire` in the desktop app. */
export interface TickwireBridge {
  /** Asks main for a fresh MessagePort; it arrives as a window `message` event whose data is `IPC_PORT_CHANNEL`. */
  requestPort(): void
  readonly platform: string
  readonly versions: { electron: string; chrome: string; node: string }
}
