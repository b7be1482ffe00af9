import type { TickwireConfig } from '@shared/config'
import type { Disposable } from '@shared/disposable'
import {
  sensorKey,
  type Reading,
  type SnapshotPayload,
  type SourceWatchlist,
  type StatsPayload,
  type Tick
} from '@shared/model'
import type { ViewLink } from '@shared/protocol'
import type { SensorSettingsEdit } from '@shared/sensorSettings'
import type { Role } from '@shared/commands/roles'
import type { AlarmEngine } from './alarms/alarmEngine'
import {
  defaultOperator,
  EngineAlarms,
  type AlarmJournalSink,
  type AlarmJournalStatus,
  type SensorSettingsListener
} from './alarms/engineAlarms'
import { restoreRules } from './alarms/restoreRules'
import { wallNow } from './clock'
import { WINDOW_MS } from './latencyWindow'
import { CommandRouter } from './commands/commandRouter'
import { registerFeatureCommands } from './commands/featureCommands'
import { SensorCatalogs, type SensorCatalog } from './sensorCatalog'
import { SensorTable } from './sensorTable'
import { SensorEdits } from './sensorEdits'
import { FaultLog } from './faults'
import { EngineTimers } from './engineTimers'
import type { ChannelHost } from './sourceChannel'
import { LiveSources, liveSourceFactory, type SourceSpec } from './sources/liveSources'
import { SourceEdits, type SourceEditHost } from './sources/sourceEdits'
import { SourceSupervisor } from './sourceSupervisor'
import { TickerTable } from './tickerTable'
import { TickObservers } from './tickObservers'
import { ViewFanout } from './views/viewFanout'
import { EngineHistory } from './history/engineHistory'
import type { EngineOptions } from './engineOptions'
import { WatchlistRegistry, type WatchlistListener } from './watchlists/watchlistRegistry'

/**
 * The data path's core: sources push normalized values in, the engine keeps the latest value per
 * key, counts and measures everything, and feeds each attached view frames under credit.
 */
export type { EngineOptions } from './engineOptions'

export class Engine implements ChannelHost {
  /** Saved sensor edits that no longer fit the configuration (e.g. limits now out of order): not applied. */
  readonly skippedSensorOverrides: readonly string[]
  private readonly tickers = new TickerTable()
  private readonly sensors = new SensorTable()
  private readonly sources: LiveSources
  private readonly sourceEdits: SourceEdits
  /** The user's sensor edits in force, by key (kept for sources re-added while running). */
  private readonly supervisor: SourceSupervisor
  private readonly faults: FaultLog
  private readonly views: ViewFanout
  private readonly demo: boolean
  private readonly startedAt = wallNow()
  private readonly timers: EngineTimers
  private started = false
  private stopping: Promise<void> | null = null
  private readonly watchlistRegistry: WatchlistRegistry
  private readonly catalogs = new SensorCatalogs()
  private readonly alarmSide: EngineAlarms
  private readonly alarmJournal: AlarmJournalSink | null
  private readonly sensorEdits: SensorEdits
  /** Every view command's handler; features outside the engine (connections) register here too. */
  readonly commands: CommandRouter
  /** Every ticker's and sensor's past: the `history` command and `GET /api/history`. */
  readonly history: EngineHistory
  private readonly sessionStats: () => Pick<StatsPayload, 'recording' | 'replay' | 'republish' | 'alarmSync'>
  /** Features following every tick from outside the engine (republish). */
  readonly tickObservers = new TickObservers((context, err) => this.faults.fault(context, err))

