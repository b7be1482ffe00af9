import type { ConnectionTestVerdict } from '@shared/connections/connectionTest'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'
import { failureClass, failureSentence } from './failureClass'

export type Findings = Omit<ConnectionTestVerdict, 'elapsedMs'>

/**
 * One connection test's lifecycle: its timers, its single verdict, and the close of whatever it
 * opened before the verdict is handed over. Whatever happens first (an answer, a failure, the
 * deadline) decides; later events are ignored.
 */
export class ProbeRun {
  readonly started = Date.now()
  private done = false
  private readonly timers = new Set<NodeJS.Timeout>()
  /** Closes what the test opened; set once it is open. */
  close: () => Promise<void> = () => Promise.resolve()

  constructor(private readonly resolve: (verdict: ConnectionTestVerdict) => void) {}

  get finished(): boolean {
    return this.done
  }

  /** Runs `action` after `ms` unless the test has finished by then. */
  after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (!this.done) action()
    }, ms)
    this.timers.add(timer)
  }

  finish(verdict: Findings): void {
    if (this.done) return
    this.done = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    void this.close()
      .catch(() => undefined)
      .then(() => this.resolve({ ...verdict, elapsedMs: Date.now() - this.started }))
  }

  /** Finishes with the verdict class of a failure (`code` and `message` from Node, ws or MQTT.js). */
  fail(code: string | number | undefined, message: string, extra: Partial<Findings> = {}): void {
    const detail = diagnosticText(message, MAX_REASON_LENGTH)
    const result = failureClass(code, detail)
    this.finish({ ...extra, result, message: failureSentence(result, detail) })
  }
}
