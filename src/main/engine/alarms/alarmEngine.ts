import { randomUUID } from 'node:crypto'
import {
  ALARM_HISTORY_LIMIT,
  MAX_SHELVE_MS,
  type AlarmRecord,
  type AlarmSummary,
  type ShelvedKey
} from '@shared/alarms'
import { toDisposable, type Disposable } from '@shared/disposable'
import type { SensorValue } from '@shared/model'
import type { AlarmEvent, AlarmRecordEventKind } from './alarmEvents'
import type { ActiveCondition } from './limits'
import { slotOf, sourceOfKey } from './alarmSlots'
import { ShelfBook } from './shelfBook'
import { planRestore, type RestorePlan } from './restorePlan'
import * as remote from './remoteAlarms'
import {
  systemAlarmClock,
  type AlarmClock,
  type AlarmEngineOptions,
  type AlarmSubject
} from './alarmEngineOptions'

export {
  SOURCE_REMOVED_REASON,
  systemAlarmClock,
  type AlarmClock,
  type AlarmEngineOptions,
  type AlarmSubject
} from './alarmEngineOptions'

interface Reported {
  subject: AlarmSubject
  conditions: readonly ActiveCondition[]
  value: SensorValue | null
}

/**
 * ISA-18.2 alarm states for every sensor and ticker. Callers report each key's currently active
 * conditions; the engine raises an alarm per newly active (key, condition), clears those no
 * longer active, and applies acks and shelves:
 * - active-unacked --ack--> active-acked --clear--> closed
 * - active-unacked --clear--> cleared-unacked --ack--> closed
 * A closed alarm leaves the open list for `history`. A new crossing is a new alarm.
 *
 * Shelving a key suppresses raising new alarms for it until `until`; alarms already open stay
 * listed and keep their lifecycle (the view shows them as shelved from `shelved`). On unshelve,
 * conditions still active are raised at once, so nothing that happened while shelved is lost.
 */
export class AlarmEngine implements Disposable {
  private readonly operator: string
  private readonly clock: AlarmClock
  private readonly record: (event: AlarmEvent) => void
  private readonly newId: () => string
  /** Open alarms by id, in raising order. */
  private readonly open = new Map<string, AlarmRecord>()
  /** Per key: open alarms whose condition is still active, by slot. */
  private readonly activeSlots = new Map<string, Map<string, AlarmRecord>>()
  /** Per key: the ids of all its open alarms (active or cleared-unacked). */
  private readonly openByKey = new Map<string, Set<string>>()
  private readonly reported = new Map<string, Reported>()
  private readonly shelves: ShelfBook
  private history: AlarmRecord[] = []
  private readonly listeners = new Set<(event?: AlarmEvent) => void>()
  /** The console the events being emitted came from (alarmSync), while `applyAs` runs. */
  private origin: string | undefined
  private disposed = false
  private readonly remote: remote.RemoteAlarmHost = {
    open: this.open,
    activeSlots: this.activeSlots,
    closedBefore: (id) => this.history.some((a) => a.id === id),
    addOpen: (alarm) => this.addOpen(alarm),
    close: (alarm, now) => this.close(alarm, now),
    emitRecord: (kind, alarm, now) => this.emitRecord(kind, alarm, now),
    applyAs: (origin, apply) => this.applyAs(origin, apply),
    notify: () => this.notify(),
    now: () => this.clock.now()
  }

  constructor(options: AlarmEngineOptions) {
    this.operator = options.operator
    this.clock = options.clock ?? systemAlarmClock
    this.shelves = new ShelfBook(this.clock, (key) => this.unshelve(key))
    this.record = options.record ?? (() => {})
    this.newId = options.newId ?? randomUUID
    if (options.restored) {
      const now = this.clock.now()
      this.restore(planRestore(options.restored, options.knownSources, options.stuckReason, now), now)
    }
  }

  get defaultOperator(): string {
    return this.operator
  }

  /** True when the key has open alarms or active conditions: its readings must be reported. */
  tracks(key: string): boolean {
    return this.openByKey.has(key) || this.reported.has(key)
  }

  /**
   * The key's currently active conditions (all of them, every time anything about them changes)
   * and its latest value, which open alarms carry as `lastValue`.
   */
  observe(subject: AlarmSubject, conditions: readonly ActiveCondition[], value: SensorValue | null): void {
    if (this.disposed) return
    const { key } = subject
    if (conditions.length === 0) this.reported.delete(key)
    else this.reported.set(key, { subject, conditions, value })
    const now = this.clock.now()
    const slots = this.activeSlots.get(key)
    let limitMoved = false
    if (slots !== undefined) {
      for (const [slot, alarm] of slots) {
        const still = conditions.find((c) => slotOf(c.condition, c.threshold) === slot)
        if (still === undefined) {
          slots.delete(slot)
          this.clear(alarm, now)
        } else if (still.threshold !== alarm.threshold) {
          // The user moved the limit while the alarm stands: the list must show the limit in force.
          alarm.threshold = still.threshold
          limitMoved = true
        }
      }
    }
    if (limitMoved) this.notify()
    this.updateLastValue(key, value)
    if (!this.isShelved(key, now)) this.raiseMissing(subject, conditions, value, now)
    if (slots !== undefined && slots.size === 0) this.activeSlots.delete(key)
  }

