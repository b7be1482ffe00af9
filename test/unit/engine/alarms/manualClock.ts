import { toDisposable, type Disposable } from '@shared/disposable'
import type { AlarmClock } from '../../../../src/main/engine/alarms/alarmEngine'

/** A clock tests move by hand: timers fire when `advance` passes their time, never by sleeping. */
export class ManualClock implements AlarmClock {
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = []
  constructor(public time = 1_000_000) {}

  now(): number {
    return this.time
  }

  setTimer(callback: () => void, delayMs: number): Disposable {
    const timer = { at: this.time + delayMs, callback, cancelled: false }
    this.timers.push(timer)
    return toDisposable(() => {
      timer.cancelled = true
    })
  }

  advance(ms: number): void {
    this.time += ms
    for (const timer of [...this.timers].sort((a, b) => a.at - b.at)) {
      if (timer.cancelled || timer.at > this.time) continue
      timer.cancelled = true
      timer.callback()
    }
    this.timers = this.timers.filter((t) => !t.cancelled)
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length
  }
}
