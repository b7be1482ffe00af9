import type { AlarmSummary } from '@shared/alarms'
import type { Disposable } from '@shared/disposable'
import { DisposableStore, toDisposable } from '@shared/disposable'
import type {
  SensorPresentation,
  SensorUpdate,
  SnapshotPayload,
  SourceWatchlist,
  StatsPayload,
  TickerQuote
} from '@shared/model'
import {
  PROTOCOL_VERSION,
  parseViewMessage,
  type FrameMessage,
  type TickerFrameEntry,
  type ViewLink
} from '@shared/protocol'
import { updateOf } from '@shared/sensorParts'
import type { ReceivedCommand } from '@shared/commands/commandMessages'
import type { Role } from '@shared/commands/roles'
import { wallNow } from './clock'
import type { SensorLatest } from './sensorTable'
import { FramesInFlight, shownReceivedAts } from './views/framesInFlight'
import type { CommandContext, CommandOutcome } from './commands/commandRouter'

/** Slack for clock error (a remote view's offset estimate) when checking an ack's paint time. */
export const PAINT_TIME_TOLERANCE_MS = 250
/**
 * Frames a view may have unacknowledged. One credit cost a whole frame of latency under load: a
 * value arriving during the paint waited for that paint's ack, and then for the next vsync after
 * its frame arrived. With a few frames in flight, paced `FRAME_SPACING_MS` apart, the view holds
 * values a few milliseconds old at each vsync; a slow or hidden view still gets at most this many
 * frames per paint (fewer, fuller ones), never a queue.
 */
export const FRAMES_IN_FLIGHT = 4
/** Least time between two frames to one view: coalescing below this buys latency nothing. */
export const FRAME_SPACING_MS = 4
/** Commands one view may have waiting for replies (a connection test takes up to 10 s). */
export const MAX_COMMANDS_IN_FLIGHT = 16

/** What a session reads from and reports to the engine. */
export interface SessionHost {
  readonly demo: boolean
  ticker(key: string): TickerQuote | undefined
  /** A sensor's latest reading and its presentation. */
  sensor(key: string): SensorLatest | undefined
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
 * One attached view. Holds its own dirty key sets and a window of credits: a frame goes out only
 * while fewer than `FRAMES_IN_FLIGHT` are unacked, at least `FRAME_SPACING_MS` after the previous
 * one, and each credit comes back with the ack of the paint that showed its frame. Updates between
 * frames coalesce, so a view gets a bounded number of frames per paint, never one per tick.
 */
export class ViewSession implements Disposable {
  private readonly dirtyTickers = new Set<string>()
  private readonly dirtyReadings = new Set<string>()
  private ready = false
  private seq = 0
  private readonly frames = new FramesInFlight(FRAMES_IN_FLIGHT)
  private lastFrameAt = -Infinity
  private flushScheduled: NodeJS.Immediate | null = null
  private spacingTimer: ReturnType<typeof setTimeout> | null = null
  /** receivedAt of the value each key last carried to this view: a resend is not a new paint. */
  private readonly shownReceivedAt = new Map<string, number>()
  /** The presentation this view was last given per sensor: a frame carries only values. */
  private readonly toldPresentation = new Map<string, SensorPresentation>()
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
    if (!this.ready) return
    // One hash lookup per update, not two: `add` says by the size whether the key was new.
    const before = this.dirtyTickers.size
    if (this.dirtyTickers.add(key).size !== before) this.scheduleFlush()
  }

