/**
 * Runs the app's stop sequence once, however many quit paths ask for it (`before-quit`,
 * `window-all-closed`, a signal), and gives up waiting after a deadline so a stuck socket can
 * never keep the app from quitting. Failures are reported, not thrown: quitting must go on.
 */
export class Shutdown {
  private running: Promise<void> | null = null
  private finished = false

  constructor(
    private readonly stop: () => Promise<void>,
    private readonly deadlineMs: number,
    private readonly report: (problem: string) => void
  ) {}

  /** True once anything asked to stop; nothing new should be opened after that. */
  get requested(): boolean {
    return this.running !== null
  }

  /** True once the stop sequence has ended (or timed out); quitting may then proceed. */
  get done(): boolean {
    return this.finished
  }

  run(): Promise<void> {
    this.running ??= this.runOnce()
    return this.running
  }

  private async runOnce(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.deadlineMs)
    })
    try {
      const stopped = Promise.resolve()
        .then(() => this.stop())
        .then(
          () => 'stopped' as const,
          (err: unknown) => {
            this.report(`stopping failed: ${err instanceof Error ? err.message : String(err)}`)
            return 'stopped' as const
          }
        )
      if ((await Promise.race([stopped, deadline])) === 'timeout') {
        this.report(`stopping took longer than ${this.deadlineMs} ms; quitting anyway`)
      }
    } finally {
      clearTimeout(timer)
      this.finished = true
    }
  }
}
