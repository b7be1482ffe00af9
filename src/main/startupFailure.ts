import { ConfigError } from '@shared/configError'
import { UsageError } from './runtime/args'

export interface StartupFailure {
  /** One line for stderr and the error box. */
  message: string
  /** 2 for a bad command line or configuration (DESIGN.md, Commands), 1 for anything else. */
  exitCode: 1 | 2
}

/** Classifies why start-up failed, so every path out of a failed start says one clear line. */
export function describeStartupFailure(err: unknown): StartupFailure {
  if (err instanceof ConfigError || err instanceof UsageError) return { message: err.message, exitCode: 2 }
  const reason = err instanceof Error ? err.message : String(err)
  return { message: `Tickwire could not start: ${reason}`, exitCode: 1 }
}

/**
 * Whether `dialog.showErrorBox` shows a window. On Linux before `ready` it only writes to stderr
 * (Electron's documented behaviour), and we print the line ourselves, so it is skipped there.
 */
export function errorBoxIsGraphical(platform: NodeJS.Platform, appReady: boolean): boolean {
  return appReady || platform !== 'linux'
}
