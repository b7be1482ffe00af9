import type { AlarmClock } from './alarms/alarmEngine'
import type { RestoredAlarms } from './alarms/alarmEvents'
import type { AlarmJournalSink } from './alarms/engineAlarms'
import type { EngineHistoryOptions } from './history/engineHistory'
import type { StatsPayload } from '@shared/model'
import type { SensorOverride } from './sensorCatalog'
import type { SourceFactory } from './sources/liveSources'
import type { WireTap } from './recording/wireTap'
import type { PublishJournalSink } from './publish/publishCommands'

export interface EngineOptions {
  /** Reported in the hello message. */
  demo?: boolean
  /** Stats pushed to every view and rates computed this often; default 1000. */
  statsIntervalMs?: number
  /** How often staleness is re-evaluated; default 250. */
  staleCheckIntervalMs?: number
  /** Who acks and shelves are attributed to when a view names no one; default: the OS user. */
  operator?: string
  /** Time and timers for alarms (shelve expiry); tests inject one. */
  alarmClock?: AlarmClock
  /** Where alarm events go, in order (the journal). */
  alarmJournal?: AlarmJournalSink
  /** Where every publish from the Publish panel is written down (`publish.jsonl`). */
  publishJournal?: PublishJournalSink
  /** Open alarms and shelves from a previous run (replayed from the journal). */
  restoredAlarms?: RestoredAlarms
  /** The user's saved sensor edits by sensor key, applied from the start. */
  sensorOverrides?: ReadonlyMap<string, SensorOverride>
  /** Internal errors, one line each with their context (a source restarted, a view closed); default: stderr. */
  reportFault?: (line: string) => void
  /** History: retention, memory budget, the disk it is written to and read back from. */
  history?: EngineHistoryOptions
  /** What makes each source: live connections by default, a recording's replay otherwise. */
  sourceFactory?: SourceFactory
  /** Where each source reports its wire messages for a recording. */
  tapFor?: (sourceId: string) => WireTap
  /** Recording, replay, republish and alarm sync status, added to the stats every view gets. */
  sessionStats?: () => Pick<StatsPayload, 'recording' | 'replay' | 'republish' | 'alarmSync'>
}
