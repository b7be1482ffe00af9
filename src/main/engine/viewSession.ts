import type { AlarmSummary } from '@shared/alarms'
import type { Disposable } from '@shared/disposable'
import { DisposableStore, toDisposable } from '@shared/disposable'
import type {
  SensorReading,
  SnapshotPayload,
  SourceWatchlist,
  StatsPayload,
  TickerQuote
} from '@shared/model'
import {
  PROTOCOL_VERSION,
  parseViewMessage,
  type FrameMessage,
  type ViewLink,
  type ViewMessage
} from '@shared/protocol'
import type { SensorSettingsEdit } from '@shared/sensorSettings'
import { wallNow } from './clock'

/** Slack for clock error (a remote view's offset estimate) when checking an ack's paint time. */
export const PAINT_TIME_TOLERANCE_MS = 250

/** What a session reads from and reports to the engine. */
export interface SessionHost {
  readonly demo: boolean
  ticker(key: string): TickerQuote | undefined
  reading(key: string): SensorReading | undefined
  snapshot(): SnapshotPayload
  stats(): StatsPayload
  watchlists(): SourceWatchlist[]
  /** Returns why the change was refused, or `null` when applied. */
  setWatchlist(source: string, symbols: readonly string[]): string | null
  /** Open, shelved and recently closed alarms. */
  alarms(): AlarmSummary
  /** Who acks and shelves are attributed to when the view names no one. */
  readonly operator: string
  /** Each returns why the command was refused, or `null` when applied. */
  ackAlarm(id: string, by?: string): string | null
  ackAllAlarms(by?: string): void
  shelve(key: string, durationMs: number, by?: string): string | null
  unshelve(key: string): string | null
  setSensorSettings(key: string, settings: SensorSettingsEdit): string | null
  frameAcked(receivedAts: readonly number[], paintedAt: number): void
  /** These keys' latest values are now on their way to a view. */
  framed(keys: Iterable<string>): void
  invalidViewMessage(): void
  /** A view was closed because a message to it could not be sent; logged with the reason. */
  viewFailed(reason: string): void
  /** Handling a view's message threw: logged; the view is told its command failed. */
  viewFault(context: string, err: unknown): void
  sessionEnded(session: ViewSession): void
}

/**
 * One attached view. Holds its own dirty key sets and a single credit: a frame goes out only
 * while the view holds credit, and the credit comes back with the ack for that frame. Updates
 * between frames coalesce, so the view gets at most one frame per paint, never one per tick.
 */
export class ViewSession implements Disposable {
  private readonly dirtyTickers = new Set<string>()
  private readonly dirtyReadings = new Set<string>()
  private ready = false
  private credit = false
  private seq = 0
  private outstandingSeq: number | null = null
  private outstandingReceivedAts: number[] = []
  private outstandingSentAt = 0
  private flushScheduled: NodeJS.Immediate | null = null
  /** receivedAt of the value each key last carried to this view: a resend is not a new paint. */
  private readonly shownReceivedAt = new Map<string, number>()
  private readonly subscriptions = new DisposableStore()
  private ended = false

  constructor(
    private readonly link: ViewLink,
    private readonly host: SessionHost
  ) {
    this.subscriptions.add(
      link.onMessage((raw) => {
        try {
          this.onMessage(raw)
        } catch (err) {
          // An engine bug behind one command must not take the link (or the process) down.
          const type =
            typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : '?'
          this.host.viewFault(`handling "${type.slice(0, 40)}"`, err)
          this.send({ type: 'error', message: `${describe(type)} failed: internal error (logged)` })
        }
      })
    )
    this.subscriptions.add(link.onClose(() => this.dispose()))
    this.subscriptions.add(toDisposable(() => this.cancelFlush()))
  }

  /** The ticker changed (a new value or a staleness flip): it goes in the next frame. */
  markTicker(key: string): void {
    if (!this.ready || this.dirtyTickers.has(key)) return
    this.dirtyTickers.add(key)
    this.scheduleFlush()
  }

