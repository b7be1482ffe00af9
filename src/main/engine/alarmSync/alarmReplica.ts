import { MAX_SHELVE_MS, type AlarmRecord, type AlarmSummary, type ShelvedKey } from '@shared/alarms'
import type { AlarmSyncEvent, AlarmSyncMessage, RaiseInfo, ShelfRegister, SlotClaim } from '@shared/alarmSync'
import type { AlarmEvent } from '../alarms/alarmEvents'
import { slotOf } from '../alarms/alarmSlots'
import type { RemoteAlarmUpdate } from '../alarms/remoteAlarms'
import {
  deriveOccurrences,
  joinClaims,
  joinShelf,
  occurrenceRecord,
  sameClaims,
  MAX_CLOCK_SKEW_MS,
  winningShelf
} from './alarmMerge'

/** Most alarm points (a key's condition or a price level) whose claims are kept. */
export const MAX_SYNC_SLOTS = 10_000
/** Most claims kept over all alarm points and consoles. */
export const MAX_SYNC_CLAIMS = 50_000
/** Most other consoles heard from; a message of one more is refused. */
export const MAX_SYNC_CONSOLES = 64
/** Most keys whose shelves are kept. */
export const MAX_SYNC_SHELF_KEYS = 10_000
/** A shelve's end within this of the one in force is the same shelve (two clocks, one decision). */
const SAME_SHELVE_MS = 1_000

/** The part of the alarm engine a replica drives. */
export interface ReplicaEngine {
  applyRemote(update: RemoteAlarmUpdate): void
  applyAs<T>(origin: string, apply: () => T): T
  shelve(key: string, label: string, durationMs: number, by?: string): void
  unshelve(key: string): string | null
  isShelvedKey(key: string): boolean
  shelfOf(key: string): ShelvedKey | undefined
  summary(): AlarmSummary
}

/** Where a replica's own changes go: the broker link publishes them. */
export interface ReplicaOutlet {
  /** This console's claims on a slot changed, or the broker's copy of them is behind. */
  stateChanged(slotId: string): void
  shelfChanged(key: string): void
  event(event: AlarmSyncEvent): void
}

export interface SlotEntry {
  key: string
  slot: string
  /** Every console's claims on this slot, this console's included. */
  byConsole: Map<string, SlotClaim[]>
}

export const slotIdOf = (key: string, slot: string): string => `${key}\u0000${slot}`

function raiseInfo(a: AlarmRecord): RaiseInfo {
  return {
    source: a.source,
    label: a.label,
    condition: a.condition,
    severity: a.severity,
    threshold: a.threshold,
    value: a.value,
    unit: a.unit
  }
}

/** This console's claims on one of its alarms, as its record stands (a restart's open alarms). */
function claimOf(a: AlarmRecord): SlotClaim {
  const claim: SlotClaim = { id: a.id, raisedAt: a.raisedAt }
  if (a.raisedOn === undefined) claim.raise = raiseInfo(a)
  if (a.ackedAt !== null && a.ackedBy !== null && a.ackedOn === undefined)
    claim.ack = { at: a.ackedAt, by: a.ackedBy }
  if (a.clearedAt !== null) claim.clear = { at: a.clearedAt }
  return claim
}

/**
 * One console's copy of the shared alarm state: every console's claims per alarm point and its
 * shelves, kept bounded. This console's own alarm events become its claims (and go out through the
 * outlet); another console's message is joined with what that console said before and the merged
 * occurrences are applied to the alarm engine, which journals what changed with its origin. Events
 * the replica itself caused (they carry an `origin`) are never claimed again: no echo.
 */
export class AlarmReplica {
  readonly slots = new Map<string, SlotEntry>()
  readonly shelves = new Map<string, Map<string, ShelfRegister>>()
  readonly counts = { applied: 0, refused: 0, untracked: 0 }
  /** Why this console's last alarm past the bounds was not shared; `null` while all are. */
  lastUntracked: string | null = null
  lastRefused: string | null = null
  private readonly consoles = new Set<string>()
  private claimCount = 0

  constructor(
    readonly me: string,
    private readonly engine: ReplicaEngine,
    private readonly out: ReplicaOutlet,
    private readonly now: () => number = Date.now
  ) {}

  /** The open alarms and shelves this console has at start (restored from its journal). */
  seed(summary: AlarmSummary): void {
    for (const alarm of summary.alarms) this.claim(alarm, claimOf(alarm))
    for (const s of summary.shelved)
      this.setShelf(this.me, s.key, { at: s.at, shelf: { label: s.label, until: s.until, by: s.by } })
  }

