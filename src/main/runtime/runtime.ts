import { DEFAULT_HISTORY_SETTINGS, type HistorySettings, type TickwireConfig } from '@shared/config'
import { Engine } from '../engine/engine'
import { watchlistProblem } from '../engine/watchlists/watchlistRegistry'
import type { Environment } from '@shared/envReferences'
import { startDemo, type RunningDemo } from '../demo/startDemo'
import { LiveSources, type SourceSpec } from '../engine/sources/liveSources'
import { ConnectionManager, type ConnectionManagerOptions } from './connections/connectionManager'
import { ConnectionStore } from './connections/connectionStore'
import { filePermissionCipher, type SecretCipher } from './connections/secretCipher'
import { SecretStore } from './connections/secretStore'
import { startConnections } from './connections/startConnections'
import { PublishJournal } from './publishJournal'
import { AlarmJournal } from './alarmJournal'
import { readRecordingHeader } from '../engine/recording/replayPlayer'
import {
  clearReplayState,
  liveRecording,
  replaySession,
  replayStateDir,
  type SessionRecording
} from './sessionRecording'
import type { ReplaySpeed } from '@shared/recording'
import { HistoryFiles } from './history/historyFiles'
import { loadConfig } from './loadConfig'
import { SensorSettingsStore } from './sensorSettingsStore'
import { acquireStateDirLock, STATE_DIR_LOCK_FILE } from './stateDirLock'
import { WatchlistStore } from './watchlistStore'
import { registerLayoutCommands } from './layouts/layoutCommands'
import { LayoutStore } from './layouts/layoutStore'
import type { UpdateSettings } from '@shared/updateConfig'
import type { RepublishSettings } from '@shared/republishConfig'
import { RepublishFeature } from '../engine/republish/republishFeature'
import type { AlarmSyncSettings } from '@shared/alarmSyncConfig'
import { AlarmSyncFeature } from '../engine/alarmSync/alarmSyncFeature'

export interface RuntimeOptions {
  /** A configuration file; `null` runs the embedded demo (unless `demo` is false). */
  configFile: string | null
  demo: boolean
  /**
   * Where the user's watchlists, sensor edits and the alarm journal are kept across restarts;
   * `null` keeps nothing (the configuration's settings every time, alarms in memory only).
   */
  stateDir?: string | null
  /** Problems with the saved state (a corrupt file, a failed write); default: stderr. */
  reportProblem?: (problem: string) => void
  /** Who acks and shelves are attributed to by default; default: the OS user. */
  operator?: string
  /** How saved connections' secrets are kept; default: file permissions only (browser mode). */
  secretCipher?: SecretCipher
  /** For `${env:NAME}` in the configuration and in saved connections; default: `process.env`. */
  env?: Environment
  /** `--record DIR`: record every source's wire messages from the start. */
  record?: string | null
  /** `--replay FILE`: run a recording through the engine instead of connecting anywhere. */
  replay?: { file: string; speed: ReplaySpeed; loop: boolean } | null
}

export interface Runtime {
  engine: Engine
  /** True when the embedded demo is what the engine is showing. */
  demo: boolean
  /** The recording being replayed, or `null` for a live session. */
  replay: string | null
  /** The named layouts (`layouts.json`): the desktop's View menu lists them. */
  layouts: LayoutStore
  /** The configuration's `update` section; `null` (a demo, a replay, none given): never check. */
  update: UpdateSettings | null
  stop(): Promise<void>
}

const EMPTY_CONFIG: TickwireConfig = { market: [], telemetry: [] }
const MIB = 1024 * 1024

