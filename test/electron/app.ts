import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, type ElectronApplication, type Page } from '@playwright/test'

export const repoRoot = resolve(__dirname, '../..')
export const mainEntry = resolve(repoRoot, 'out/main/index.js')

export const SKIP_REASON =
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); run in CI with the binary'

/**
 * The Electron executable as `require('electron')` would find it (node_modules/electron/path.txt
 * naming a file under dist/), or `null` when the binary was never downloaded.
 */
export function electronBinary(): string | null {
  const packageDir = resolve(repoRoot, 'node_modules/electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const executable = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : null
}

/** Variables that would change what the app under test does: Node mode, dev server, a config. */
const INHERITED_BUT_UNWANTED = new Set(['ELECTRON_RUN_AS_NODE', 'ELECTRON_RENDERER_URL', 'TICKWIRE_CONFIG'])

/** The environment the app runs with: its own profile, the embedded demo, never Node mode. */
export function appEnv(userData: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_BUT_UNWANTED.has(name)) env[name] = value
  }
  env.TICKWIRE_USER_DATA = userData
  return env
}

export interface RunningApp {
  app: ElectronApplication
  page: Page
  close(): Promise<void>
}

export interface LaunchOptions {
  /**
   * A profile (and state directory) to use and keep, e.g. to start the app twice on it; by
   * default a throwaway one, removed on close.
   */
  userData?: string
}

/** Launches the built app on the embedded demo with a throwaway profile (or the one given). */
export async function launchApp(
  executable: string,
  args: string[] = [],
  options: LaunchOptions = {}
): Promise<RunningApp> {
  if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run \`npm run build\` first`)
  const userData = options.userData ?? mkdtempSync(join(tmpdir(), 'tickwire-electron-'))
  const app = await _electron.launch({
    executablePath: executable,
    args: [mainEntry, ...args],
    cwd: repoRoot,
    env: appEnv(userData)
  })
  const page = await app.firstWindow()
  return {
    app,
    page,
    async close() {
      await app.close()
      if (options.userData === undefined) rmSync(userData, { recursive: true, force: true })
    }
  }
}