  /**
   * One event of the alarm engine. Its own are claimed and sent; an ack or clear another console's
   * claims caused on one of its alarms is relayed (claimed with `on`, see SlotClaim); nothing else
   * the replica caused is claimed again.
   */
  local(event: AlarmEvent): void {
    const relayed = event.origin
    if ('shelf' in event) {
      if (relayed !== undefined) return
      const { key, label, until, by } = event.shelf
      const shelf = event.event === 'shelved' ? { label, until, by } : null
      // Stamped after the shelve in force, so it wins on every console even when this clock is
      // behind the one that set it (a register from the future is refused, so this stays close).
      const registers = this.shelves.get(key)
      const inForce = registers === undefined ? null : winningShelf(registers)
      const at = Math.max(event.at, (inForce?.register.at ?? -Infinity) + 1)
      if (!this.setShelf(this.me, key, { at, shelf })) return
      this.out.shelfChanged(key)
      this.out.event({ event: event.event, at: event.at, key, by })
      return
    }
    if (event.event === 'open') return
    const a = event.alarm
    const claim: SlotClaim = { id: a.id, raisedAt: a.raisedAt }
    if (event.event === 'raised' && a.raisedOn === undefined && relayed === undefined)
      claim.raise = raiseInfo(a)
    if (event.event === 'acked' && a.ackedAt !== null && a.ackedBy !== null) {
      const on = a.ackedOn ?? relayed
      claim.ack = on === undefined ? { at: a.ackedAt, by: a.ackedBy } : { at: a.ackedAt, by: a.ackedBy, on }
    }
    const clears = event.event === 'cleared' || (event.event === 'closed' && event.reason !== undefined)
    if (clears && a.clearedAt !== null)
      claim.clear = relayed === undefined ? { at: a.clearedAt } : { at: a.clearedAt, on: relayed }
    if (claim.raise === undefined && claim.ack === undefined && claim.clear === undefined) return
    if (!this.claim(a, claim) || relayed !== undefined) return
    const slot = slotOf(a.condition, a.threshold)
    const by = claim.ack?.by
    this.out.event({ event: event.event, at: event.at, key: a.key, slot, id: a.id, ...(by ? { by } : {}) })
  }

  /** A message of any console (this one's own: `retained` after a reconnect, else an echo, ignored). */
  remote(message: AlarmSyncMessage, retained: boolean): void {
    const from = message.console
    if (from === this.me && !retained) return
    if (from !== this.me && !this.consoles.has(from)) {
      if (this.consoles.size >= MAX_SYNC_CONSOLES)
        return this.refuse(`more than ${MAX_SYNC_CONSOLES} consoles`)
      this.consoles.add(from)
    }
    if (message.kind === 'shelf') return this.remoteShelf(from, message.key, message.register)
    const { key, slot } = message
    const id = slotIdOf(key, slot)
    if (from === this.me && message.claims.length === 0) {
      // Our own retained state is gone from the broker (or never got there): send it again.
      if (this.slots.get(id)?.byConsole.has(this.me)) this.out.stateChanged(id)
      return
    }
    const entry = this.entry(key, slot)
    if (entry === null) return this.refuse(`more than ${MAX_SYNC_SLOTS} alarm points`)
    const before = entry.byConsole.get(from) ?? []
    const after = message.claims.length === 0 ? [] : joinClaims(before, message.claims)
    if (this.claimCount - before.length + after.length > MAX_SYNC_CLAIMS) {
      this.dropIfEmpty(id, entry)
      return this.refuse(`more than ${MAX_SYNC_CLAIMS} alarm claims`)
    }
    this.counts.applied++
    if (from === this.me && !sameClaims(after, message.claims)) this.out.stateChanged(id)
    if (sameClaims(before, after)) return this.dropIfEmpty(id, entry)
    this.claimCount += after.length - before.length
    if (after.length === 0) entry.byConsole.delete(from)
    else entry.byConsole.set(from, after)
    this.apply(entry)
    this.dropIfEmpty(id, entry)
  }

  /** A message refused before it reached the replica (unreadable, over a bound). */
  refuse(reason: string): void {
    this.counts.refused++
    this.lastRefused = reason
  }

  mine(slotId: string): { entry: SlotEntry; claims: SlotClaim[] } | null {
    const entry = this.slots.get(slotId)
    const claims = entry?.byConsole.get(this.me)
    return entry === undefined || claims === undefined ? null : { entry, claims }
  }

  myShelf(key: string): ShelfRegister | undefined {
    return this.shelves.get(key)?.get(this.me)
  }

  /** Every slot and shelf this console has claims on (all sent again after a reconnect). */
  myTopics(): { slots: string[]; shelves: string[] } {
    const slots = [...this.slots].filter(([, e]) => e.byConsole.has(this.me)).map(([id]) => id)
    const shelves = [...this.shelves].filter(([, r]) => r.has(this.me)).map(([key]) => key)
    return { slots, shelves }
  }