  /** Acknowledges one open alarm; returns why it was refused, or `null`. */
  ack(id: string, by?: string): string | null {
    const alarm = this.open.get(id)
    if (alarm === undefined) return `there is no open alarm "${id}"`
    this.acknowledge(alarm, by ?? this.operator, this.clock.now())
    return null
  }

  /** Acknowledges every unacknowledged open alarm; returns how many. */
  ackAll(by?: string): number {
    const now = this.clock.now()
    let count = 0
    for (const alarm of [...this.open.values()]) {
      if (alarm.ackedAt !== null) continue
      this.acknowledge(alarm, by ?? this.operator, now)
      count++
    }
    return count
  }

  /** Shelves a key for `durationMs` (replacing an earlier shelve of it), 7 days at most. */
  shelve(key: string, label: string, durationMs: number, by?: string): void {
    if (this.disposed) return
    durationMs = Math.min(durationMs, MAX_SHELVE_MS)
    const now = this.clock.now()
    const shelf: ShelvedKey = { key, label, until: now + durationMs, by: by ?? this.operator, at: now }
    this.shelves.set(shelf, now)
    this.emit({ event: 'shelved', at: now, shelf: { ...shelf } })
  }

  /** The shelve of `key` in force, if any. */
  shelfOf(key: string): ShelvedKey | undefined {
    return this.shelves.get(key)
  }

  /** Ends a shelve early (or on expiry); returns why it was refused, or `null`. */
  unshelve(key: string): string | null {
    const shelf = this.shelves.take(key)
    if (shelf === undefined) return `"${key}" is not shelved`
    const now = this.clock.now()
    this.emit({ event: 'unshelved', at: now, shelf: { ...shelf } })
    const reported = this.reported.get(key)
    if (reported !== undefined && !this.disposed)
      this.raiseMissing(reported.subject, reported.conditions, reported.value, now)
    return null
  }

  /**
   * A source was removed: its open alarms close with `reason` (nothing could clear them now) and
   * its shelves end. Returns how many alarms closed.
   */
  closeSource(sourceId: string, reason: string): number {
    return this.closeKeys((key) => sourceOfKey(key) === sourceId, reason)
  }

  /** Closes the open alarms and ends the shelves of every key `gone` says nothing can clear now. */
  closeKeys(gone: (key: string) => boolean, reason: string): number {
    const now = this.clock.now()
    let closed = 0
    for (const alarm of [...this.open.values()]) {
      if (!gone(alarm.key)) continue
      alarm.clearedAt ??= now
      this.close(alarm, now, reason)
      closed++
    }
    for (const map of [this.activeSlots, this.reported])
      for (const key of [...map.keys()]) if (gone(key)) map.delete(key)
    for (const shelf of this.shelves.takeWhere(gone))
      this.emit({ event: 'unshelved', at: now, shelf: { ...shelf }, reason })
    return closed
  }

  isShelvedKey(key: string): boolean {
    return this.isShelved(key, this.clock.now())
  }

  /** Open alarms, newest first (copies). */
  openAlarms(): AlarmRecord[] {
    // Insertion order is raising order; reversed, then a stable sort, ties stay newest first.
    return [...this.open.values()]
      .reverse()
      .sort((a, b) => b.raisedAt - a.raisedAt)
      .map((a) => ({ ...a }))
  }

  summary(): AlarmSummary {
    return {
      alarms: this.openAlarms(),
      shelved: this.shelves.all(),
      history: this.history.map((a) => ({ ...a }))
    }
  }

  /** Events that recreate the current history, open alarms and shelves (a rotated journal's head). */
  checkpointEvents(): AlarmEvent[] {
    const at = this.clock.now()
    const events: AlarmEvent[] = []
    // Oldest first, so replaying them rebuilds `history` newest first.
    for (const alarm of [...this.history].reverse()) events.push({ event: 'closed', at, alarm: { ...alarm } })
    for (const alarm of this.open.values()) events.push({ event: 'open', at, alarm: { ...alarm } })
    for (const shelf of this.shelves.all()) events.push({ event: 'shelved', at, shelf })
    return events
  }

  /** Runs `apply` with the events it causes marked (and journaled) as coming from console `origin`. */
  applyAs<T>(origin: string, apply: () => T): T {
    const outer = this.origin
    this.origin = origin
    try {
      return apply()
    } finally {
      this.origin = outer
    }
  }

  /** Another console's merged view of one alarm (alarmSync; remoteAlarms.ts). */
  applyRemote(update: remote.RemoteAlarmUpdate): void {
    if (!this.disposed) remote.applyRemoteAlarm(update, this.remote)
  }

  /**
   * Called (synchronously) after every change, with the event when there is one (after the
   * journal has it: alarmSync publishes this console's own); the caller coalesces.
   */
  onChange(listener: (event?: AlarmEvent) => void): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  /** Stops the shelve timers; state stays readable. */
  dispose(): void {
    this.disposed = true
    this.shelves.dispose()
    this.listeners.clear()
  }

