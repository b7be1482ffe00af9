import type { AlarmRecord } from '@shared/alarms'
import type { AlarmRecordEventKind } from './alarmEvents'
import { slotOf } from './alarmSlots'

/**
 * How another console's view of an alarm (alarmSync) reaches this console's alarm engine. The
 * view is already merged (alarmSync/alarmMerge.ts); here it is applied to the local alarm it
 * matches, monotonically: an ack or a clear it carries is taken (with the other console's time and
 * name, journaled with its `origin`), nothing is ever un-acked or un-cleared, and a closed alarm
 * stays closed. An occurrence this console has not listed is listed under its canonical id (but
 * not bound to a local condition: only the console that sees it clear can clear it, unless this
 * console later sees the same crossing itself, see `unclearedListed`).
 */
export interface RemoteAlarmUpdate {
  /** Every raise of the occurrence, the canonical one first; the local alarm is any of them. */
  ids: readonly string[]
  /** The merged view (`id` is the canonical raise). */
  alarm: AlarmRecord
  /** Which console each change came from, for the journal's `origin`. */
  raisedOn: string
  clearedOn: string | null
}

/** What of the alarm engine applying a remote view needs. */
export interface RemoteAlarmHost {
  open: ReadonlyMap<string, AlarmRecord>
  /** Per key: the open alarms whose condition is still active, by slot. */
  activeSlots: Map<string, Map<string, AlarmRecord>>
  closedBefore(id: string): boolean
  addOpen(alarm: AlarmRecord): void
  close(alarm: AlarmRecord, now: number): void
  emitRecord(kind: AlarmRecordEventKind, alarm: AlarmRecord, now: number): void
  applyAs(origin: string, apply: () => void): void
  notify(): void
  now(): number
}

export function applyRemoteAlarm(update: RemoteAlarmUpdate, host: RemoteAlarmHost): void {
  const locals = update.ids.flatMap((id) => host.open.get(id) ?? [])
  if (locals.length > 0) {
    for (const local of locals) mergeInto(local, update, host)
    return
  }
  if (update.alarm.state === 'closed' || update.ids.some((id) => host.closedBefore(id))) return
  const copy = { ...update.alarm }
  host.applyAs(update.alarm.raisedOn ?? update.raisedOn, () => {
    host.addOpen(copy)
    host.emitRecord('raised', copy, host.now())
  })
}

function mergeInto(local: AlarmRecord, update: RemoteAlarmUpdate, host: RemoteAlarmHost): void {
  const view = update.alarm
  const now = host.now()
  const as = (origin: string | null | undefined, apply: () => void): void =>
    origin == null ? apply() : host.applyAs(origin, apply)
  let quiet = false
  if (view.ackedAt !== null) {
    const sameAck =
      local.ackedAt === view.ackedAt && local.ackedBy === view.ackedBy && local.ackedOn === view.ackedOn
    if (!sameAck) {
      const first = local.ackedAt === null
      local.ackedAt = view.ackedAt
      local.ackedBy = view.ackedBy
      if (view.ackedOn === undefined) delete local.ackedOn
      else local.ackedOn = view.ackedOn
      if (first) {
        local.state = local.clearedAt === null ? 'active-acked' : 'closed'
        as(view.ackedOn, () => host.emitRecord('acked', local, now))
        if (local.state === 'closed') as(view.ackedOn, () => host.close(local, now))
      } else quiet = true
    }
  }
  if (view.clearedAt !== null && local.clearedAt !== view.clearedAt) {
    const first = local.clearedAt === null
    local.clearedAt = view.clearedAt
    // It cleared elsewhere: no longer bound to this console's active condition.
    const slots = host.activeSlots.get(local.key)
    if (slots?.get(slotOf(local.condition, local.threshold)) === local)
      slots.delete(slotOf(local.condition, local.threshold))
    if (first && host.open.has(local.id)) {
      local.state = local.ackedAt === null ? 'cleared-unacked' : 'closed'
      as(update.clearedOn, () => host.emitRecord('cleared', local, now))
      if (local.state === 'closed') as(update.clearedOn, () => host.close(local, now))
    } else quiet = true
  }
  if (quiet) host.notify()
}

/**
 * An open, not yet cleared alarm of this key and slot that no local condition holds: another
 * console's raise, listed here. When this console sees the same crossing, it takes that alarm on
 * rather than raising a second one.
 */
export function unclearedListed(
  open: ReadonlyMap<string, AlarmRecord>,
  ids: ReadonlySet<string> | undefined,
  slot: string
): AlarmRecord | undefined {
  if (ids === undefined) return undefined
  for (const id of ids) {
    const alarm = open.get(id)
    if (alarm !== undefined && alarm.clearedAt === null && slotOf(alarm.condition, alarm.threshold) === slot)
      return alarm
  }
  return undefined
}
