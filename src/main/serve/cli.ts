/**
 * Entry point of `npm run serve` (built to out/main/serve.js, run with plain `node`): the engine
 * and the UI in a browser, no Electron.
 */
import { join } from 'node:path'
import { ConfigError } from '@shared/configError'
import { UsageError } from '../runtime/args'
import { installLastResortHandlers } from '../runtime/lastResort'
import { startServeCommand, type RunningServeCommand } from './serveCommand'

/** The renderer electron-vite builds next to this file (out/main → out/renderer). */
const STATIC_DIR = join(__dirname, '../renderer')

async function main(): Promise<void> {
  installLastResortHandlers((line) => process.stderr.write(`tickwire: ${line}\n`))
  let running: RunningServeCommand
  try {
    running = await startServeCommand(
      process.argv.slice(2),
      process.env,
      {
        stdout: (line) => process.stdout.write(`${line}\n`),
        stderr: (line) => process.stderr.write(`${line}\n`)
      },
      STATIC_DIR
    )
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(`tickwire: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    }
    return
  }

  let signalled = false
  const shutdown = (): void => {
    // A second Ctrl-C means "now".
    if (signalled) process.exit(1)
    signalled = true
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(
          `tickwire: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`
        )
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

void main()
