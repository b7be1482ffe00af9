import { isAbsolute, join } from 'node:path'
import { showInvisible } from '@shared/visibleText'
import { REPLAY_SPEEDS, type ReplaySpeed } from '@shared/recording'
import { layoutNameProblem } from '@shared/layouts'

/** Command-line options shared by `npm run serve` and the desktop app (`--config FILE`). */
export interface CliOptions {
  config: string | null
  host: string
  port: number
  /** Run the embedded demo when no configuration is given. */
  demo: boolean
  /** Browser mode's operator token (`--token`, `TICKWIRE_TOKEN`). */
  token: string | null
  /** Browser mode's read-only token (`--viewer-token`, `TICKWIRE_VIEWER_TOKEN`). */
  viewerToken: string | null
  /** Browser mode's admin token (`--admin-token`, `TICKWIRE_ADMIN_TOKEN`): connections, sensor settings. */
  adminToken: string | null
  /** `--state-dir` or `TICKWIRE_STATE_DIR`; `null` when neither is given (see `defaultStateDir`). */
  stateDir: string | null
  /** `--record DIR`: record every source's wire messages from the start. */
  record: string | null
  /** `--replay FILE [--speed 1|10|100|max] [--loop]`: replay a recording instead of connecting. */
  replay: { file: string; speed: ReplaySpeed; loop: boolean } | null
  /** Desktop `--kiosk`: full-screen kiosk windows, no menu bar, the page told with `?kiosk=1`. */
  kiosk: boolean
  /** Desktop `--layout NAME`: the first window opens on that named layout. */
  layout: string | null
  /** Browser mode `--no-view`: a headless collector, `/api/*` served, no page and no view bridge. */
  view: boolean
}

export class UsageError extends Error {
  override name = 'UsageError'
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 5178

export const USAGE = `usage: tickwire [--config FILE] [--host 127.0.0.1] [--port 5178] [--no-demo] [--token TOKEN] [--viewer-token TOKEN] [--admin-token TOKEN] [--state-dir DIR] [--record DIR | --replay FILE [--speed 1|10|100|max] [--loop]] [--kiosk] [--layout NAME] [--no-view]`

const VALUE_FLAGS = new Set([
  '--config',
  '--host',
  '--port',
  '--token',
  '--viewer-token',
  '--admin-token',
  '--state-dir',
  '--record',
  '--replay',
  '--speed',
  '--layout'
])
const BOOLEAN_FLAGS = new Set(['--no-demo', '--help', '--loop', '--kiosk', '--no-view'])

/**
 * Strict parser: an unknown flag or a missing value is a `UsageError` with one line (what it
 * quotes from argv has control and invisible characters written out, as `<U+000A>`).
 * `TICKWIRE_CONFIG`, `TICKWIRE_TOKEN`, `TICKWIRE_VIEWER_TOKEN`, `TICKWIRE_ADMIN_TOKEN` and
 * `TICKWIRE_STATE_DIR` stand in for `--config`, `--token`, `--viewer-token`, `--admin-token` and
 * `--state-dir`.
 */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const values = new Map<string, string>()
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const eq = arg.indexOf('=')
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : argv[++i]
      if (value === undefined || value === '' || (name === arg && value.startsWith('--'))) {
        throw new UsageError(`${name} needs a value. ${USAGE}`)
      }
      values.set(name, value)
    } else if (BOOLEAN_FLAGS.has(arg)) {
      flags.add(arg)
    } else {
      throw new UsageError(`unknown argument "${showInvisible(arg)}". ${USAGE}`)
    }
  }
  if (flags.has('--help')) throw new UsageError(USAGE)

  const portText = values.get('--port')
  let port = DEFAULT_PORT
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
      throw new UsageError(`--port must be a number from 0 to 65535, got "${showInvisible(portText)}"`)
    }
    port = Number(portText)
  }
  const host = values.get('--host') ?? DEFAULT_HOST
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    throw new UsageError(`--host "${showInvisible(host)}" is not a host name or address`)

  const config = values.get('--config') ?? nonEmpty(env.TICKWIRE_CONFIG)
  const token = values.get('--token') ?? nonEmpty(env.TICKWIRE_TOKEN)
  const viewerToken = values.get('--viewer-token') ?? nonEmpty(env.TICKWIRE_VIEWER_TOKEN)
  const adminToken = values.get('--admin-token') ?? nonEmpty(env.TICKWIRE_ADMIN_TOKEN)
  // One token for two roles would make the role depend on the order of the checks.
  const given = [token, viewerToken, adminToken].filter((t) => t !== null)
  if (new Set(given).size !== given.length)
    throw new UsageError('--token, --viewer-token and --admin-token must all differ')
  const stateDir = values.get('--state-dir') ?? nonEmpty(env.TICKWIRE_STATE_DIR)
  const record = values.get('--record') ?? null
  const replay = replayOption(values, flags)
  if (replay !== null && record !== null)
    throw new UsageError('--record and --replay cannot be used together')
  if (replay !== null && config !== null)
    throw new UsageError('--replay runs the configuration saved in the recording: leave out --config')
  const layout = values.get('--layout') ?? null
  const layoutProblem = layout === null ? null : layoutNameProblem(layout)
  if (layoutProblem !== null) throw new UsageError(`--layout name ${layoutProblem}`)
  return {
    config,
    host,
    port,
    demo: !flags.has('--no-demo'),
    token,
    viewerToken,
    adminToken,
    stateDir,
    record,
    replay,
    kiosk: flags.has('--kiosk'),
    layout,
    view: !flags.has('--no-view')
  }
}

