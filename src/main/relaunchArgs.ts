import { resolve } from 'node:path'

/** Flags that take a value, and switches, that a relaunch may replace. */
const VALUE_FLAGS = ['--config', '--replay', '--speed', '--record']
const SWITCHES = ['--no-demo', '--loop']

/** The command line without the named flags (and their values); the rest, such as the app path in dev, stays. */
function without(currentArgs: readonly string[], drop: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < currentArgs.length; i++) {
    const arg = currentArgs[i]
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg
    if (!drop.includes(name)) {
      out.push(arg)
      continue
    }
    if (VALUE_FLAGS.includes(name) && name === arg) i++
  }
  return out
}

/**
 * Arguments for `app.relaunch` after File › Open Configuration…: the current command line with
 * any `--config`/`--no-demo` (and a replay) replaced by the chosen file, made absolute since the
 * working directory of a relaunch is not something to rely on.
 */
export function relaunchArgs(currentArgs: readonly string[], configFile: string): string[] {
  const out = without(currentArgs, ['--config', '--no-demo', '--replay', '--speed', '--loop'])
  out.push('--config', resolve(configFile))
  return out
}

/** File › Open Recording…: the same app replaying `file` (no configuration, no recording). */
export function replayRelaunchArgs(currentArgs: readonly string[], file: string): string[] {
  const out = without(currentArgs, [...VALUE_FLAGS, ...SWITCHES])
  out.push('--replay', resolve(file))
  return out
}

/** File › Back to Live: the command line without the replay. */
export function liveRelaunchArgs(currentArgs: readonly string[]): string[] {
  return without(currentArgs, ['--replay', '--speed', '--loop'])
}