  private restore(plan: RestorePlan, now: number): void {
    this.history = plan.history
    for (const { alarm, stuck } of plan.open) {
      this.addOpen(alarm)
      if (stuck !== null) {
        // Nothing will ever clear it now: close it, saying why, rather than list it forever.
        alarm.clearedAt ??= now
        this.close(alarm, now, stuck)
      } else if (alarm.state !== 'cleared-unacked' && alarm.raisedOn === undefined)
        // Only this console's own: one another console raised is listed, not tied to our sensor.
        this.slotsOf(alarm.key).set(slotOf(alarm.condition, alarm.threshold), alarm)
    }
    for (const ended of plan.ended) this.emit({ event: 'unshelved', at: now, ...ended })
    for (const shelf of plan.shelves) this.shelves.set(shelf, now)
  }

  private raiseMissing(
    subject: AlarmSubject,
    conditions: readonly ActiveCondition[],
    value: SensorValue | null,
    now: number
  ): void {
    for (const c of conditions) {
      const slot = slotOf(c.condition, c.threshold)
      const slots = this.slotsOf(subject.key)
      if (slots.has(slot)) continue
      // Another console's raise of this crossing, listed already: this console's own from now.
      const listed = remote.unclearedListed(this.open, this.openByKey.get(subject.key), slot)
      if (listed !== undefined) {
        slots.set(slot, listed)
        continue
      }
      const alarm: AlarmRecord = {
        id: this.newId(),
        key: subject.key,
        source: subject.source,
        label: subject.label,
        condition: c.condition,
        severity: c.severity,
        state: 'active-unacked',
        threshold: c.threshold,
        value,
        lastValue: value,
        unit: subject.unit,
        raisedAt: now,
        clearedAt: null,
        ackedAt: null,
        ackedBy: null
      }
      slots.set(slot, alarm)
      this.addOpen(alarm)
      this.emitRecord('raised', alarm, now)
    }
    if (this.activeSlots.get(subject.key)?.size === 0) this.activeSlots.delete(subject.key)
  }

  private clear(alarm: AlarmRecord, now: number): void {
    alarm.clearedAt = now
    if (alarm.state === 'active-acked') {
      alarm.state = 'closed'
      this.emitRecord('cleared', alarm, now)
      this.close(alarm, now)
    } else {
      alarm.state = 'cleared-unacked'
      this.emitRecord('cleared', alarm, now)
    }
  }

  private acknowledge(alarm: AlarmRecord, by: string, now: number): void {
    if (alarm.ackedAt !== null) return
    alarm.ackedAt = now
    alarm.ackedBy = by
    if (alarm.state === 'cleared-unacked') {
      alarm.state = 'closed'
      this.emitRecord('acked', alarm, now)
      this.close(alarm, now)
    } else {
      alarm.state = 'active-acked'
      this.emitRecord('acked', alarm, now)
    }
  }

  private close(alarm: AlarmRecord, now: number, reason?: string): void {
    alarm.state = 'closed'
    this.open.delete(alarm.id)
    const ids = this.openByKey.get(alarm.key)
    ids?.delete(alarm.id)
    if (ids?.size === 0) this.openByKey.delete(alarm.key)
    this.history.unshift({ ...alarm })
    if (this.history.length > ALARM_HISTORY_LIMIT) this.history.length = ALARM_HISTORY_LIMIT
    this.emitRecord('closed', alarm, now, reason)
  }

  private addOpen(alarm: AlarmRecord): void {
    this.open.set(alarm.id, alarm)
    let ids = this.openByKey.get(alarm.key)
    if (ids === undefined) this.openByKey.set(alarm.key, (ids = new Set()))
    ids.add(alarm.id)
  }

  private slotsOf(key: string): Map<string, AlarmRecord> {
    let slots = this.activeSlots.get(key)
    if (slots === undefined) this.activeSlots.set(key, (slots = new Map()))
    return slots
  }

  private updateLastValue(key: string, value: SensorValue | null): void {
    if (value === null) return
    const ids = this.openByKey.get(key)
    if (ids === undefined) return
    for (const id of ids) {
      const alarm = this.open.get(id)
      if (alarm !== undefined && alarm.state !== 'cleared-unacked') alarm.lastValue = value
    }
  }

  private isShelved(key: string, now: number): boolean {
    const shelf = this.shelves.get(key)
    if (shelf === undefined) return false
    if (shelf.until > now) return true
    // The timer is late (a suspended machine); expiry is decided by the clock, not the timer.
    this.unshelve(key)
    return false
  }

  private emitRecord(event: AlarmRecordEventKind, alarm: AlarmRecord, now: number, reason?: string): void {
    this.emit(
      reason === undefined
        ? { event, at: now, alarm: { ...alarm } }
        : { event, at: now, alarm: { ...alarm }, reason }
    )
  }

  private emit(event: AlarmEvent): void {
    const e = this.origin === undefined ? event : { ...event, origin: this.origin }
    this.record(e)
    this.notify(e)
  }

  private notify(event?: AlarmEvent): void {
    for (const listener of [...this.listeners]) listener(event)
  }
}
