import { toDisposable, type Disposable } from '@shared/disposable'
import { describeFault } from '../engine/faults'

/**
 * The last line of defence, for both the desktop app and browser mode: an exception nothing
 * caught (the engine guards its sources, timers and views, so this means a bug elsewhere) is
 * logged with where it came from, and Tickwire keeps running — a control-room monitor that
 * exits on one bad callback shows nothing at all, which is worse than one part misbehaving.
 */
export function installLastResortHandlers(report: (line: string) => void): Disposable {
  const onException = (err: Error, origin: string): void =>
    report(`uncaught error (${origin}), still running: ${describeFault('process', err)}`)
  const onRejection = (reason: unknown): void =>
    report(`unhandled promise rejection, still running: ${describeFault('process', reason)}`)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return toDisposable(() => {
    process.removeListener('uncaughtException', onException)
    process.removeListener('unhandledRejection', onRejection)
  })
}
