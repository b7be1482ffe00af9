import type { Disposable } from '@shared/disposable'
import { guard, type FaultHandler } from './faults'

/** A source state change pushes stats this soon, so a burst of changes sends one message. */
const STATE_PUSH_DEBOUNCE_MS = 50

/** What the engine does on its own clock. Each runs guarded: a throw is a counted fault, never a dead timer. */
export interface EngineTimerWork {
  /** Every stats interval: rates updated and stats sent to the views. */
  stats(): void
  /** Every stale-check interval: values that stopped arriving turn stale. */
  staleCheck(): void
  /** Once, soon after a burst of source state changes. */
  statePush(): void
}

/**
 * The engine's timers in one place, so none outlives `dispose` (the engine's stop): the periodic
 * stats push and stale check, and the debounced state push after a source changes state.
 */
export class EngineTimers implements Disposable {
  private statsTimer: NodeJS.Timeout | null = null
  private staleTimer: NodeJS.Timeout | null = null
  private statePushTimer: NodeJS.Timeout | null = null
  private running = false
  private readonly stats: () => void
  private readonly staleCheck: () => void
  private readonly statePush: () => void

  constructor(
    fault: FaultHandler,
    work: EngineTimerWork,
    private readonly intervals: { statsMs: number; staleCheckMs: number }
  ) {
    this.stats = guard('engine: stats', fault, () => work.stats())
    this.staleCheck = guard('engine: stale check', fault, () => work.staleCheck())
    this.statePush = guard('engine: state push', fault, () => {
      this.statePushTimer = null
      work.statePush()
    })
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.statsTimer = setInterval(this.stats, this.intervals.statsMs)
    this.staleTimer = setInterval(this.staleCheck, this.intervals.staleCheckMs)
  }

  /** Pushes state once, soon; ignored before `start`, after `dispose`, or while a push is already due. */
  requestStatePush(): void {
    if (!this.running || this.statePushTimer !== null) return
    this.statePushTimer = setTimeout(this.statePush, STATE_PUSH_DEBOUNCE_MS)
  }

  dispose(): void {
    this.running = false
    if (this.statsTimer) clearInterval(this.statsTimer)
    if (this.staleTimer) clearInterval(this.staleTimer)
    if (this.statePushTimer) clearTimeout(this.statePushTimer)
    this.statsTimer = this.staleTimer = this.statePushTimer = null
  }
}
