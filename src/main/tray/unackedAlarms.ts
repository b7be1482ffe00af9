import { toDisposable, type Disposable } from '@shared/disposable'
import { countUnacked, type AckState } from './alarmStatus'

/** What the watcher needs of the engine's `AlarmEngine`: its change signal and its open alarms. */
export interface AlarmSource {
  onChange(listener: () => void): Disposable
  openAlarms(): readonly AckState[]
}

/** At most four updates a second: an alarm storm must not become a storm of tray and badge calls. */
export const UNACKED_MIN_INTERVAL_MS = 250

/**
 * Calls `listener` with the number of unacknowledged alarms now, and again whenever it changes:
 * in-process, from the engine's alarm change signal, throttled (the first change after a quiet
 * spell is reported at once, a burst is one trailing update). The count is only computed when an
 * update is due, not on every alarm event.
 */
export function watchUnackedAlarms(
  source: AlarmSource,
  listener: (count: number) => void,
  minIntervalMs = UNACKED_MIN_INTERVAL_MS
): Disposable {
  let last = countUnacked(source.openAlarms())
  let lastAt = Date.now()
  let timer: NodeJS.Timeout | null = null
  let disposed = false

  const update = (): void => {
    timer = null
    if (disposed) return
    lastAt = Date.now()
    const count = countUnacked(source.openAlarms())
    if (count === last) return
    last = count
    listener(count)
  }
  const changes = source.onChange(() => {
    if (timer !== null || disposed) return
    timer = setTimeout(update, Math.max(0, lastAt + minIntervalMs - Date.now()))
  })

  listener(last)
  return toDisposable(() => {
    disposed = true
    changes.dispose()
    if (timer !== null) clearTimeout(timer)
    timer = null
  })
}
