import { describeFault } from './faults'
import type { Source } from './sourceSink'

/** A fault this soon after the previous restart doubles the wait before the next one. */
const STABLE_MS = 10_000
const FIRST_RETRY_MS = 1_000
const MAX_RETRY_MS = 60_000

interface Entry {
  create: () => Source
  source: Source | null
  /** When the current source was started: stability is measured from here, not from the fault. */
  launchedAt: number
  /** Restarts since the source last ran stably; the first one is immediate. */
  restarts: number
  retryMs: number
  timer: NodeJS.Timeout | null
  restarting: boolean
  /** Faults during the current restart, told with the next restart's line. */
  suppressed: number
  /** The previous instance still stopping after a fault: a removal waits for it too. */
  stopping: Promise<void> | null
}

/**
 * Owns the running sources. A source whose own code throws (a bug, or an input nobody foresaw)
 * is logged with the context and replaced by a fresh one from its factory — the others keep
 * running. Faults that repeat quickly back off, so a source that fails at once on every start
 * costs a log line a minute, not a loop.
 */
export class SourceSupervisor {
  private readonly entries = new Map<string, Entry>()
  /** Sources being stopped for a restart: `stop()` waits for them too. */
  private readonly pendingStops = new Set<Promise<void>>()
  private stopped = false
  private started = false

  constructor(
    private readonly report: (line: string) => void,
    /** Told before a restart, so the source's state can say why (`reconnecting` with the reason). */
    private readonly restarting: (id: string, reason: string) => void
  ) {}

  /** Registers a source; once the supervisor runs, it starts at once. */
  add(id: string, create: () => Source): void {
    if (this.entries.has(id)) throw new Error(`source ${id} is already supervised`)
    const entry: Entry = {
      create,
      source: null,
      launchedAt: 0,
      restarts: 0,
      retryMs: 0,
      timer: null,
      restarting: false,
      suppressed: 0,
      stopping: null
    }
    this.entries.set(id, entry)
    if (this.started && !this.stopped) this.launch(id, entry)
  }

  /** Stops and forgets a source (a pending restart is cancelled); resolves once it has stopped. */
  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id)
    if (entry === undefined) return
    this.entries.delete(id)
    if (entry.timer !== null) clearTimeout(entry.timer)
    entry.timer = null
    const source = entry.source
    entry.source = null
    // An instance stopping after a fault must be gone too: never two connections of one source.
    await Promise.all([source?.stop().catch(() => undefined), entry.stopping])
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  get(id: string): Source | undefined {
    return this.entries.get(id)?.source ?? undefined
  }

  start(): void {
    this.started = true
    for (const [id, entry] of this.entries) this.launch(id, entry)
  }

  checkHealth(): void {
    for (const entry of this.entries.values()) entry.source?.checkHealth?.()
  }

  async stop(): Promise<void> {
    this.stopped = true
    const stopping: Promise<void>[] = []
    for (const entry of this.entries.values()) {
      if (entry.timer !== null) clearTimeout(entry.timer)
      entry.timer = null
      if (entry.source !== null) stopping.push(entry.source.stop().catch(() => undefined))
    }
    await Promise.all([...stopping, ...this.pendingStops])
  }

  /** Source `id` threw in `context`: log it, stop that source and start a fresh one. */
  fault(id: string, context: string, err: unknown): void {
    const entry = this.entries.get(id)
    if (entry === undefined || this.stopped) {
      this.report(`internal error after stop: ${describeFault(`source ${id}: ${context}`, err)}`)
      return
    }
    // Faults while a restart is under way (the rest of the same burst) are counted, not logged:
    // one line per restart, never one per message.
    if (entry.restarting) {
      entry.suppressed++
      return
    }
    const repeats =
      entry.suppressed > 0 ? ` (and ${entry.suppressed} more faults before the last restart)` : ''
    entry.suppressed = 0
    this.report(
      `internal error, restarting the source: ${describeFault(`source ${id}: ${context}`, err)}${repeats}`
    )
    entry.restarting = true
    // A source that ran stably before this fault restarts at once; one that keeps failing soon
    // after each start waits 1 s, 2 s, … up to a minute between attempts.
    if (Date.now() - entry.launchedAt >= STABLE_MS) entry.restarts = 0
    entry.retryMs =
      entry.restarts === 0 ? 0 : Math.min(MAX_RETRY_MS, Math.max(FIRST_RETRY_MS, entry.retryMs * 2))
    entry.restarts++
    const old = entry.source
    entry.source = null
    const message = err instanceof Error ? err.message : String(err)
    const stopped = (old?.stop() ?? Promise.resolve()).catch(() => undefined)
    this.pendingStops.add(stopped)
    entry.stopping = stopped
    void stopped.then(() => {
      this.pendingStops.delete(stopped)
      if (entry.stopping === stopped) entry.stopping = null
      // Stopped, or removed (or replaced) while its old instance was stopping: nothing to restart.
      if (this.stopped || this.entries.get(id) !== entry) return
      try {
        this.restarting(id, `restarted after an internal error in ${context}: ${message}`)
      } catch (notifyErr) {
        this.report(`could not report the restart of ${id}: ${describeFault('restart notice', notifyErr)}`)
      }
      entry.timer = setTimeout(() => {
        entry.timer = null
        entry.restarting = false
        if (!this.stopped && this.entries.get(id) === entry) this.launch(id, entry)
      }, entry.retryMs)
    })
  }

  private launch(id: string, entry: Entry): void {
    entry.launchedAt = Date.now()
    try {
      entry.source = entry.create()
      entry.source.start()
    } catch (err) {
      this.fault(id, 'start', err)
    }
  }
}
