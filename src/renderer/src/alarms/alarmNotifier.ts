import type { AlarmRecord } from '@shared/alarms'
import { conditionLabel, formatAlarmValue, formatThreshold } from './alarmView'

/**
 * Desktop notifications through the browser's Notification API (Electron's renderer implements
 * it too). Permission is asked only from a user gesture (`requestPermission`), as browsers require.
 */
export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported'

export function notificationPermission(): NotifyPermission {
  const N = globalThis.Notification
  return typeof N === 'function' ? N.permission : 'unsupported'
}

/** Asks for permission (call from a click); resolves to the outcome. */
export async function requestNotificationPermission(): Promise<NotifyPermission> {
  const N = globalThis.Notification
  if (typeof N !== 'function') return 'unsupported'
  if (N.permission !== 'default') return N.permission
  try {
    return await N.requestPermission()
  } catch {
    return N.permission
  }
}

/** The title and body a new alarm is announced with. */
export function alarmNotificationText(alarm: AlarmRecord): { title: string; body: string } {
  const tag = alarm.severity === 'alarm' ? 'ALARM' : alarm.severity === 'warn' ? 'WARNING' : 'STALE'
  return {
    title: `${tag}: ${alarm.label}`,
    body: `${conditionLabel(alarm.condition)} — ${formatAlarmValue(alarm.value, alarm.unit)} (${formatThreshold(alarm)})`
  }
}

/** Shows one notification per alarm (tagged by id so a repeat replaces, never stacks). */
export function showAlarmNotification(alarm: AlarmRecord, onClick: () => void): void {
  const N = globalThis.Notification
  if (typeof N !== 'function' || N.permission !== 'granted') return
  const { title, body } = alarmNotificationText(alarm)
  try {
    const n = new N(title, {
      body,
      tag: `tickwire-alarm-${alarm.id}`,
      requireInteraction: alarm.severity === 'alarm'
    })
    n.onclick = () => {
      onClick()
      n.close()
    }
  } catch {
    // Some hosts expose the constructor but refuse it (e.g. service-worker-only platforms).
  }
}
