import { resolve } from 'node:path'

/**
 * Arguments for `app.relaunch` after File › Open Configuration…: the current command line with
 * any `--config`/`--no-demo` replaced by the chosen file (absolute, since the working directory
 * of a relaunch is not something to rely on). Everything else, such as the app path in dev, stays.
 */
export function relaunchArgs(currentArgs: readonly string[], configFile: string): string[] {
  const out: string[] = []
  for (let i = 0; i < currentArgs.length; i++) {
    const arg = currentArgs[i]
    if (arg === '--config') {
      i++
      continue
    }
    if (arg.startsWith('--config=') || arg === '--no-demo') continue
    out.push(arg)
  }
  out.push('--config', resolve(configFile))
  return out
}