/** The flags of the other mode are refused, saying what to use instead. */
export function refuseOtherMode(options: CliOptions, mode: 'desktop' | 'browser'): void {
  if (mode === 'desktop' && !options.view)
    throw new UsageError('--no-view is for browser mode (npm run serve)')
  if (mode === 'browser' && options.kiosk)
    throw new UsageError('--kiosk is for the desktop app; in browser mode open the page with ?kiosk=1')
  if (mode === 'browser' && options.layout !== null)
    throw new UsageError('--layout is for the desktop app; in browser mode open the page with ?layout=<name>')
}

function replayOption(values: ReadonlyMap<string, string>, flags: ReadonlySet<string>): CliOptions['replay'] {
  const file = values.get('--replay')
  const speedText = values.get('--speed')
  if (file === undefined) {
    if (speedText !== undefined || flags.has('--loop'))
      throw new UsageError('--speed and --loop go with --replay FILE')
    return null
  }
  const speed = speedText ?? '1'
  if (!(REPLAY_SPEEDS as readonly string[]).includes(speed))
    throw new UsageError(`--speed must be one of ${REPLAY_SPEEDS.join(', ')}, got "${showInvisible(speed)}"`)
  return { file, speed: speed as ReplaySpeed, loop: flags.has('--loop') }
}

/**
 * Browser mode's state directory when none is given: `$XDG_STATE_HOME/tickwire`, else
 * `~/.local/state/tickwire` (the XDG Base Directory default). `home` is the user's home directory.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = nonEmpty(env.XDG_STATE_HOME)
  // The spec says relative values are invalid and must be ignored.
  if (xdg !== null && isAbsolute(xdg)) return join(xdg, 'tickwire')
  return join(home, '.local', 'state', 'tickwire')
}

/** Keeps only the flags Tickwire owns, dropping switches Electron and Chromium add to argv. */
export function ownArgs(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg
    if (VALUE_FLAGS.has(name)) {
      out.push(arg)
      if (name === arg && i + 1 < argv.length) out.push(argv[++i])
    } else if (BOOLEAN_FLAGS.has(arg)) {
      out.push(arg)
    }
  }
  return out
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value
}
