import type { Disposable } from '@shared/disposable'
import { registerAlarmCommands, type AlarmSide } from '../alarms/alarmCommands'
import type { EngineHistory } from '../history/engineHistory'
import { publishTargetOf, registerPublishCommands, type PublishJournalSink } from '../publish/publishCommands'
import { registerSensorSettingsCommands, type SensorSettingsSide } from '../sensorSettingsCommands'
import type { SourceSpec } from '../sources/liveSources'
import { registerTopicCommands } from '../topics/topicCommands'
import { registerWatchlistCommands, type WatchlistSide } from '../watchlists/watchlistCommands'
import type { CommandRouter } from './commandRouter'

/** What the features' commands reach in the engine. */
export interface FeatureHost extends WatchlistSide, AlarmSide, SensorSettingsSide {
  readonly history: EngineHistory
  /** A source's settings, and the source running for it. */
  sourceSpec(id: string): SourceSpec | undefined
  runningSource(id: string): unknown
}

/**
 * The registry of the engine's own features' view commands: each feature folder registers its
 * commands here, so a new feature is its folder plus one line, not new members on the engine.
 */
export function registerFeatureCommands(
  commands: CommandRouter,
  host: FeatureHost,
  publishJournal: PublishJournalSink | null
): Disposable[] {
  return [
    registerWatchlistCommands(commands, host),
    registerAlarmCommands(commands, host),
    registerSensorSettingsCommands(commands, host),
    host.history.register(commands),
    ...registerPublishCommands(
      commands,
      (id) => publishTargetOf(host.sourceSpec(id), host.runningSource(id)),
      publishJournal
    ),
    ...registerTopicCommands(commands, (id) => host.runningSource(id))
  ]
}
