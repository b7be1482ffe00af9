import { diagnosticText } from '@shared/visibleText'

/**
 * Where an exception that nothing else caught goes instead of ending the process: a source's
 * socket callbacks, the engine's timers, a view's commands. `context` says where it happened.
 */
export type FaultHandler = (context: string, err: unknown) => void

/** `fn`, with any exception handed to `fault` rather than thrown into an emitter or a timer. */
export function guard<A extends unknown[]>(
  context: string,
  fault: FaultHandler,
  fn: (...args: A) => void
): (...args: A) => void {
  return (...args: A): void => {
    try {
      fn(...args)
    } catch (err) {
      fault(context, err)
    }
  }
}

/**
 * One line for a log: the context and the error's message, with its first stack frames. The
 * message may quote wire text, so it is bounded and its invisible characters written out.
 */
export function describeFault(context: string, err: unknown): string {
  return diagnosticText(faultText(context, err), 1_000)
}

function faultText(context: string, err: unknown): string {
  if (!(err instanceof Error)) return `${context}: ${String(err)}`
  const frames = (err.stack ?? '')
    .split('\n')
    .slice(1, 4)
    .map((line) => line.trim())
    .join(' ← ')
  return `${context}: ${err.name}: ${err.message}${frames ? ` (${frames})` : ''}`
}

/**
 * The engine's internal errors: each line goes to `report` (stderr by default) and is counted, so
 * views and `/api/stats` show that something went wrong inside, not only the log.
 */
export class FaultLog {
  private count = 0
  private last: string | null = null

  private readonly sink: (line: string) => void

  constructor(sink: (line: string) => void, now: () => number = Date.now) {
    // Counted every time; logged at most 20 lines a minute (a fault on every message must not
    // flood the log).
    this.sink = rateLimitedLog(sink, now)
  }

  readonly report = (line: string): void => {
    this.count++
    this.last = line
    this.sink(line)
  }

  /** `context` threw `err`: one line for the log. */
  readonly fault = (context: string, err: unknown): void => this.report(describeFault(context, err))

  stats(): { internalErrors: number; lastInternalError: string | null } {
    return { internalErrors: this.count, lastInternalError: this.last }
  }
}

/** Lines logged per minute before further ones are only counted (a failing loop must not flood the log). */
const LINES_PER_MINUTE = 20

/** `report`, one visible bounded line each, at most 20 a minute; the rest counted and told. */
export function rateLimitedLog(report: (line: string) => void, now: () => number): (line: string) => void {
  let windowStart = now()
  let logged = 0
  let suppressed = 0
  return (line) => {
    const t = now()
    if (t - windowStart >= 60_000) {
      if (suppressed > 0) report(`${suppressed} more errors in the last minute were not logged`)
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
