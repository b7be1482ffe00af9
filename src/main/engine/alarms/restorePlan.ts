import { ALARM_HISTORY_LIMIT, type AlarmRecord, type ShelvedKey } from '@shared/alarms'
import type { RestoredAlarms } from './alarmEvents'
import { SOURCE_REMOVED_REASON } from './alarmEngineOptions'
import { sourceOfKey } from './alarmSlots'

/** What a restart restores, decided before the alarm engine takes it in (copies throughout). */
export interface RestorePlan {
  history: AlarmRecord[]
  /** Open alarms, oldest first; `stuck`: why nothing can clear it now (it is closed saying so), or null. */
  open: { alarm: AlarmRecord; stuck: string | null }[]
  /** Shelves still in force. */
  shelves: ShelvedKey[]
  /** Shelves that ended while Tickwire was not running, or whose source is gone (`reason`). */
  ended: { shelf: ShelvedKey; reason?: string }[]
}

/**
 * A journal's replay checked against the configuration now: alarms and shelves of sources no
 * longer configured (`knownSources`) end, and so do alarms `stuckReason` says can never clear.
 */
export function planRestore(
  restored: RestoredAlarms,
  knownSources: ReadonlySet<string> | undefined,
  stuckReason: ((alarm: AlarmRecord) => string | null) | undefined,
  now: number
): RestorePlan {
  const gone = (source: string): boolean => knownSources !== undefined && !knownSources.has(source)
  const plan: RestorePlan = {
    history: (restored.history ?? []).slice(0, ALARM_HISTORY_LIMIT).map((a) => ({ ...a })),
    open: [],
    shelves: [],
    ended: []
  }
  for (const alarm of [...restored.alarms].sort((a, b) => a.raisedAt - b.raisedAt)) {
    if (alarm.state === 'closed') continue
    const copy = { ...alarm }
    plan.open.push({
      alarm: copy,
      stuck: gone(copy.source) ? SOURCE_REMOVED_REASON : (stuckReason?.(copy) ?? null)
    })
  }
  for (const shelf of restored.shelves) {
    if (gone(sourceOfKey(shelf.key))) plan.ended.push({ shelf: { ...shelf }, reason: SOURCE_REMOVED_REASON })
    else if (shelf.until <= now) plan.ended.push({ shelf: { ...shelf } })
    else plan.shelves.push({ ...shelf })
  }
  return plan
}
