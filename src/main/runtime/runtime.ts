import type { TickwireConfig } from '@shared/config'
import { Engine } from '../engine/engine'
import { startDemo } from '../demo/startDemo'
import { loadConfig } from './loadConfig'

export interface RuntimeOptions {
  /** A configuration file; `null` runs the embedded demo (unless `demo` is false). */
  configFile: string | null
  demo: boolean
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
 * embedded demo when there is none. Throws `ConfigError` before anything is started.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  if (options.configFile !== null) {
    const config = loadConfig(options.configFile)
    return run(config, false, async () => {})
  }
  if (!options.demo) return run(EMPTY_CONFIG, false, async () => {})
  const demo = await startDemo()
  return run(demo.config, true, () => demo.stop())
}

function run(config: TickwireConfig, demo: boolean, stopExtras: () => Promise<void>): Runtime {
  const engine = new Engine(config, { demo })
  engine.start()
  let stopping: Promise<void> | null = null
  return {
    engine,
    demo,
    stop() {
      // Engine first, so sources close cleanly before the demo servers they talk to go away.
      stopping ??= engine.stop().then(stopExtras)
      return stopping
    }
  }
}
