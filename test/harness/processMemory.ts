import { readFileSync } from 'node:fs'

export const MB = 1024 * 1024

/** Resident set size of a live process in bytes (`VmRSS` in /proc/<pid>/status); `null` once it is gone. */
export function rssBytes(pid: number): number | null {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)
  return match ? Number(match[1]) * 1024 : null
}

/** Whether this machine exposes /proc/<pid>/status (Linux). */
export function canReadRss(): boolean {
  return rssBytes(process.pid) !== null
}

/**
 * Polls RSS until it is at most `limitBytes`, for up to `timeoutMs` (V8 and malloc hand memory
 * back lazily, so a spike may take seconds to go). Resolves with the last reading either way:
 * the caller asserts, so a failure shows the figure.
 */
export async function settledRss(pid: number, limitBytes: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const rss = rssBytes(pid)
    if (rss === null) throw new Error(`process ${pid} is gone`)
    if (rss <= limitBytes || Date.now() > deadline) return rss
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/**
 * Samples a process's RSS every `everyMs` while it runs, keeping the peak; and, as a guard for the
 * machine, kills it with SIGKILL if it ever passes `killAboveBytes` (an engine that buffers a
 * 250 MB frame, or reads /dev/zero to the end, must not take the test machine with it).
 */
export class RssWatch {
  peak = 0
  /** Set when the guard killed the process: the RSS it had reached. */
  killedAt: number | null = null
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly pid: number,
    private readonly killAboveBytes: number,
    everyMs = 25
  ) {
    this.timer = setInterval(() => this.sample(), everyMs)
    this.sample()
  }

  /** Starts a new peak from the current reading (before sending one hostile input). */
  resetPeak(): void {
    this.peak = 0
    this.sample()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  private sample(): void {
    const rss = rssBytes(this.pid)
    if (rss === null) {
      this.stop()
      return
    }
    if (rss > this.peak) this.peak = rss
    if (rss > this.killAboveBytes && this.killedAt === null) {
      this.killedAt = rss
      try {
        process.kill(this.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
      this.stop()
    }
  }
}

/** `123.4 MB`, for failure messages. */
export function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`
}
