import type { HistoryRequest, RecentTrade } from '@shared/history'
import { DisposableStore, type Disposable } from '@shared/disposable'
import type { SensorReading, Tick, TickerQuote } from '@shared/model'
import type { CommandRouter } from '../commands/commandRouter'
import { CommandRefused } from '../commands/commandRouter'
import { guard } from '../faults'
import { HistoryBook, type HistorySink } from './historyBook'
import { answerHistory, type HistoryAnswer, type KnownKey } from './historyRequest'

export interface EngineHistoryOptions {
  /** How long the per-minute buckets are kept; default 24 hours. */
  retentionMs?: number
  /** What history may hold in memory; default `DEFAULT_HISTORY_MEMORY_BYTES`. */
  memoryBytes?: number
  /** Where closed minutes are written (the state directory); none keeps history in memory only. */
  sink?: HistorySink
  /**
   * A replay: the recorded time of the event being played (the last one played between events).
   * History is stamped with it, and its ranges and minutes follow it, so a replay's charts show
   * when things happened, not when they were replayed.
   */
  recordedTime?: () => number | null
  /** A replay: which pass over the recording is playing (a `--loop` starts its history over each pass). */
  recordedPass?: () => number
}

/** Quiet keys' ended minutes reach the disk this often. */
const SWEEP_INTERVAL_MS = 5_000
export const DEFAULT_RETENTION_MS = 24 * 3_600_000

/**
 * The engine's history feature: fed from the hot path, swept to the disk on a timer, asked
 * through the `history` command and `GET /api/history`.
 */
export class EngineHistory {
  readonly book: HistoryBook
  private timer: NodeJS.Timeout | null = null
  private readonly recordedTime: (() => number | null) | undefined
  private lastPass = 0
  private readonly recordedPass: (() => number) | undefined

  constructor(
    options: EngineHistoryOptions,
    private readonly known: (key: string) => KnownKey | undefined,
    private readonly now: () => number
  ) {
    this.book = new HistoryBook({
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      memoryBytes: options.memoryBytes,
      sink: options.sink
    })
    this.recordedTime = options.recordedTime
    this.recordedPass = options.recordedPass
  }

  start(fault: (context: string, err: unknown) => void): void {
    this.timer ??= setInterval(
      guard('history: sweep', fault, () => this.book.sweep(this.clock())),
      SWEEP_INTERVAL_MS
    )
  }

  /** After the sources stopped: the open minutes go to the disk too. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.book.closeAll(this.clock())
  }

  /**
   * A tick applied to its quote. The value is the last price; a feed that carries only quotes
   * charts the mid price. The band takes every bid and ask.
   */
  tick(tick: Tick, quote: TickerQuote): void {
    // Stamped first: a looped replay's stamp clears the book, so the key's history comes after it.
    const t = this.stamp(tick.receivedAt)
    const history = this.book.of(quote.key, 'ticker')
    if (history === undefined) return
    if (tick.bid !== undefined || tick.ask !== undefined) history.quote(t, tick.bid ?? null, tick.ask ?? null)
    if (tick.last !== undefined) {
      history.value(t, tick.last)
      if (tick.trade !== undefined) history.trade(tick.time ?? t, tick.last, tick.trade.size, tick.trade.side)
    } else if (quote.last === null && quote.bid !== null && quote.ask !== null)
      history.value(t, (quote.bid + quote.ask) / 2)
  }

  /** Numbers as they are, on/off as 1/0; text sensors have no numeric history. */
  reading(reading: SensorReading): void {
    const value = reading.value
    const v = typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : null
    if (v === null) return
    // Stamped first: a looped replay's stamp clears the book, so the key's history comes after it.
    const t = this.stamp(reading.receivedAt)
    this.book.of(reading.key, 'sensor')?.value(t, v)
  }

  answer(request: HistoryRequest): HistoryAnswer {
    return answerHistory(this.book, request, this.known, this.clock())
  }

  /** A value's time: its receive time, or in a replay the recorded time of the event being played. */
  private stamp(receivedAt: number): number {
    const recorded = this.recordedTime?.()
    if (recorded === undefined || recorded === null) return receivedAt
    // A looped replay starting over: its history starts over with it (the tiers only move
    // forward). Within a pass a time that goes back is taken as the one before, like a live one.
    const pass = this.recordedPass?.() ?? 0
    if (pass !== this.lastPass) {
      this.book.clear()
      this.lastPass = pass
    }
    return recorded
  }

  /** Now, for history: the replay's recorded time while replaying, else the engine's clock. */
  private clock(): number {
    return this.recordedTime?.() ?? this.now()
  }

  /** A ticker's recent trades, newest first (empty for a feed that carries none). */
  trades(key: string): RecentTrade[] | undefined {
    const history = this.book.get(key)
    if (history === undefined) return this.known(key) === undefined ? undefined : []
    return history.recentTrades()
  }

  /** The `history` command (what `GET /api/history` answers) and `trades`, through the registry. */
  register(router: CommandRouter): Disposable {
    const store = new DisposableStore()
    store.add(
      router.register('history', (args) => {
        const answer = this.answer(args)
        if (!answer.ok) throw new CommandRefused(answer.error)
        return answer.series
      })
    )
    store.add(
      router.register('trades', ({ key }) => {
        const trades = this.trades(key)
        if (trades === undefined) throw new CommandRefused(`no ticker "${key.slice(0, 120)}"`)
        return trades
      })
    )
    return store
  }
}
