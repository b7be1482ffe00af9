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
import { PROTOCOL_VERSION, parseViewMessage, type FrameMessage, type ViewLink } from '@shared/protocol'
import type { ReceivedCommand } from '@shared/commands/commandMessages'
import type { Role } from '@shared/commands/roles'
import { wallNow } from './clock'
import type { CommandContext, CommandOutcome } from './commands/commandRouter'

/** Slack for clock error (a remote view's offset estimate) when checking an ack's paint time. */
export const PAINT_TIME_TOLERANCE_MS = 250
/** Commands one view may have waiting for replies (a connection test takes up to 10 s). */
export const MAX_COMMANDS_IN_FLIGHT = 16

/** What a session reads from and reports to the engine. */
export interface SessionHost {
  readonly demo: boolean
  ticker(key: string): TickerQuote | undefined
  reading(key: string): SensorReading | undefined
  snapshot(): SnapshotPayload
  stats(): StatsPayload
  watchlists(): SourceWatchlist[]
  /** Open, shelved and recently closed alarms. */
  alarms(): AlarmSummary
  /** Who acks and shelves are attributed to when the view names no one. */
  readonly operator: string
  /** Runs one command for a view with `role`; always settles with exactly one outcome. */
  dispatch(name: string, args: unknown, context: CommandContext): Promise<CommandOutcome>
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
  /** A frame outstanding when the view was resynchronised: its late ack is expected, not invalid. */
  private readonly supersededSeqs = new Set<number>()
  private flushScheduled: NodeJS.Immediate | null = null
  /** receivedAt of the value each key last carried to this view: a resend is not a new paint. */
  private readonly shownReceivedAt = new Map<string, number>()
  private readonly subscriptions = new DisposableStore()
  private ended = false

  /** Commands sent and not yet answered: a view flooding slow commands is refused, not queued. */
  private inFlight = 0

  constructor(
    private readonly link: ViewLink,
    private readonly host: SessionHost,
    /** What this view may do (its token's role; admin on the desktop and on an open loopback). */
    readonly role: Role = 'admin'
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
          this.send({
            type: 'error',
            message: `handling a "${type.slice(0, 40)}" message failed: internal error (logged)`
          })
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

  /**
   * The set of sources changed (one added, replaced or removed): keys may have gone, which frames
   * cannot say, so the view gets a fresh hello with the whole picture.
   */
  resync(): void {
    if (!this.ready || this.ended) return
    // Bounded: a view that never acks cannot grow the set past a few entries.
    if (this.outstandingSeq !== null) this.supersededSeqs.add(this.outstandingSeq)
    if (this.supersededSeqs.size > 8)
      this.supersededSeqs.delete(this.supersededSeqs.values().next().value as number)
    this.onReady()
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
      // A command without an id cannot be answered with a reply; it is still not dropped silently.
      if (isCommandLike(raw)) this.send({ type: 'error', message: 'a command needs a numeric id and a name' })
      return
    }
    switch (message.type) {
      case 'ready':
        this.supersededSeqs.clear()
        this.onReady()
        break
      case 'ack':
        if (this.supersededSeqs.delete(message.seq) && message.seq !== this.outstandingSeq) return
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
      case 'command':
        this.runCommand(message)
        break
    }
  }

  private runCommand(command: ReceivedCommand): void {
    if (this.inFlight >= MAX_COMMANDS_IN_FLIGHT) {
      this.reply(command.id, {
        ok: false,
        error: `too many commands waiting for replies (${MAX_COMMANDS_IN_FLIGHT}); wait for them`
      })
      return
    }
    this.inFlight++
    void this.host
      .dispatch(command.name, command.args, { role: this.role })
      .catch((err: unknown): CommandOutcome => {
        this.host.viewFault(`command ${command.name.slice(0, 40)}`, err)
        return { ok: false, error: 'the command failed: internal error (logged)' }
      })
      .then((outcome) => {
        this.inFlight--
        this.reply(command.id, outcome)
      })
  }

  private reply(id: number, outcome: CommandOutcome): void {
    if (this.ended) return
    this.send(
      outcome.ok
        ? { type: 'reply', id, ok: true, result: outcome.result }
        : { type: 'reply', id, ok: false, error: outcome.error }
    )
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
      operator: this.host.operator,
      role: this.role
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

function isCommandLike(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'command'
}
