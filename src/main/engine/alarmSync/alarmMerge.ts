import type { AlarmRecord, AlarmState } from '@shared/alarms'
import { MAX_CLAIMS_PER_SLOT, type RaiseInfo, type ShelfRegister, type SlotClaim } from '@shared/alarmSync'

/**
 * The merge rules of shared alarm state, as pure functions. Per alarm point (a key's condition,
 * or a price alert's level), every console contributes its own claims: the raises it made, the
 * acks its operators gave, the clears it saw. A console's claims only grow (a raise, an ack, a
 * clear is made once; `joinClaims` keeps the earliest of each), so joining what was received in
 * any order, any number of times, gives the same claims; and the occurrences shown are a function
 * of the claims alone (`deriveOccurrences`), so every console that heard the same claims shows the
 * same alarms. ISA-18.2 stays monotonic: acked stays acked, cleared stays cleared, closed (acked
 * and cleared) stays closed; a raise after the point cleared is a new alarm.
 */

/** How far apart two consoles' clocks may be (keep them on NTP): an ack earlier than its raise by more is refused. */
export const MAX_CLOCK_SKEW_MS = 60_000

const byTime = (a: SlotClaim, b: SlotClaim): number =>
  a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The earlier of two acks (then the smaller name), so simultaneous acks end the same everywhere. */
function earlierAck<T extends { at: number; by: string; on?: string; console?: string }>(
  a: T | undefined,
  b: T | undefined
) {
  if (a === undefined) return b
  if (b === undefined) return a
  if (a.at !== b.at) return a.at < b.at ? a : b
  if (a.by !== b.by) return a.by < b.by ? a : b
  return (a.console ?? a.on ?? '') <= (b.console ?? b.on ?? '') ? a : b
}

function earlierClear<T extends { at: number; on?: string; console?: string }>(
  a: T | undefined,
  b: T | undefined
) {
  if (a === undefined) return b
  if (b === undefined) return a
  if (a.at !== b.at) return a.at < b.at ? a : b
  return (a.console ?? a.on ?? '') <= (b.console ?? b.on ?? '') ? a : b
}

/** The same raise described twice (it should never differ): the smaller description, deterministically. */
function pickRaise(a: RaiseInfo | undefined, b: RaiseInfo | undefined): RaiseInfo | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b
}

/** Two claims of one console on one raise id, joined field by field. */
export function joinClaim(a: SlotClaim, b: SlotClaim): SlotClaim {
  const out: SlotClaim = { id: a.id, raisedAt: Math.min(a.raisedAt, b.raisedAt) }
  const raise = pickRaise(a.raise, b.raise)
  const ack = earlierAck(a.ack, b.ack)
  const clear = earlierClear(a.clear, b.clear)
  if (raise !== undefined) out.raise = raise
  if (ack !== undefined) out.ack = ack
  if (clear !== undefined) out.clear = clear
  return out
}

/**
 * One console's claims joined with more of its claims: union by id, oldest first, the newest
 * `MAX_CLAIMS_PER_SLOT` kept. Commutative, associative and idempotent (a console's `raisedAt` for
 * an id never changes, so the bound drops the same claims whatever the order).
 */
export function joinClaims(a: readonly SlotClaim[], b: readonly SlotClaim[]): SlotClaim[] {
  const byId = new Map<string, SlotClaim>()
  for (const claim of [...a, ...b]) {
    const seen = byId.get(claim.id)
    byId.set(claim.id, seen === undefined ? claim : joinClaim(seen, claim))
  }
  return [...byId.values()].sort(byTime).slice(-MAX_CLAIMS_PER_SLOT)
}

/** True when both lists hold the same claims (order and all). */
export function sameClaims(a: readonly SlotClaim[], b: readonly SlotClaim[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b)
}

export interface Ack {
  at: number
  by: string
  console: string
}
export interface Clear {
  at: number
  console: string
}

/** One alarm as all consoles' claims make it: its raises (the first is the canonical one). */
export interface Occurrence {
  /** Raise ids, oldest first: `ids[0]` is the canonical raise. */
  ids: string[]
  raisedAt: number
  raisedOn: string
  raise: RaiseInfo
  ack: Ack | null
  clear: Clear | null
}

export function occurrenceState(o: Pick<Occurrence, 'ack' | 'clear'>): AlarmState {
  if (o.ack !== null) return o.clear !== null ? 'closed' : 'active-acked'
  return o.clear !== null ? 'cleared-unacked' : 'active-unacked'
}

/**
 * The occurrences of one alarm point, oldest first, from every console's claims. Raises are taken
 * in time order (ties by id); a raise joins the occurrence before it unless that one cleared
 * before it (two consoles raising the same crossing are one alarm; the earliest raise is its
 * identity), else it starts a new occurrence. An occurrence's ack is the earliest ack on any of its
 * raises (ties: operator name, then console name), its clear the earliest clear. An ack or clear
 * on a raise no console claims to have raised is not shown (it waits for the raise). A console
 * relays the acks and clears it applied to its own raises (`on`), so raises it took for one alarm
 * stay acked and cleared together everywhere, even where a clear it had not heard of splits them.
 */
