import { toDisposable, type Disposable } from '@shared/disposable'
import { describeFault, rateLimitedLog } from '../engine/faults'

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