/**
 * The one composition used by the desktop app and browser mode: a configuration file, or the
 * embedded demo when there is none. Throws `ConfigError`, or `StateDirLockedError` while another
 * live Tickwire uses the state directory, before anything is started.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env
  const replay = options.replay ?? null
  if (replay !== null) return startReplay(options, replay, env)
  const config = options.configFile !== null ? await loadConfig(options.configFile, env) : null
  // Two processes on one state directory would interleave the journal and overwrite each other.
  const lock = options.stateDir ? acquireStateDirLock(options.stateDir) : null
  const release = async (): Promise<void> => lock?.dispose()
  let demo: RunningDemo | null = null
  try {
    if (config === null && options.demo) demo = await startDemo()
    const locked: LockedSource[] = [
      ...LiveSources.specsOf(config ?? EMPTY_CONFIG).map((spec) => ({ origin: 'file' as const, spec })),
      ...LiveSources.specsOf(demo?.config ?? EMPTY_CONFIG).map((spec) => ({ origin: 'demo' as const, spec }))
    ]
    const running = demo
    const stopExtras = running === null ? release : () => running.stop().finally(release)
    const history = config?.history ?? DEFAULT_HISTORY_SETTINGS
    const report = reporter(options)
    const session = liveRecording({
      stateDir: options.stateDir ?? null,
      record: options.record ?? null,
      report
    })
    const update = config?.update ?? null
    const republish = config?.republish ?? null
    const alarmSync = config?.alarmSync ?? null
    const runOptions = { ...options, history, session, update, republish, alarmSync }
    return await run(locked, running !== null, runOptions, env, stopExtras)
  } catch (err) {
    await demo?.stop()
    lock?.dispose()
    throw err
  }
}

type LockedSource = ConnectionManagerOptions['locked'][number]

function reporter(options: RuntimeOptions): (problem: string) => void {
  return options.reportProblem ?? ((problem) => process.stderr.write(`tickwire: ${problem}\n`))
}

/** A replay: the recording's configuration, its own state directory, no demo, no saved connections. */
async function startReplay(
  options: RuntimeOptions,
  replay: { file: string; speed: ReplaySpeed; loop: boolean },
  env: Environment
): Promise<Runtime> {
  const header = await readRecordingHeader(replay.file)
  const stateDir = options.stateDir ? replayStateDir(options.stateDir, replay.file) : null
  const lock = stateDir ? acquireStateDirLock(stateDir) : null
  if (stateDir !== null) clearReplayState(stateDir, STATE_DIR_LOCK_FILE)
  try {
    const locked = LiveSources.specsOf(header.config).map((spec) => ({ origin: 'file' as const, spec }))
    const history = header.config.history ?? DEFAULT_HISTORY_SETTINGS
    const session = replaySession(replay, header)
    return await run(
      locked,
      false,
      { ...options, stateDir, history, session, replayOf: replay.file },
      env,
      async () => lock?.dispose()
    )
  } catch (err) {
    lock?.dispose()
    throw err
  }
}

