import { readFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { UsageError } from './usage'

/**
 * Electronegativity's programmatic API (it ships no types), run offline: the translation
 * download it starts on every run is stubbed out, and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK
 * (which downloads Electron's release list) is not run.
 */

const localRequire = createRequire(__filename)

/** Checks that need the network. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

interface Level {
  name: string
}

export interface EngIssue {
  file: string
  id: string
  description: string
  location: { line: number; column: number }
  severity: Level
  confidence: Level
  manualReview: boolean
}

export interface EngResult {
  globalChecks: number
  atomicChecks: number
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: EngIssue[]
}

type EngRun = (options: {
  input: string
  electronVersionOverride: string
  excludeFromScan: string[]
}) => Promise<EngResult>

/** Replaces `got` for Electronegativity: its translation fetch sees "no update", everything else fails. */
function stubOutNetwork(): void {
  const refuse = (): Promise<never> => Promise.reject(new Error('electronegativity-check runs offline'))
  const offlineGot = Object.assign(() => Promise.resolve({ statusCode: 0, body: '' }), {
    get: refuse,
    head: refuse,
    stream: refuse
  })
  const engRequire = createRequire(localRequire.resolve('@doyensec/electronegativity'))
  const gotPath = engRequire.resolve('got')
  const stub = new Module(gotPath)
  stub.filename = gotPath
  stub.loaded = true
  stub.exports = offlineGot
  localRequire.cache[gotPath] = stub
}

/** The version of the installed `electron` package: the one the checks assume by default. */
export function installedElectronVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(localRequire.resolve('electron/package.json'), 'utf8')) as {
      version?: unknown
    }
    if (typeof pkg.version === 'string') return pkg.version
  } catch {
    // fall through
  }
  throw new UsageError('cannot find the installed electron package; pass --electron-version')
}

/** Electronegativity over the (staged) directory `input`, for Electron `electronVersion`, offline. */
export function runElectronegativity(input: string, electronVersion: string): Promise<EngResult> {
  stubOutNetwork()
  // Electronegativity picks its message language from LANG; the report is always English.
  process.env.LANG = 'en-US'
  const run = localRequire('@doyensec/electronegativity') as EngRun
  return run({ input, electronVersionOverride: electronVersion, excludeFromScan: EXCLUDED_CHECKS })
}
