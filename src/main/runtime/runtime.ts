import type { TickwireConfig } from '@shared/config'
import { Engine } from '../engine/engine'
import { watchlistProblem } from '../engine/watchlists/watchlistRegistry'
import { startDemo } from '../demo/startDemo'
import { AlarmJournal } from './alarmJournal'
import { loadConfig } from './loadConfig'
import { SensorSettingsStore } from './sensorSettingsStore'
import { acquireStateDirLock } from './stateDirLock'
import { WatchlistStore } from './watchlistStore'

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
}

export interface Runtime {
  engine: Engine
  /** True when the embedded demo is what the engine is showing. */
  demo: boolean
  stop(): Promise<void>
}

const EMPTY_CONFIG: TickwireConfig = { market: [], telemetry: [] }

/**
 * The one composition used by the desktop app and browser mode: a configuration file, or the
 * embedded demo when there is none. Throws `ConfigError`, or `StateDirLockedError` while another
 * live Tickwire uses the state directory, before anything is started.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = options.configFile !== null ? await loadConfig(options.configFile) : null
  // Two processes on one state directory would interleave the journal and overwrite each other.
  const lock = options.stateDir ? acquireStateDirLock(options.stateDir) : null
  const release = async (): Promise<void> => lock?.dispose()
  try {
    if (config !== null) return run(config, false, options, release)
    if (!options.demo) return run(EMPTY_CONFIG, false, options, release)
    const demo = await startDemo()
    return run(demo.config, true, options, () => demo.stop().finally(release))
  } catch (err) {
    lock?.dispose()
    throw err
  }
}

function run(
  config: TickwireConfig,
  demo: boolean,
  options: RuntimeOptions,
  stopExtras: () => Promise<void>
): Runtime {
  const report = options.reportProblem ?? ((problem) => process.stderr.write(`tickwire: ${problem}\n`))
  const stateDir = options.stateDir ?? null
  const store = stateDir ? new WatchlistStore({ stateDir, report }) : null
  const sensorStore = stateDir ? new SensorSettingsStore({ stateDir, report }) : null
  const journal = stateDir ? new AlarmJournal({ stateDir, report }) : null
  const effective = store === null ? config : withSavedWatchlists(config, store.load(), report)
  const engine = new Engine(effective, {
    demo,
    operator: options.operator,
    sensorOverrides: sensorStore?.load(),
    alarmJournal: journal ?? undefined,
    restoredAlarms: journal?.load()
  })
  for (const key of engine.skippedSensorOverrides) {
    report(`ignoring the saved settings of sensor ${key}: they no longer fit its configured limits`)
  }
  journal?.setCheckpoint(() => engine.alarms.checkpointEvents())
  const listening =
    store === null ? null : engine.onWatchlistChange((source, symbols) => store.set(source, symbols))
  const sensorListening =
    sensorStore === null
      ? null
      : engine.onSensorSettingsChange((key, override) => sensorStore.set(key, override))
  engine.start()
  let stopping: Promise<void> | null = null
  return {
    engine,
    demo,
    stop() {
      // Engine first, so sources close cleanly before the demo servers they talk to go away.
      stopping ??= engine.stop().then(() => {
        listening?.dispose()
        sensorListening?.dispose()
        store?.close()
        sensorStore?.close()
        journal?.close()
        return stopExtras()
      })
      return stopping
    }
  }
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
