import { hostname } from 'node:os'
import type { AlarmSyncStats } from '@shared/alarmSync'
import { CONSOLE_NAME_PATTERN, type AlarmSyncSettings } from '@shared/alarmSyncConfig'
import type { Disposable } from '@shared/disposable'
import type { StatsPayload } from '@shared/model'
import type { AlarmEngine } from '../alarms/alarmEngine'
import { guard, type FaultHandler } from '../faults'
import type { MqttLinkOptions } from '../mqttLink'
import { AlarmReplica } from './alarmReplica'
import { AlarmSyncLink } from './alarmSyncLink'

type SessionStats = () => Pick<StatsPayload, 'recording' | 'replay' | 'republish' | 'alarmSync'>

/** The console name in force: configured, else the user name, else the host name (made a valid level). */
export function consoleNameOf(settings: Pick<AlarmSyncSettings, 'console' | 'username'>): string {
  if (settings.console !== undefined) return settings.console
  if (settings.username !== undefined && CONSOLE_NAME_PATTERN.test(settings.username))
    return settings.username
  const host = hostname()
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 64)
  return host.length > 0 ? host : 'console'
}

/**
 * The `alarmSync` section wired to an alarm engine (issue 13): a replica of the shared alarm
 * state following the engine's events, the broker link carrying it, its stats beside the
 * session's, and one `stop` for the client and its timers.
 */
export class AlarmSyncFeature {
  readonly console: string
  private readonly link: AlarmSyncLink
  private following: Disposable | null = null

  constructor(
    settings: AlarmSyncSettings,
    private readonly fault: FaultHandler,
    options: MqttLinkOptions = {}
  ) {
    this.console = consoleNameOf(settings)
    this.link = new AlarmSyncLink(settings, this.console, fault, options)
  }

  /** The engine's `sessionStats` with `alarmSync` added. */
  withStats(session: SessionStats | undefined): SessionStats {
    return () => ({ ...session?.(), alarmSync: this.link.stats() })
  }

  stats(): AlarmSyncStats {
    return this.link.stats()
  }

  /** Takes in the alarms open now (restored from the journal), follows every event, connects. */
  attach(alarms: AlarmEngine): void {
    if (this.following !== null) return
    const replica = new AlarmReplica(this.console, alarms, this.link)
    replica.seed(alarms.summary())
    this.following = alarms.onChange(
      guard('alarmSync event', this.fault, (event?: Parameters<AlarmReplica['local']>[0]) => {
        if (event !== undefined) replica.local(event)
      })
    )
    this.link.start(replica)
  }

  /** After a machine sleep: the broker connection proves itself alive or reconnects. */
  checkHealth(): void {
    this.link.checkHealth()
  }

  stop(): Promise<void> {
    this.following?.dispose()
    this.following = null
    return this.link.stop()
  }
}
