import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { AlarmRecord, AlarmSummary } from '@shared/alarms'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'
import { emptyAlarmSummary } from '../transport/alarmMessage'
import { newUnackedIds, sortAlarms, sortHistory, unackedAlarms } from './alarmView'
import { cleanOperator, loadAlarmPrefs, operatorFor, saveAlarmPrefs } from './alarmPrefs'
import {
  notificationPermission,
  requestNotificationPermission,
  showAlarmNotification,
  type NotifyPermission
} from './alarmNotifier'
import type { AlarmTone } from './alarmTone'
import type { PrefsStorage } from '../tickers/gridViewPrefs'

/**
 * Alarms as the engine last reported them, the operator's preferences, and the actions. An action
 * goes to the engine; the list changes only when the engine's next `alarms` message says so.
 */
export const useAlarmStore = defineStore('alarms', () => {
  const storage = browserStorage()
  const summary = shallowRef<AlarmSummary>(emptyAlarmSummary())
  const engineOperator = ref<string | null>(null)
  const prefs = ref(loadAlarmPrefs(storage))
  const permission = ref<NotifyPermission>(notificationPermission())
  /** An alarm to bring into view (clicked notification or banner). */
  const focusId = ref<string | null>(null)
  let request: RequestCommand | null = null
  /** The engine's refusal of the last alarm action (shown until the next one succeeds). */
  const actionError = ref<string | null>(null)
  let tone: AlarmTone | null = null
  const seen = new Set<string>()

  watch(prefs, (value) => saveAlarmPrefs(storage, value), { deep: true })

  const open = computed(() => sortAlarms(summary.value.alarms))
  const unacked = computed(() => unackedAlarms(summary.value.alarms))
  const history = computed(() => sortHistory(summary.value.history))
  const shelved = computed(() => [...summary.value.shelved].sort((a, b) => a.until - b.until))
  const shelvedKeys = computed(() => new Map(summary.value.shelved.map((s) => [s.key, s])))
  const operator = computed(() => operatorFor(prefs.value, engineOperator.value))

  function connect(requestCommand: RequestCommand, alarmTone: AlarmTone): void {
    request = requestCommand
    tone = alarmTone
  }

  /** `initial`: a (re)connect's snapshot; what it holds is shown, not announced. */
  function update(next: AlarmSummary, initial: boolean): void {
    const fresh = initial ? [] : newUnackedIds(seen, next.alarms)
    if (initial) seen.clear()
    for (const a of next.alarms) seen.add(a.id)
    for (const a of next.history) seen.add(a.id)
    summary.value = next
    if (fresh.length > 0) announce(next.alarms.filter((a) => fresh.includes(a.id)))
  }

  function announce(alarms: AlarmRecord[]): void {
    if (prefs.value.tone) tone?.play()
    if (!prefs.value.notify) return
    for (const alarm of sortAlarms(alarms).slice(0, 3)) {
      showAlarmNotification(alarm, () => {
        globalThis.focus?.()
        focusId.value = alarm.id
      })
    }
  }

  function setEngineOperator(name: string | null): void {
    engineOperator.value = name
  }

  /** Runs an action; its refusal (or a lost connection) becomes `actionError`. */
  async function run(action: (send: RequestCommand) => Promise<unknown>): Promise<void> {
    if (request === null) {
      actionError.value = 'Not connected to the engine'
      return
    }
    try {
      await action(request)
      actionError.value = null
    } catch (err) {
      actionError.value = commandErrorText(err)
    }
  }

  function ack(id: string): Promise<void> {
    const by = operator.value
    return run((send) => send('ackAlarm', by === undefined ? { id } : { id, by }))
  }

  function ackAll(): Promise<void> {
    const by = operator.value
    return run((send) => send('ackAllAlarms', by === undefined ? {} : { by }))
  }

  function shelve(key: string, durationMs: number): Promise<void> {
    const by = operator.value
    return run((send) => send('shelve', { key, durationMs, ...(by === undefined ? {} : { by }) }))
  }

  function unshelve(key: string): Promise<void> {
    return run((send) => send('unshelve', { key }))
  }

  function clearActionError(): void {
    actionError.value = null
  }

  function setOperator(name: string): void {
    prefs.value.operator = cleanOperator(name)
  }

  /** Called from a click, so the permission prompt is allowed. */
  async function setNotify(on: boolean): Promise<void> {
    prefs.value.notify = on
    if (on) permission.value = await requestNotificationPermission()
  }

  /** Called from a click: unlocks audio and plays the tone once so the operator knows it. */
  function setTone(on: boolean): void {
    prefs.value.tone = on
    if (on) {
      tone?.unlock()
      tone?.play()
    }
  }

  return {
    summary,
    prefs,
    permission,
    focusId,
    open,
    unacked,
    history,
    shelved,
    shelvedKeys,
    operator,
    engineOperator,
    connect,
    update,
    setEngineOperator,
    ack,
    ackAll,
    shelve,
    unshelve,
    actionError,
    clearActionError,
    setOperator,
    setNotify,
    setTone
  }
})

function browserStorage(): PrefsStorage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}