export function deriveOccurrences(claims: ReadonlyMap<string, readonly SlotClaim[]>): Occurrence[] {
  const raises: { claim: SlotClaim; raise: RaiseInfo; console: string }[] = []
  const acks = new Map<string, Ack>()
  const clears = new Map<string, Clear>()
  /** Per raise id: the earliest clear each console applied to it (its own or relayed). */
  const clearedHere = new Map<string, Map<string, number>>()
  const raisedBy = new Map<string, string>()
  // A relayed ack or clear (`on: X`) counts as X's only where X's own claims on this alarm point
  // hold one at that time (by that operator): the ACL vouches for the topic's console, not for a
  // name inside a payload. Otherwise it counts as the relaying console's.
  const own = new Set<string>()
  for (const [console, list] of claims)
    for (const claim of list) {
      if (claim.raise !== undefined) {
        const other = raisedBy.get(claim.id)
        // One id raised by two consoles (a forgery or a collision): the smaller console name owns it.
        if (other === undefined || console < other) raisedBy.set(claim.id, console)
        raises.push({ claim, raise: claim.raise, console })
      }
      if (claim.ack !== undefined && claim.ack.on === undefined)
        own.add(`ack\u0000${console}\u0000${claim.ack.at}\u0000${claim.ack.by}`)
      if (claim.clear !== undefined && claim.clear.on === undefined)
        own.add(`clear\u0000${console}\u0000${claim.clear.at}`)
    }
  const creditOf = (on: string | undefined, console: string, ownKey: (who: string) => string): string =>
    on === undefined || on === console || !own.has(ownKey(on)) ? console : on
  /** When the raise an id names was made, by the console that owns it (its word, not the acker's). */
  const raisedAtOf = new Map<string, number>()
  for (const r of raises)
    if (raisedBy.get(r.claim.id) === r.console) raisedAtOf.set(r.claim.id, r.claim.raisedAt)
  for (const [console, list] of claims) {
    for (const claim of list) {
      // An ack from well before its raise (beyond any clock skew) is a forgery, not the earliest.
      const raisedAt = raisedAtOf.get(claim.id)
      if (claim.ack !== undefined && raisedAt !== undefined && claim.ack.at >= raisedAt - MAX_CLOCK_SKEW_MS) {
        const { at, by } = claim.ack
        const from = creditOf(claim.ack.on, console, (who) => `ack\u0000${who}\u0000${at}\u0000${by}`)
        acks.set(claim.id, earlierAck(acks.get(claim.id), { at, by, console: from }) as Ack)
      }
      if (claim.clear !== undefined) {
        const at = claim.clear.at
        const from = creditOf(claim.clear.on, console, (who) => `clear\u0000${who}\u0000${at}`)
        const clear = { at, console: from }
        clears.set(claim.id, earlierClear(clears.get(claim.id), clear) as Clear)
        let here = clearedHere.get(claim.id)
        if (here === undefined) clearedHere.set(claim.id, (here = new Map()))
        here.set(console, Math.min(here.get(console) ?? Infinity, claim.clear.at))
      }
    }
  }
  const owned = raises
    .filter((r) => raisedBy.get(r.claim.id) === r.console)
    .sort((a, b) => byTime(a.claim, b.claim))
  const out: Occurrence[] = []
  let current: Occurrence | null = null
  let currentClears = new Map<string, number>()
  for (const { claim, raise, console } of owned) {
    const ack = acks.get(claim.id) ?? null
    const clear = clears.get(claim.id) ?? null
    const here = clearedHere.get(claim.id) ?? new Map<string, number>()
    // At the very millisecond of the clear, a raise is the same crossing unless its own console
    // had seen the clear (then it raised again: a new crossing).
    const joins =
      current !== null &&
      (current.clear === null ||
        current.clear.at > claim.raisedAt ||
        (current.clear.at === claim.raisedAt &&
          !((currentClears.get(console) ?? Infinity) <= claim.raisedAt)))
    if (current !== null && joins) {
      current.ids.push(claim.id)
      current.ack = earlierAck(current.ack ?? undefined, ack ?? undefined) ?? null
      current.clear = earlierClear(current.clear ?? undefined, clear ?? undefined) ?? null
      for (const [c, at] of here) currentClears.set(c, Math.min(currentClears.get(c) ?? Infinity, at))
      continue
    }
    current = { ids: [claim.id], raisedAt: claim.raisedAt, raisedOn: console, raise, ack, clear }
    currentClears = new Map(here)
    out.push(current)
  }
  return out
}

/** An occurrence as an alarm record (`me`: this console, whose own raise or ack names no console). */
export function occurrenceRecord(key: string, o: Occurrence, me: string): AlarmRecord {
  const r = o.raise
  const record: AlarmRecord = {
    id: o.ids[0],
    key,
    source: r.source,
    label: r.label,
    condition: r.condition,
    severity: r.severity,
    state: occurrenceState(o),
    threshold: r.threshold,
    value: r.value,
    lastValue: r.value,
    unit: r.unit,
    raisedAt: o.raisedAt,
    clearedAt: o.clear?.at ?? null,
    ackedAt: o.ack?.at ?? null,
    ackedBy: o.ack?.by ?? null
  }
  if (o.raisedOn !== me) record.raisedOn = o.raisedOn
  if (o.ack !== null && o.ack.console !== me) record.ackedOn = o.ack.console
  return record
}

/** The shelve in force for a key: every console's latest, the latest of them (ties: console name). */
export function winningShelf(
  registers: ReadonlyMap<string, ShelfRegister>
): { console: string; register: ShelfRegister } | null {
  let best: { console: string; register: ShelfRegister } | null = null
  for (const [console, register] of registers) {
    if (
      best === null ||
      register.at > best.register.at ||
      (register.at === best.register.at && console < best.console)
    )
      best = { console, register }
  }
  return best
}

/** A console's shelf register joined with a later message of it: the later one (ties: the one with a shelf). */
export function joinShelf(a: ShelfRegister | undefined, b: ShelfRegister): ShelfRegister {
  if (a === undefined || b.at > a.at) return b
  if (b.at < a.at) return a
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b
}