  consolesSeen(): string[] {
    return [...this.consoles].sort()
  }

  /** The alarm engine's view of every occurrence of one alarm point, as all claims make them. */
  private apply(entry: SlotEntry): void {
    for (const o of deriveOccurrences(entry.byConsole)) {
      const clearedOn = o.clear !== null && o.clear.console !== this.me ? o.clear.console : null
      this.engine.applyRemote({
        ids: o.ids,
        alarm: occurrenceRecord(entry.key, o, this.me),
        raisedOn: o.raisedOn,
        clearedOn
      })
    }
  }

  /** Joins a claim of this console on one of its alarms; true when that changed its claims. */
  private claim(alarm: AlarmRecord, claim: SlotClaim): boolean {
    const slot = slotOf(alarm.condition, alarm.threshold)
    const entry = this.entry(alarm.key, slot)
    if (entry === null) {
      // Past the bounds this console's alarm goes unshared: counted, and said on the ALM chip.
      this.counts.untracked++
      this.lastUntracked = `${alarm.key}: not shared, more than ${MAX_SYNC_SLOTS} alarm points tracked`
      return false
    }
    const before = entry.byConsole.get(this.me) ?? []
    const after = joinClaims(before, [claim])
    if (sameClaims(before, after)) return false
    this.claimCount += after.length - before.length
    entry.byConsole.set(this.me, after)
    this.out.stateChanged(slotIdOf(alarm.key, slot))
    return true
  }

  private entry(key: string, slot: string): SlotEntry | null {
    const id = slotIdOf(key, slot)
    let entry = this.slots.get(id)
    if (entry === undefined) {
      if (this.slots.size >= MAX_SYNC_SLOTS) return null
      entry = { key, slot, byConsole: new Map() }
      this.slots.set(id, entry)
    }
    return entry
  }

  private dropIfEmpty(id: string, entry: SlotEntry): void {
    if (entry.byConsole.size === 0) this.slots.delete(id)
  }

  private setShelf(from: string, key: string, register: ShelfRegister): boolean {
    let registers = this.shelves.get(key)
    if (registers === undefined) {
      if (this.shelves.size >= MAX_SYNC_SHELF_KEYS) return false
      this.shelves.set(key, (registers = new Map()))
    }
    const before = registers.get(from)
    const after = joinShelf(before, register)
    if (before !== undefined && JSON.stringify(before) === JSON.stringify(after)) return false
    registers.set(from, after)
    return true
  }

  private remoteShelf(from: string, key: string, register: ShelfRegister | null): void {
    if (register === null) {
      if (from === this.me) {
        if (this.myShelf(key) !== undefined) this.out.shelfChanged(key)
        return
      }
      this.counts.applied++
      this.shelves.get(key)?.delete(from)
      if (this.shelves.get(key)?.size === 0) this.shelves.delete(key)
      return
    }
    if (!this.shelves.has(key) && this.shelves.size >= MAX_SYNC_SHELF_KEYS)
      return this.refuse(`more than ${MAX_SYNC_SHELF_KEYS} shelved keys`)
    // A register stamped in the future would win every later shelve or unshelve; one longer than
    // the longest shelve would outlast any timer. Either is refused, never applied.
    if (from !== this.me && register.at > this.now() + MAX_CLOCK_SKEW_MS)
      return this.refuse(`a shelve of ${key} stamped in the future`)
    if (register.shelf !== null && register.shelf.until - register.at > MAX_SHELVE_MS + MAX_CLOCK_SKEW_MS)
      return this.refuse(`a shelve of ${key} longer than ${MAX_SHELVE_MS / 86_400_000} days`)
    this.counts.applied++
    const changed = this.setShelf(from, key, register)
    if (from === this.me) {
      if (JSON.stringify(this.myShelf(key)) !== JSON.stringify(register)) this.out.shelfChanged(key)
      return
    }
    if (changed) this.applyShelf(key)
  }

  /** The shelve in force (every console's latest, the latest of them) applied here. */
  private applyShelf(key: string): void {
    const registers = this.shelves.get(key)
    const win = registers === undefined ? null : winningShelf(registers)
    if (win === null || win.console === this.me) return
    const now = this.now()
    const shelf = win.register.shelf
    if (shelf !== null && shelf.until > now) {
      const current = this.engine.shelfOf(key)
      if (current !== undefined && Math.abs(current.until - shelf.until) < SAME_SHELVE_MS) return
      this.engine.applyAs(win.console, () =>
        this.engine.shelve(key, shelf.label, Math.min(shelf.until - now, MAX_SHELVE_MS), shelf.by)
      )
    } else if (this.engine.isShelvedKey(key)) {
      this.engine.applyAs(win.console, () => this.engine.unshelve(key))
    }
  }
}
