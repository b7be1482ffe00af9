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
}
