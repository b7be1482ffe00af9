import { toDisposable, type Disposable } from '@shared/disposable'
import { diagnosticText } from '@shared/visibleText'
import { describeFault } from '../engine/faults'

/** Lines logged per minute before further ones are only counted (a failing loop must not flood the log). */
const LINES_PER_MINUTE = 20

/**
 * The last line of defence, for both the desktop app and browser mode: an exception nothing
 * caught (the engine guards its sources, its own timers and its views, so this means a bug
 * elsewhere) is logged with where it came from, and Tickwire keeps running — a control-room
 * monitor that exits on one bad callback shows nothing at all, which is worse than one part
 * misbehaving. Lines are one visible line each (an error may quote wire text) and rate-limited.
 */
export function installLastResortHandlers(
  report: (line: string) => void,
  now: () => number = Date.now
): Disposable {
  const log = rateLimitedLog(report, now)
  const onException = (err: Error, origin: string): void =>
    log(`uncaught error (${origin}), still running: ${describeFault('process', err)}`)
  const onRejection = (reason: unknown): void =>
    log(`unhandled promise rejection, still running: ${describeFault('process', reason)}`)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return toDisposable(() => {
    process.removeListener('uncaughtException', onException)
    process.removeListener('unhandledRejection', onRejection)
  })
}

/** `report`, one visible bounded line each, at most 20 a minute; the rest counted and told. */
export function rateLimitedLog(report: (line: string) => void, now: () => number): (line: string) => void {
  let windowStart = now()
  let logged = 0
  let suppressed = 0
  return (line) => {
    const t = now()
    if (t - windowStart >= 60_000) {
      if (suppressed > 0) report(`${suppressed} more uncaught errors in the last minute were not logged`)
      windowStart = t
      logged = 0
      suppressed = 0
    }
    if (logged >= LINES_PER_MINUTE) {
      suppressed++
      return
    }
    logged++
    report(diagnosticText(line, 1_000))
  }
}
