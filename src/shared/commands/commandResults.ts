import type { HistorySeries, RecentTrade } from '../history'
import type { RecordingStatus, ReplayStatus } from '../recording'
import type { PublishJournalEntry, PublishResult } from '../publish'
import type { TopicMessages, TopicTreePage } from '../topics'
import type { NamedLayout } from '../layouts'
import type { ConnectionEntry, ConnectionsList, ConnectionTestVerdict } from '../connections/connectionModel'

/** What each command answers when it succeeds. */
export interface CommandResults {
  /** The watchlist as now applied (duplicates removed). */
  setWatchlist: { symbols: string[] }
  ackAlarm: null
  /** How many alarms the ack reached. */
  ackAllAlarms: { acked: number }
  shelve: null
  unshelve: null
  setSensorSettings: null
  listConnections: ConnectionsList
  /** The connection as now saved (and running unless disabled). */
  saveConnection: ConnectionEntry
  testConnection: ConnectionTestVerdict
  removeConnection: null
  setConnectionEnabled: ConnectionEntry
  /** A configuration file (`{ "market": […], "telemetry": […] }`) of the user's connections. */
  exportConnections: { text: string; secretsIncluded: boolean }
  importConnections: { added: string[] }
  /** Points or buckets over the range asked for. */
  history: HistorySeries
  /** A ticker's recent trades, newest first. */
  trades: RecentTrade[]
  setRecording: RecordingStatus
  replayControl: ReplayStatus
  /** `journalProblem`: why the publish could not be written in the journal (it was published all the same). */
  publish: PublishResult & { journalProblem: string | null }
  /** The latest publishes, newest first. */
  publishJournal: PublishJournalEntry[]
  /** A page of one broker's topics, sorted. */
  topicTree: TopicTreePage
  /** One topic's last messages, newest first. */
  topicMessages: TopicMessages
  /** The saved layouts after the command, in name order. */
  listLayouts: NamedLayout[]
  saveLayout: NamedLayout[]
  deleteLayout: NamedLayout[]
}