  constructor(config: TickwireConfig, options: EngineOptions = {}) {
    this.demo = options.demo ?? false
    this.faults = new FaultLog(options.reportFault ?? ((line) => process.stderr.write(`tickwire: ${line}\n`)))
    this.supervisor = new SourceSupervisor(this.faults.report, (id, reason) =>
      this.sources.channel(id)?.state('reconnecting', reason)
    )
    this.timers = new EngineTimers(
      this.faults.fault,
      {
        stats: () => this.pushStats(),
        staleCheck: () => this.checkStale(),
        statePush: () => {
          this.broadcastStats()
          // Adapters report the exchange's verdict on symbols through the same state-change path.
          this.broadcastWatchlists()
        }
      },
      { statsMs: options.statsIntervalMs ?? 1000, staleCheckMs: options.staleCheckIntervalMs ?? 250 }
    )
    const now = wallNow()
    this.sources = new LiveSources(
      this,
      this.catalogs,
      this.supervisor,
      (id) => this.watchlistRegistry.symbolsOf(id),
      options.sourceFactory ?? liveSourceFactory(options.publishJournal ?? null),
      options.tapFor
    )
    for (const spec of LiveSources.specsOf(config)) this.sources.add(spec, now)
    this.watchlistRegistry = new WatchlistRegistry(
      () => this.sources.markets(),
      (id) => this.sources.kindOf(id) === 'telemetry',
      (id) => this.sources.channel(id)?.symbolStatuses
    )
    this.sensorEdits = new SensorEdits(options.sensorOverrides, {
      catalogs: this.catalogs,
      sensors: this.sensors,
      sensorChanged: (key) => this.sensorChanged(key)
    })
    this.skippedSensorOverrides = this.catalogs.applySaved(options.sensorOverrides)
    this.alarmJournal = options.alarmJournal ?? null
    const journal = this.alarmJournal
    this.alarmSide = new EngineAlarms(
      this.sources.markets(),
      {
        operator: options.operator ?? defaultOperator(),
        clock: options.alarmClock,
        record: journal === null ? undefined : (event) => journal.append(event),
        restored: options.restoredAlarms,
        ...restoreRules(config, new Set(options.sensorOverrides?.keys() ?? []))
      },
      (summary) => this.views.sendAlarms(summary)
    )
    this.commands = new CommandRouter(this.faults.fault)
    this.views = new ViewFanout({
      demo: this.demo,
      ticker: (key) => this.tickers.get(key),
      sensor: (key) => this.sensors.latest(key),
      snapshot: () => this.snapshot(),
      stats: () => this.stats(),
      watchlists: () => this.watchlists(),
      alarms: () => this.alarmSide.alarms.summary(),
      operator: this.alarmSide.alarms.defaultOperator,
      dispatch: (name, args, context) => this.commands.dispatch(name, args, context),
      report: this.faults.report,
      fault: this.faults.fault
    })
    this.sessionStats = options.sessionStats ?? (() => ({}))
    this.history = new EngineHistory(options.history ?? {}, (key) => this.knownKey(key), wallNow)
    registerFeatureCommands(this.commands, this, options.publishJournal ?? null)
    this.sourceEdits = new SourceEdits(this.sourceEditHost())
  }

  start(): void {
    if (this.started || this.stopping) return
    this.started = true
    // Configured sensors exist from now, reported or not, so one that never reports goes stale.
    this.sensors.expectAll(this.catalogs.configuredSensors(), wallNow())
    this.supervisor.start()
    this.history.start(this.faults.fault)
    this.timers.start()
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    const stopSources = this.supervisor.stop()
    this.stopping = stopSources.then(() => {
      this.timers.dispose()
      this.history.stop()
      this.alarmSide.dispose()
      this.sensorEdits.dispose()
      this.views.dispose()
      this.watchlistRegistry.dispose()
    })
    return this.stopping
  }

  /** After the machine slept: every source proves its connection is alive or reconnects now. */
  checkHealth(): void {
    this.supervisor.checkHealth()
  }

  /** `role`: what the view may do (default admin: the desktop app, an open loopback). */
  attachView(link: ViewLink, options: { role?: Role } = {}): Disposable {
    return this.views.attach(link, options.role ?? 'admin', this.stopping !== null)
  }

  /** Latest values; a market source's tickers only for symbols it still watches. */
  snapshot(): SnapshotPayload {
    return {
      tickers: this.tickers.all().filter((t) => this.watchlistRegistry.isWatched(t.source, t.symbol)),
      readings: this.sensors.all(),
      alarms: this.alarmSide.alarms.openAlarms()
    }
  }

  /** Acks, shelves and the alarm summary (ISA-18.2 states, journaled). */
  get alarms(): AlarmEngine {
    return this.alarmSide.alarms
  }

  /** The journal's file and last write failure, or `null` when alarms are not journaled. */
  alarmJournalStatus(): AlarmJournalStatus | null {
    return this.alarmJournal?.status() ?? null
  }

  /** Suppresses new alarms of a sensor or alerted ticker for `durationMs`; refused for unknown keys. */
  shelve(key: string, durationMs: number, by?: string): string | null {
    const sensorLabel = this.sensors.get(key)?.label ?? this.catalogs.configuredLabel(key)
    return this.alarmSide.shelve(key, durationMs, by, sensorLabel)
  }

  /** Applies a user's sensor edit; returns why it was refused (nothing changes then), or `null`. */
  setSensorSettings(key: string, edit: SensorSettingsEdit): string | null {
    return this.sensorEdits.edit(key, edit)
  }

  /** Called with a sensor's new override (or `null`: back to configured) after each edit. */
  onSensorSettingsChange(listener: SensorSettingsListener): Disposable {
    return this.sensorEdits.onChange(listener)
  }

  /** Adds a source while running; resolves to why it was refused, or `null`. */
  addSource(spec: SourceSpec): Promise<string | null> {
    return this.sourceEdits.add(spec)
  }

  /** Remakes a running source with new settings; the others are untouched. */
  replaceSource(spec: SourceSpec): Promise<string | null> {
    return this.sourceEdits.replace(spec)
  }

  /** Removes a source; its open alarms close with `reason`. */
  removeSource(id: string, reason: string): Promise<string | null> {
    return this.sourceEdits.remove(id, reason)
  }

  /** The settings in force, as a configuration (the file's and the ones added live). */
  sourceConfig(): TickwireConfig {
    return this.sources.config()
  }

  /** Every market source's watchlist with the exchange's verdict per watched symbol. */
  watchlists(): SourceWatchlist[] {
    return this.watchlistRegistry.list()
  }