  markReading(key: string): void {
    if (!this.ready || this.dirtyReadings.has(key)) return
    this.dirtyReadings.add(key)
    this.scheduleFlush()
  }

  sendStats(stats: StatsPayload): void {
    if (this.ready) this.send({ type: 'stats', stats })
  }

  sendWatchlists(watchlists: SourceWatchlist[]): void {
    if (this.ready) this.send({ type: 'watchlists', watchlists })
  }

  sendAlarms(alarms: AlarmSummary): void {
    if (this.ready) this.send({ type: 'alarms', alarms })
  }

  dispose(): void {
    if (this.ended) return
    this.ended = true
    this.subscriptions.dispose()
    this.host.sessionEnded(this)
  }

  private onMessage(raw: unknown): void {
    if (this.ended) return
    const message = parseViewMessage(raw)
    if (message === null) {
      this.host.invalidViewMessage()
      // A refused edit or alarm action is a user's action: tell them, rather than drop it silently.
      const refusal = refusalOfInvalid(raw)
      if (refusal !== null) this.send({ type: 'error', message: refusal })
      return
    }
    switch (message.type) {
      case 'ready':
        this.onReady()
        break
      case 'ack':
        if (message.seq !== this.outstandingSeq) {
          this.host.invalidViewMessage()
          return
        }
        // A paint cannot precede the frame's sending nor lie in the future: such a time is a
        // broken clock or a forgery, and would falsify display latency. The credit comes back
        // either way (the view did paint), but no latency is recorded.
        if (
          message.paintedAt < this.outstandingSentAt - PAINT_TIME_TOLERANCE_MS ||
          message.paintedAt > wallNow() + PAINT_TIME_TOLERANCE_MS
        ) {
          this.host.invalidViewMessage()
        } else {
          this.host.frameAcked(this.outstandingReceivedAts, message.paintedAt)
        }
        this.outstandingSeq = null
        this.outstandingReceivedAts = []
        this.credit = true
        this.scheduleFlush()
        break
      case 'ping':
        this.send({ type: 'pong', t0: message.t0, engineTime: wallNow() })
        break
      case 'setWatchlist': {
        const refused = this.host.setWatchlist(message.source, message.symbols)
        if (refused !== null) this.send({ type: 'error', message: `watchlist change refused: ${refused}` })
        break
      }
      default:
        this.onOperatorCommand(message)
    }
  }

  private onOperatorCommand(
    message: Extract<
      ViewMessage,
      { type: 'ackAlarm' | 'ackAllAlarms' | 'shelve' | 'unshelve' | 'setSensorSettings' }
    >
  ): void {
    let refused: string | null = null
    switch (message.type) {
      case 'ackAlarm':
        refused = this.host.ackAlarm(message.id, message.by)
        break
      case 'ackAllAlarms':
        this.host.ackAllAlarms(message.by)
        break
      case 'shelve':
        refused = this.host.shelve(message.key, message.durationMs, message.by)
        break
      case 'unshelve':
        refused = this.host.unshelve(message.key)
        break
      case 'setSensorSettings':
        refused = this.host.setSensorSettings(message.key, message.settings)
        break
    }
    if (refused !== null)
      this.send({ type: 'error', message: `${describe(message.type)} refused: ${refused}` })
  }

