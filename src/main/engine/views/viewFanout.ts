import type { AlarmSummary } from '@shared/alarms'
import type { Role } from '@shared/commands/roles'
import type { Disposable } from '@shared/disposable'
import type { DisplayStats, SourceWatchlist, StatsPayload } from '@shared/model'
import type { ViewLink } from '@shared/protocol'
import { wallNow } from '../clock'
import { LatencyWindow } from '../latencyWindow'
import { ViewSession, type SessionHost } from '../viewSession'

/** What the engine gives every session (everything of `SessionHost` the fan-out does not keep). */
export type ViewContent = Omit<
  SessionHost,
  'frameAcked' | 'framed' | 'invalidViewMessage' | 'sessionEnded' | 'viewFailed' | 'viewFault'
> & {
  report(line: string): void
  fault(context: string, err: unknown): void
}

/**
 * The attached views: marks changed keys in each, sends them pushes, and keeps the figures only
 * views produce (frames painted, display latency, values superseded before any view saw them).
 */
export class ViewFanout implements Disposable {
  private readonly sessions = new Set<ViewSession>()
  private readonly displayLatency = new LatencyWindow()
  private frames = 0
  private supersededCount = 0
  /** Keys updated since any view was last sent them. */
  private readonly unseen = new Set<string>()
  private invalid = 0
  private readonly host: SessionHost

  constructor(content: ViewContent) {
    const { report, fault, ...shared } = content
    this.host = {
      ...shared,
      frameAcked: (receivedAts, paintedAt) => {
        this.frames++
        const now = wallNow()
        for (const receivedAt of receivedAts) this.displayLatency.record(paintedAt - receivedAt, now)
      },
      framed: (keys) => {
        for (const key of keys) this.unseen.delete(key)
      },
      invalidViewMessage: () => {
        this.invalid++
      },
      viewFailed: (reason) => report(`view closed: ${reason}`),
      viewFault: (context, err) => fault(`view: ${context}`, err),
      sessionEnded: (session) => {
        this.sessions.delete(session)
      }
    }
  }

  get size(): number {
    return this.sessions.size
  }

  /** View messages dropped as invalid (malformed, or an ack for a frame not outstanding). */
  get rejectedMessages(): number {
    return this.invalid
  }

  attach(link: ViewLink, role: Role, closed: boolean): Disposable {
    const session = new ViewSession(link, this.host, role)
    if (closed) session.dispose()
    else this.sessions.add(session)
    return session
  }

  /** `superseded`: values replaced before any view was sent them (engine-wide: no double count). */
  noteUpdate(key: string): void {
    if (this.sessions.size === 0) return
    // Already unseen: the value it had is superseded (one hash lookup: `add` tells by the size).
    const before = this.unseen.size
    if (this.unseen.add(key).size === before) this.supersededCount++
  }

  markTicker(key: string): void {
    for (const session of this.sessions) session.markTicker(key)
  }

  markReading(key: string): void {
    for (const session of this.sessions) session.markReading(key)
  }

  sendStats(stats: () => StatsPayload): void {
    if (this.sessions.size === 0) return
    const payload = stats()
    for (const session of this.sessions) session.sendStats(payload)
  }

  sendWatchlists(watchlists: SourceWatchlist[]): void {
    for (const session of this.sessions) session.sendWatchlists(watchlists)
  }

  sendAlarms(summary: AlarmSummary): void {
    for (const session of this.sessions) session.sendAlarms(summary)
  }

  /** Every view gets a fresh hello: keys may have gone, which frames cannot say. */
  resync(): void {
    for (const session of this.sessions) session.resync()
  }

  displayStats(now: number): DisplayStats {
    return {
      frames: this.frames,
      superseded: this.supersededCount,
      latencyMs: this.displayLatency.summary(now)
    }
  }

  dispose(): void {
    for (const session of [...this.sessions]) session.dispose()
    this.sessions.clear()
  }
}
