import { DisposableStore, type Disposable } from '@shared/disposable'
import { refuseIf, type CommandRouter } from '../commands/commandRouter'
import type { AlarmEngine } from './alarmEngine'

export interface AlarmSide {
  readonly alarms: AlarmEngine
  /** Refuses unknown keys (needs the sensor's label, which the engine knows). */
  shelve(key: string, durationMs: number, by?: string): string | null
}

/** Ack, ack all, shelve and unshelve: the operator's alarm actions. */
export function registerAlarmCommands(router: CommandRouter, side: AlarmSide): Disposable {
  const store = new DisposableStore()
  store.add(
    router.register('ackAlarm', ({ id, by }) => {
      refuseIf(side.alarms.ack(id, by))
      return null
    })
  )
  store.add(router.register('ackAllAlarms', ({ by }) => ({ acked: side.alarms.ackAll(by) })))
  store.add(
    router.register('shelve', ({ key, durationMs, by }) => {
      refuseIf(side.shelve(key, durationMs, by))
      return null
    })
  )
  store.add(
    router.register('unshelve', ({ key }) => {
      refuseIf(side.alarms.unshelve(key))
      return null
    })
  )
  return store
}
