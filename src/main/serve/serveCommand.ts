import { randomBytes } from 'node:crypto'
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { defaultStateDir, parseCliArgs, refuseOtherMode } from '../runtime/args'
import { startRuntime } from '../runtime/runtime'
import { startServeServer, type ServeServer } from './server'
import { isLoopbackHost } from '@shared/loopback'
import { tokensInForce, type AccessTokens } from './tokenAuth'

export interface ServeCommandIo {
  stdout(line: string): void
  stderr(line: string): void
}

export interface RunningServeCommand {
  /** The printed URL, token included when one is in force. */
  url: string
  stop(): Promise<void>
}

/**
 * `npm run serve`: parse arguments, start the engine (configuration or demo), then the HTTP
 * server, and print `Tickwire serving at …` as the first line. Throws `UsageError` or
 * `ConfigError` (from the runtime) before anything is started, so the caller can exit 2.
 *
 * A host other than loopback without `--token`/`TICKWIRE_TOKEN` gets a freshly generated token,
 * printed in the URL: reachable from other machines never means open to them.
 */
export async function startServeCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: ServeCommandIo,
  staticDir: string
): Promise<RunningServeCommand> {
  const options = parseCliArgs([...argv], env)
  refuseOtherMode(options, 'browser')
  const host = options.host.replace(/^\[(.*)\]$/, '$1')
  const given: AccessTokens = {
    viewer: options.viewerToken,
    operator: options.token,
    admin: options.adminToken
  }
  const { tokens, generated } = accessTokens(host, given)
  if (generated) {
    io.stderr(
      `tickwire: ${host} is reachable from other machines, so access needs the generated token in the URL`
    )
  }

  const stateDir = resolve(options.stateDir ?? defaultStateDir(env, homedir()))
  const runtime = await startRuntime({
    configFile: options.config,
    demo: options.demo,
    stateDir,
    reportProblem: (problem) => io.stderr(`tickwire: ${problem}`),
    record: options.record === null ? null : resolve(options.record),
    replay: options.replay === null ? null : { ...options.replay, file: resolve(options.replay.file) }
  })
  let server: ServeServer
  try {
    server = await startServeServer({
      engine: runtime.engine,
      host,
      port: options.port,
      tokens,
      staticDir,
      view: options.view
    })
  } catch (err) {
    await runtime.stop()
    throw err
  }

  // The printed URL carries the everyday (operator) token, else the viewer's; never the admin's,
  // which stays with whoever set it (a console log is read by more people than an admin).
  const shown = tokens.operator ?? tokens.viewer
  const url = shown === null ? server.url : `${server.url}?token=${encodeURIComponent(shown)}`
  io.stdout(`Tickwire serving at ${url}`)
  if (runtime.demo) io.stdout('Showing the embedded demo (use --config FILE for your own feeds).')
  if (!options.view) io.stderr('No view (--no-view): only /api/* is served.')
  if (runtime.replay !== null)
    io.stdout(`Replaying ${runtime.replay} (nothing connects to the recorded endpoints).`)

  let stopping: Promise<void> | null = null
  const running = server
  return {
    url,
    stop() {
      // Views first, so no frame is sent through a closing engine; then sources and demo.
      stopping ??= running.close().then(() => runtime.stop())
      return stopping
    }
  }
}

/**
 * The tokens in force: the given ones; none on loopback; for any other host with none given, a
 * fresh random operator token (reachable from other machines never means open to them).
 */
export function accessTokens(
  host: string,
  given: AccessTokens
): { tokens: AccessTokens; generated: boolean } {
  if (tokensInForce(given) || isLoopbackHost(host)) return { tokens: given, generated: false }
  return { tokens: { ...given, operator: randomBytes(24).toString('base64url') }, generated: true }
}
