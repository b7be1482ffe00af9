import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const repoRoot = resolve(__dirname, '../../..')
export const serveEntry = resolve(repoRoot, 'out/main/serve.js')

export interface ServeProcess {
  /** The exact URL from the first stdout line, token included when one is in force. */
  url: string
  origin: string
  firstLine: string
  child: ChildProcess
  stderr(): string
  stop(): Promise<number | null>
}

/**
 * Starts browser mode exactly as a user would (`node out/main/serve.js …`, which is what
 * `npm run serve` runs after building) and waits for its first stdout line.
 */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  // Saved watchlists go to a throwaway directory unless the test names one: tests never write
  // into the user's own state.
  const ownState = args.includes('--state-dir') ? null : mkdtempSync(join(tmpdir(), 'tickwire-state-'))
  const child = spawn(process.execPath, [serveEntry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...(ownState ? { TICKWIRE_STATE_DIR: ownState } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let errText = ''
  child.stderr?.on('data', (d: Buffer) => (errText += d.toString()))
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      if (ownState) rmSync(ownState, { recursive: true, force: true })
      done(code)
    })
  )

  const firstLine = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout! })
    const timer = setTimeout(() => {
      // A serve that never printed is not left running.
      child.kill('SIGKILL')
      fail(new Error(`serve printed nothing in 20 s; stderr: ${errText}`))
    }, 20_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      done(line)
    })
    void exited.then((code) => {
      clearTimeout(timer)
      fail(new Error(`serve exited with ${code} before printing; stderr: ${errText}`))
    })
  })
  const match = /^Tickwire serving at (http:\/\/[^\s]+\/(?:\?token=\S+)?)$/.exec(firstLine)
  if (!match) {
    child.kill('SIGKILL')
    throw new Error(`unexpected first line: ${JSON.stringify(firstLine)}`)
  }
  const url = match[1]
  return {
    url,
    origin: new URL(url).origin,
    firstLine,
    child,
    stderr: () => errText,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      const code = await exited
      clearTimeout(timer)
      return code
    }
  }
}

/** Runs serve expecting it to refuse to start; resolves with its exit code and output. */
export function runServeToExit(
  args: string[],
  timeoutMs = 20_000
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const state = mkdtempSync(join(tmpdir(), 'tickwire-state-'))
    const child = spawn(process.execPath, [serveEntry, ...args], {
      cwd: repoRoot,
      env: { ...process.env, TICKWIRE_STATE_DIR: state },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`serve did not exit within ${timeoutMs} ms; stdout: ${stdout}`))
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      rmSync(state, { recursive: true, force: true })
      done({ code, stdout, stderr })
    })
  })
}

/** Browser mode on a test's configuration directory: its config file and state, no demo. */
export function startServeOn(
  config: { configFile: string; stateDir: string },
  extra: string[] = []
): Promise<ServeProcess> {
  return startServe([
    '--config',
    config.configFile,
    '--no-demo',
    '--port',
    '0',
    '--state-dir',
    config.stateDir,
    ...extra
  ])
}