  /** A (re)started view: everything it needs is in the hello, so pending state is dropped. */
  private onReady(): void {
    this.dirtyTickers.clear()
    this.dirtyReadings.clear()
    this.outstandingSeq = null
    this.outstandingReceivedAts = []
    this.ready = true
    const snapshot = this.host.snapshot()
    this.shownReceivedAt.clear()
    for (const t of snapshot.tickers) this.shownReceivedAt.set(t.key, t.receivedAt)
    for (const r of snapshot.readings) this.shownReceivedAt.set(r.key, r.receivedAt)
    this.host.framed(this.shownReceivedAt.keys())
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      engineTime: wallNow(),
      demo: this.host.demo,
      snapshot,
      stats: this.host.stats(),
      watchlists: this.host.watchlists(),
      alarms: this.host.alarms(),
      operator: this.host.operator
    })
    this.credit = true
  }

  private scheduleFlush(): void {
    if (!this.credit || this.flushScheduled !== null || this.ended) return
    if (this.dirtyTickers.size === 0 && this.dirtyReadings.size === 0) return
    this.flushScheduled = setImmediate(() => {
      this.flushScheduled = null
      try {
        this.flush()
      } catch (err) {
        // Its dirty keys would stay dirty and no frame would ever go out again: a frozen view
        // that looks alive. Closed instead, with the reason; it reconnects with a fresh hello.
        this.host.viewFault('building a frame', err)
        this.fail(`the engine could not build a frame (${err instanceof Error ? err.message : String(err)})`)
      }
    })
  }

  private cancelFlush(): void {
    if (this.flushScheduled !== null) clearImmediate(this.flushScheduled)
    this.flushScheduled = null
  }

  private flush(): void {
    if (!this.credit || this.ended) return
    if (this.dirtyTickers.size === 0 && this.dirtyReadings.size === 0) return
    const receivedAts: number[] = []
    const tickers: TickerQuote[] = []
    for (const key of this.dirtyTickers) {
      const quote = this.host.ticker(key)
      if (quote === undefined) continue
      tickers.push({ ...quote })
      this.noteShown(key, quote.receivedAt, receivedAts)
    }
    const readings: SensorReading[] = []
    for (const key of this.dirtyReadings) {
      const reading = this.host.reading(key)
      if (reading === undefined) continue
      readings.push({ ...reading })
      this.noteShown(key, reading.receivedAt, receivedAts)
    }
    this.host.framed(this.dirtyTickers)
    this.host.framed(this.dirtyReadings)
    this.dirtyTickers.clear()
    this.dirtyReadings.clear()
    const frame: FrameMessage = { type: 'frame', seq: ++this.seq, sentAt: wallNow(), tickers, readings }
    this.credit = false
    this.outstandingSeq = frame.seq
    this.outstandingSentAt = frame.sentAt
    this.outstandingReceivedAts = receivedAts
    this.send(frame)
  }

  private noteShown(key: string, receivedAt: number, newValues: number[]): void {
    if (this.shownReceivedAt.get(key) === receivedAt) return
    this.shownReceivedAt.set(key, receivedAt)
    newValues.push(receivedAt)
  }

  private send(message: Parameters<ViewLink['send']>[0]): void {
    try {
      this.link.send(message)
    } catch (err) {
      // A view that cannot be sent what it needs is closed, saying why (it reconnects and the
      // user sees the reason), never left waiting on a socket that will carry nothing.
      const reason = `the engine could not send the ${message.type} (${err instanceof Error ? err.message : String(err)})`
      this.host.viewFailed(reason)
      this.fail(reason)
    }
  }

  /** Ends the session and closes its link with `reason` for the user. */
  private fail(reason: string): void {
    this.dispose()
    try {
      this.link.close(reason)
    } catch {
      // Already gone.
    }
  }
}

const COMMAND_NAMES: Readonly<Record<string, string>> = {
  setWatchlist: 'watchlist change',
  ackAlarm: 'alarm acknowledgement',
  ackAllAlarms: 'acknowledging all alarms',
  shelve: 'shelving',
  unshelve: 'unshelving',
  setSensorSettings: 'sensor settings change'
}

function describe(type: string): string {
  return COMMAND_NAMES[type] ?? type
}

/** What to tell the user about a malformed command they sent, or `null` for protocol noise. */
function refusalOfInvalid(raw: unknown): string | null {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined
  switch (type) {
    case 'setWatchlist':
      return 'watchlist change refused: symbols must be 1-64 characters without spaces, at most 500 per source'
    case 'ackAlarm':
    case 'ackAllAlarms':
      return `${describe(type)} refused: an alarm id and an operator name of 1-64 characters`
    case 'shelve':
      return 'shelving refused: a sensor key and a duration between 1 minute and 7 days'
    case 'unshelve':
      return 'unshelving refused: not a sensor key'
    case 'setSensorSettings':
      return 'sensor settings change refused: a field is missing, unknown or out of range'
    default:
      return null
  }
}
