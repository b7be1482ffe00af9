import type { Disposable } from '@shared/disposable'
import type { StatsPayload } from '@shared/model'
import type { RepublishSettings } from '@shared/republishConfig'
import type { TickObservers } from '../tickObservers'
import { TickRepublisher, type RepublisherOptions } from './tickRepublisher'

type SessionStats = () => Pick<StatsPayload, 'recording' | 'replay' | 'republish'>

/**
 * The `republish` section wired to an engine: its stats beside the session's, the republisher
 * following every tick once attached, and one `stop` for its client and timer.
 */
export class RepublishFeature {
  readonly republisher: TickRepublisher
  private observing: Disposable | null = null

  constructor(settings: RepublishSettings, fault: TickObservers['fault'], options: RepublisherOptions = {}) {
    this.republisher = new TickRepublisher(settings, fault, options)
  }

  /** The engine's `sessionStats` with `republish` added. */
  withStats(session: SessionStats | undefined): SessionStats {
    return () => ({ ...session?.(), republish: this.republisher.stats() })
  }

  /** Follows every tick from now on and connects to the broker. */
  attach(observers: TickObservers): void {
    this.observing ??= observers.add((tick, quote) => this.republisher.observe(tick, quote))
    this.republisher.start()
  }

  stop(): Promise<void> {
    this.observing?.dispose()
    this.observing = null
    return this.republisher.stop()
  }
}