  markReading(key: string): void {
    if (!this.ready) return
    const before = this.dirtyReadings.size
    if (this.dirtyReadings.add(key).size !== before) this.scheduleFlush()
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
    this.frames.supersede()
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
        this.frames.reset()
        this.onReady()
        break
      case 'ack':
        this.onAck(
          message.merged === undefined ? [message.seq] : [...message.merged, message.seq],
          message.paintedAt
        )
        break
      case 'ping':
        this.send({ type: 'pong', t0: message.t0, engineTime: wallNow() })
        break
      case 'command':
        this.runCommand(message)
        break
    }
  }

  /** One paint showed the frames `seqs` (oldest first). */
  private onAck(seqs: readonly number[], paintedAt: number): void {
    const { painted, invalid } = this.frames.take(seqs)
    for (let i = 0; i < invalid; i++) this.host.invalidViewMessage()
    if (painted.length === 0) return
    // A paint cannot precede the frames' sending nor lie in the future: such a time is a broken
    // clock or a forgery, and would falsify display latency. The credits come back either way
    // (the view did paint), but no latency is recorded.
    if (
      paintedAt < painted[painted.length - 1].sentAt - PAINT_TIME_TOLERANCE_MS ||
      paintedAt > wallNow() + PAINT_TIME_TOLERANCE_MS
    ) {
      this.host.invalidViewMessage()
    } else {
      this.host.frameAcked(shownReceivedAts(painted), paintedAt)
    }
    this.scheduleFlush()
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
    this.ready = true
    const snapshot = this.host.snapshot()
    this.shownReceivedAt.clear()
    for (const t of snapshot.tickers) this.shownReceivedAt.set(t.key, t.receivedAt)
    this.toldPresentation.clear()
    for (const r of snapshot.readings) {
      this.shownReceivedAt.set(r.key, r.receivedAt)
      const presentation = this.host.sensor(r.key)?.presentation
      if (presentation !== undefined) this.toldPresentation.set(r.key, presentation)
    }
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
  }

  private scheduleFlush(): void {
    if (this.flushScheduled !== null || this.spacingTimer !== null || this.ended) return
    if (this.frames.full) return
    if (this.dirtyTickers.size === 0 && this.dirtyReadings.size === 0) return
    const wait = this.lastFrameAt + FRAME_SPACING_MS - performance.now()
    if (wait > 0) {
      this.spacingTimer = setTimeout(() => {
        this.spacingTimer = null
        this.scheduleFlush()
      }, wait)
      return
    }
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
    if (this.spacingTimer !== null) clearTimeout(this.spacingTimer)
    this.spacingTimer = null
  }

  private flush(): void {
    if (this.frames.full || this.ended) return
    if (this.dirtyTickers.size === 0 && this.dirtyReadings.size === 0) return
    const keys: string[] = []
    const receivedAts: number[] = []
    const tickers: TickerFrameEntry[] = []
    for (const key of this.dirtyTickers) {
      const quote = this.host.ticker(key)
      if (quote === undefined) continue
      tickers.push(tickerEntry(quote))
      this.noteShown(key, quote.receivedAt, keys, receivedAts)
    }
    const readings: SensorUpdate[] = []
    let presentations: SensorPresentation[] | null = null
    for (const key of this.dirtyReadings) {
      const latest = this.host.sensor(key)
      if (latest === undefined) continue
      if (this.toldPresentation.get(key) !== latest.presentation) {
        this.toldPresentation.set(key, latest.presentation)
        ;(presentations ??= []).push(latest.presentation)
      }
      readings.push(updateOf(latest.reading))
      this.noteShown(key, latest.reading.receivedAt, keys, receivedAts)
    }
    // Before the frame, on the same ordered link: the view knows every sensor a frame names.
    if (presentations !== null) this.send({ type: 'sensors', sensors: presentations })
    if (this.ended) return
    this.host.framed(this.dirtyTickers)
    this.host.framed(this.dirtyReadings)
    this.dirtyTickers.clear()
    this.dirtyReadings.clear()
    const frame: FrameMessage = { type: 'frame', seq: ++this.seq, sentAt: wallNow(), tickers, readings }
    this.frames.add(frame.seq, { sentAt: frame.sentAt, keys, receivedAts })
    this.lastFrameAt = performance.now()
    this.send(frame)
  }

  private noteShown(key: string, receivedAt: number, keys: string[], receivedAts: number[]): void {
    if (this.shownReceivedAt.get(key) === receivedAt) return
    this.shownReceivedAt.set(key, receivedAt)
    keys.push(key)
    receivedAts.push(receivedAt)
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

/** A ticker as a frame carries it: its key already says its source and symbol. */
function tickerEntry(quote: TickerQuote): TickerFrameEntry {
  return {
    key: quote.key,
    last: quote.last,
    bid: quote.bid,
    ask: quote.ask,
    volume: quote.volume,
    changePct: quote.changePct,
    time: quote.time,
    receivedAt: quote.receivedAt,
    stale: quote.stale
  }
}

function isCommandLike(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'command'
}