async function run(
  locked: LockedSource[],
  demo: boolean,
  options: RuntimeOptions & {
    history: HistorySettings
    session: SessionRecording
    replayOf?: string
    update?: UpdateSettings | null
    republish?: RepublishSettings | null
    alarmSync?: AlarmSyncSettings | null
  },
  env: Environment,
  stopExtras: () => Promise<void>
): Promise<Runtime> {
  const report = reporter(options)
  const stateDir = options.stateDir ?? null
  // A replay runs the recording's sources only: saved connections stay with the live session.
  const replaying = options.replayOf !== undefined
  const connections =
    stateDir === null || replaying ? null : await loadConnections(stateDir, locked, options, env, report)
  const config = configOf([
    ...locked.filter(
      (l) => l.origin === 'file' || connections?.store.get(l.spec.config.id)?.enabled !== false
    ),
    ...(connections?.user ?? []).map((spec) => ({ spec }))
  ])
  const store = stateDir ? new WatchlistStore({ stateDir, report }) : null
  const sensorStore = stateDir ? new SensorSettingsStore({ stateDir, report }) : null
  const journal = stateDir ? new AlarmJournal({ stateDir, report }) : null
  const publishJournal = stateDir ? new PublishJournal(stateDir, report) : null
  const effective = store === null ? config : withSavedWatchlists(config, store.load(), report)
  const retentionMs = options.history.retentionHours * 3_600_000
  const historyFiles = stateDir
    ? new HistoryFiles({ stateDir, retentionMs, maxDiskBytes: options.history.maxDiskMB * MIB, report })
    : null
  const republish = options.republish
    ? new RepublishFeature(options.republish, (context, err) => engine.tickObservers.fault(context, err))
    : null
  const alarmSync = options.alarmSync
    ? new AlarmSyncFeature(options.alarmSync, (context, err) => engine.tickObservers.fault(context, err))
    : null
  const sessionStats =
    republish?.withStats(options.session.engineOptions.sessionStats) ??
    options.session.engineOptions.sessionStats
  const engine = new Engine(effective, {
    demo,
    operator: options.operator,
    sensorOverrides: sensorStore?.load(),
    alarmJournal: journal ?? undefined,
    publishJournal: publishJournal ?? undefined,
    restoredAlarms: journal?.load(),
    history: {
      retentionMs,
      memoryBytes: options.history.maxMemoryMB * MIB,
      sink: historyFiles ?? undefined,
      recordedTime: options.session.recordedTime,
      recordedPass: options.session.recordedPass
    },
    ...options.session.engineOptions,
    sessionStats: alarmSync?.withStats(sessionStats) ?? sessionStats
  })
  for (const key of engine.skippedSensorOverrides) {
    report(`ignoring the saved settings of sensor ${key}: they no longer fit its configured limits`)
  }
  journal?.setCheckpoint(() => engine.alarms.checkpointEvents())
  const layouts = new LayoutStore(stateDir ? { stateDir, report } : null)
  layouts.load()
  const layoutCommands = registerLayoutCommands(engine.commands, layouts)
  const manager =
    connections === null
      ? null
      : new ConnectionManager({
          engine,
          locked,
          store: connections.store,
          secrets: connections.secrets,
          cipher: connections.cipher,
          env,
          problems: connections.problems,
          report
        })
  const listening =
    store === null ? null : engine.onWatchlistChange((source, symbols) => store.set(source, symbols))
  const sensorListening =
    sensorStore === null
      ? null
      : engine.onSensorSettingsChange((key, override) => sensorStore.set(key, override))
  // Before the sources start, so every key's past precedes its first live value.
  await historyFiles?.restoreInto((minute) => engine.history.book.restoreOne(minute))
  // Before the sources start: it takes in the restored alarms and follows every event from the first.
  alarmSync?.attach(engine.alarms)
  engine.start()
  republish?.attach(engine.tickObservers)
  options.session.start(engine)
  let stopping: Promise<void> | null = null
  return {
    engine,
    demo,
    replay: options.replayOf ?? null,
    layouts,
    update: options.update ?? null,
    stop() {
      // Engine first, so sources close cleanly before the demo servers they talk to go away;
      // the recording after them, so their last words (closed) are in it.
      stopping ??= engine.stop().then(async () => {
        await republish?.stop()
        await alarmSync?.stop()
        await options.session.stop()
        listening?.dispose()
        sensorListening?.dispose()
        layoutCommands.dispose()
        layouts.dispose()
        manager?.dispose()
        connections?.store.close()
        connections?.secrets.close()
        store?.close()
        sensorStore?.close()
        journal?.close()
        historyFiles?.close()
        return stopExtras()
      })
      return stopping
    }
  }
}

/** Opens the saved connections and their secrets, and resolves the enabled ones to start. */
async function loadConnections(
  stateDir: string,
  locked: readonly LockedSource[],
  options: RuntimeOptions,
  env: Environment,
  report: (problem: string) => void
) {
  const cipher = options.secretCipher ?? filePermissionCipher()
  const store = new ConnectionStore({ stateDir, report })
  const secrets = new SecretStore({ stateDir, report }, cipher)
  store.load()
  secrets.load(report)
  const taken = new Set(locked.map((l) => l.spec.config.id))
  const { specs: user, problems } = await startConnections(store, secrets, taken, env, report)
  return { cipher, store, secrets, user, problems }
}

function configOf(sources: { spec: SourceSpec }[]): TickwireConfig {
  const config: TickwireConfig = { market: [], telemetry: [] }
  for (const { spec } of sources) {
    if (spec.kind === 'market') config.market.push(spec.config)
    else config.telemetry.push(spec.config)
  }
  return config
}

/**
 * Saved watchlists replace the configured `symbols` of the same source id. Lists for sources the
 * configuration no longer has are ignored; one the adapter cannot take is reported and skipped.
 */
export function withSavedWatchlists(
  config: TickwireConfig,
  saved: ReadonlyMap<string, readonly string[]>,
  report: (problem: string) => void
): TickwireConfig {
  if (saved.size === 0) return config
  return {
    ...config,
    market: config.market.map((m) => {
      const symbols = saved.get(m.id)
      if (symbols === undefined) return m
      const problem = watchlistProblem(m, symbols)
      if (problem !== null) {
        report(`ignoring the saved watchlist of ${m.id}: ${problem}`)
        return m
      }
      return { ...m, symbols: [...symbols] }
    })
  }
}
