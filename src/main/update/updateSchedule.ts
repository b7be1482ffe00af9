import type { Disposable } from '@shared/disposable'
import type { UpdateCheck } from '@shared/updateConfig'

/** The first check waits this long after start, so it never competes with start-up itself. */
export const FIRST_CHECK_DELAY_MS = 30_000
export const DAILY_MS = 24 * 60 * 60 * 1000

export interface UpdateScheduleOptions {
  /** One check; may throw or reject, which is reported and never stops the schedule. */
  check: () => void | Promise<void>
  /** Told about a check that threw or rejected. */
  onError: (err: unknown) => void
  firstDelayMs?: number
  intervalMs?: number
}

/**
 * When Tickwire asks its feed (DESIGN.md, "Configuration file", `update.check`): `never` sets no
 * timer at all; `on-start` checks once, shortly after start; `daily` checks shortly after start
 * and every 24 h after that. `dispose` clears whatever is pending; a check in flight finishes
 * but none starts after it.
 */
export function scheduleUpdateChecks(mode: UpdateCheck, options: UpdateScheduleOptions): Disposable {
  const firstDelayMs = options.firstDelayMs ?? FIRST_CHECK_DELAY_MS
  const intervalMs = options.intervalMs ?? DAILY_MS
  let timer: NodeJS.Timeout | null = null
  let disposed = false

  const runOnce = (): void => {
    if (disposed) return
    try {
      const pending = options.check()
      if (pending !== undefined) pending.catch(options.onError)
    } catch (err) {
      options.onError(err)
    }
  }

  if (mode === 'on-start') {
    timer = setTimeout(() => {
      timer = null
      runOnce()
    }, firstDelayMs)
  } else if (mode === 'daily') {
    const next = (delayMs: number): void => {
      timer = setTimeout(() => {
        // The next one is due before this one runs, so a check that throws cannot end the schedule.
        next(intervalMs)
        runOnce()
      }, delayMs)
    }
    next(firstDelayMs)
  }

  return {
    dispose() {
      disposed = true
      if (timer !== null) clearTimeout(timer)
      timer = null
    }
  }
}