  /**
   * Replaces the watched symbols of a market source, live. Returns why it was refused (unknown or
   * telemetry source, invalid symbols), or `null` when applied; a refusal changes nothing.
   */
  setWatchlist(sourceId: string, symbols: readonly string[]): string | null {
    const refused = this.watchlistRegistry.set(sourceId, symbols, (next) => {
      this.supervisor.get(sourceId)?.setSymbols?.(next)
    })
    if (refused === null) this.broadcastWatchlists()
    return refused
  }

  /** Called with the new full list whenever a view changes a source's watchlist (persistence). */
  onWatchlistChange(listener: WatchlistListener): Disposable {
    return this.watchlistRegistry.onChange(listener)
  }

  stats(): StatsPayload {
    const now = wallNow()
    return {
      uptimeMs: Math.round(now - this.startedAt),
      windowMs: WINDOW_MS,
      sources: this.sources.stats(now),
      display: this.views.displayStats(now),
      history: this.history.book.stats(),
      ...this.sessionStats(),
      ...this.faults.stats()
    }
  }

  sourceSpec(id: string): SourceSpec | undefined {
    return this.sources.spec(id)
  }

  runningSource(id: string): unknown {
    return this.supervisor.get(id)
  }

  /** A key with no history yet is still known when it is live or configured. */
  private knownKey(key: string): { kind: 'ticker' | 'sensor'; unit: string } | undefined {
    if (this.tickers.get(key) !== undefined) return { kind: 'ticker', unit: '' }
    const reading = this.sensors.get(key)
    if (reading !== undefined) return { kind: 'sensor', unit: reading.unit }
    const info = this.catalogs.configuredInfo(key)
    return info === undefined ? undefined : { kind: 'sensor', unit: info.unit }
  }

  /** View messages dropped as invalid (malformed, or an ack for a frame not outstanding). */
  get rejectedViewMessages(): number {
    return this.views.rejectedMessages
  }

  // ChannelHost: called by the source channels on the hot path.

  applyTick(tick: Tick, staleAfterMs: number): boolean {
    const { key, gap } = this.tickers.apply(tick, staleAfterMs)
    this.views.noteUpdate(key)
    const quote = this.tickers.get(key)
    if (quote !== undefined) {
      this.history.tick(tick, quote)
      this.tickObservers.notify(tick, quote)
      if (tick.last !== undefined) this.alarmSide.ticker(quote)
    }
    this.views.markTicker(key)
    return gap
  }

  applyReading(reading: Reading, catalog: SensorCatalog): void {
    const latest = this.sensors.apply(reading, catalog)
    this.views.noteUpdate(latest.key)
    this.history.reading(latest)
    this.alarmSide.sensor(latest, this.sensors.lastApplyFlags, this.sensors.lastApplyChanged)
    this.views.markReading(latest.key)
  }

  sensorDescribed(sourceId: string, sensorId: string, catalog: SensorCatalog): void {
    const key = sensorKey(sourceId, sensorId)
    if (!this.sensors.updateInfo(key, catalog.info(sensorId), wallNow())) return
    this.sensorChanged(key)
  }

  sensorsOffline(sourceId: string, sensorIds: readonly string[], reason: string): void {
    for (const sensorId of sensorIds) {
      const key = sensorKey(sourceId, sensorId)
      if (this.sensors.markOffline(key, reason)) this.sensorChanged(key)
    }
  }

  /** A sensor's state or presentation changed outside a reading: alarms and views learn of it. */
  private sensorChanged(key: string): void {
    const entry = this.sensors.get(key)
    if (entry !== undefined) this.alarmSide.sensor(entry, this.sensors.flags(key), true)
    this.views.markReading(key)
  }

  sourceFault(sourceId: string, context: string, err: unknown): void {
    this.supervisor.fault(sourceId, context, err)
  }

  sourceStateChanged(): void {
    if (this.stopping) return
    this.timers.requestStatePush()
  }

  private sourceEditHost(): SourceEditHost {
    return {
      sources: this.sources,
      tickers: this.tickers,
      sensors: this.sensors,
      catalogs: this.catalogs,
      watchlists: this.watchlistRegistry,
      alarms: this.alarmSide,
      sensorOverrides: this.sensorEdits.overrides,
      now: wallNow,
      stopping: () => this.stopping !== null,
      readingChanged: (key) => this.views.markReading(key),
      sourcesChanged: () => {
        this.views.resync()
        this.sourceStateChanged()
      }
    }
  }

  private pushStats(): void {
    const now = wallNow()
    for (const channel of this.sources.channels()) channel.updateRate(now)
    this.broadcastStats()
  }

  private broadcastStats(): void {
    this.views.sendStats(() => this.stats())
  }

  private broadcastWatchlists(): void {
    const watchlists = this.watchlistRegistry.unsent()
    if (watchlists === null) return
    this.views.sendWatchlists(watchlists)
  }

  private checkStale(): void {
    const now = wallNow()
    this.tickers.checkStale(now, (key) => this.views.markTicker(key))
    this.sensors.checkStale(
      now,
      (key) => this.sensorChanged(key),
      (silent) => this.alarmSide.silentSensor(silent)
    )
  }
}
