import type { AlarmSummary } from './alarms'
import {
  parseCommandEnvelope,
  type CommandMessage,
  type ReceivedCommand,
  type ReplyMessage
} from './commands/commandMessages'
import type { Role } from './commands/roles'
import type { Disposable } from './disposable'
import { MAX_SYMBOL_LENGTH, MAX_SYMBOLS_PER_SOURCE } from './limits'
import { symbolProblem } from './symbolRule'
import type {
  SensorPresentation,
  SensorUpdate,
  SnapshotPayload,
  SourceWatchlist,
  StatsPayload,
  TickerQuote
} from './model'

/**
 * The one transport-neutral contract between engine and view. Two adapters carry it: Electron
 * IPC over a MessagePort (structured clone) and the browser-mode WebSocket bridge (JSON text).
 *
 * Flow control is credit based: the engine sends a `frame` only while the view holds credit (a
 * few frames' worth); the view spends it by painting and returns it with an `ack` that carries
 * the paint time — one ack per paint, naming every frame that paint merged.
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
      /** What this view may do; the UI hides or disables the rest. */
      role?: Role
    }
  | FrameMessage
  /**
   * Sensors' presentation: sent before the first frame carrying a sensor a view has not been
   * told about, and whenever a sensor's presentation changes (the hello carries it whole).
   */
  | { type: 'sensors'; sensors: SensorPresentation[] }
  /** Sent whenever a watchlist or an exchange's verdict on a watched symbol changes. */
  | { type: 'watchlists'; watchlists: SourceWatchlist[] }
  /** Sent whenever an alarm is raised, acknowledged, cleared, closed, shelved or unshelved. */
  | { type: 'alarms'; alarms: AlarmSummary }
  | { type: 'stats'; stats: StatsPayload }
  | { type: 'pong'; t0: number; engineTime: number }
  /** The one answer to a `command` with the same id. */
  | ReplyMessage
  | { type: 'error'; message: string }

export interface FrameMessage {
  type: 'frame'
  seq: number
  /** Engine clock (epoch ms) when the frame was built. */
  sentAt: number
  /**
   * Only the keys that changed since the previous frame, with their latest values. A ticker's
   * `source` and `symbol` are left out (its key says them; the view fills them in).
   */
  tickers: TickerFrameEntry[]
  readings: SensorUpdate[]
}

/** A ticker as a frame carries it. */
export type TickerFrameEntry = Omit<TickerQuote, 'source' | 'symbol'> &
  Partial<Pick<TickerQuote, 'source' | 'symbol'>>

/** View → engine. Everything arriving is validated with `parseViewMessage`. */
export type ViewMessage =
  | { type: 'ready' }
  | {
      type: 'ack'
      seq: number
      /** When the frame was painted, in the engine's clock (the view applies its offset). */
      paintedAt: number
      /**
       * Earlier frames the same paint merged, oldest first (their keys' values that `seq`
       * replaced were never on screen). Absent: the paint showed `seq` alone.
       */
      merged?: number[]
    }
  | { type: 'ping'; t0: number }
  /** One command of the registry (`commands/commandRegistry.ts`), answered by one `reply`. */
  | CommandMessage

/** Most earlier frames one ack may name (the engine never has more than a few in flight). */
export const MAX_MERGED_ACKS = 16

/** Most symbols one watchlist may hold. */
export const MAX_WATCHLIST_SYMBOLS = MAX_SYMBOLS_PER_SOURCE
export { MAX_SYMBOL_LENGTH }

/** A watchable symbol: `symbolProblem`'s rule (1-64 characters, no whitespace or invisible ones). */
export function isWatchSymbol(value: unknown): value is string {
  return typeof value === 'string' && symbolProblem(value) === null
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** What the engine receives: a command's arguments are validated by the registry, later. */
export type ReceivedViewMessage = Exclude<ViewMessage, CommandMessage> | ReceivedCommand

/**
 * Returns the message when its envelope is well formed, otherwise `null` (the caller counts and
 * drops it). Frames and acks are checked by hand, for speed; command arguments by their schema.
 */
export function parseViewMessage(raw: unknown): ReceivedViewMessage | null {
  if (typeof raw !== 'object' || raw === null) return null
  const m = raw as Record<string, unknown>
  switch (m.type) {
    case 'ready':
      return { type: 'ready' }
    case 'ack': {
      if (!Number.isSafeInteger(m.seq) || (m.seq as number) < 0 || !finite(m.paintedAt)) return null
      if (m.merged === undefined) return { type: 'ack', seq: m.seq as number, paintedAt: m.paintedAt }
      const merged = m.merged
      if (!Array.isArray(merged) || merged.length > MAX_MERGED_ACKS) return null
      if (!merged.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) return null
      return { type: 'ack', seq: m.seq as number, paintedAt: m.paintedAt, merged: merged as number[] }
    }
    case 'ping':
      if (!finite(m.t0)) return null
      return { type: 'ping', t0: m.t0 }
    case 'command':
      return parseCommandEnvelope(m)
    default:
      return null
  }
}

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

/**
 * Main → preload: a menu item the page acts on (`MenuCommand`): File › Connections…, Help ›
 * Keyboard Shortcuts, and the tray's Mute Tone (sent to every window, ticked and unticked).
 */
export const IPC_MENU_CHANNEL = 'tickwire:menu'
export const MENU_COMMANDS = ['open-connections', 'show-shortcuts', 'mute-tone', 'unmute-tone'] as const
/** Page → main (send, a boolean): the user turned the alarm tone on or off in the page (the tray follows). */
export const IPC_TONE_CHANNEL = 'tickwire:tone'
/** Page → main (invoke): a native open dialog for a TLS file; answers the path or `null`. */
export const IPC_PICK_FILE_CHANNEL = 'tickwire:pick-file'
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/** Path of the browser-mode WebSocket bridge. */
export const BRIDGE_PATH = '/bridge'

/** What the sandboxed preload exposes on `window.tickwire` in the desktop app. */
export interface TickwireBridge {
  /** Asks main for a fresh MessagePort; it arrives as a window `message` event whose data is `IPC_PORT_CHANNEL`. */
  requestPort(): void
  /** Menu items meant for the page (File › Connections…); absent in browser mode. */
  onMenuCommand(listener: (command: MenuCommand) => void): void
  /** A native file dialog (desktop only): the chosen path, or `null`. */
  pickFile(title: string): Promise<string | null>
  /** The user switched the alarm tone in the page: the tray's Mute Tone and the other windows follow. */
  reportTone(on: boolean): void
  readonly platform: string
  readonly versions: { electron: string; chrome: string; node: string }
}
