import type { AlarmClock } from '../../../../src/main/engine/alarms/alarmEngineOptions'
import type { AlarmSyncMessage } from '@shared/alarmSync'
import { AlarmEngine } from '../../../../src/main/engine/alarms/alarmEngine'
import type { AlarmEvent } from '../../../../src/main/engine/alarms/alarmEvents'
import { AlarmReplica } from '../../../../src/main/engine/alarmSync/alarmReplica'

export const SUBJECT = { key: 'plant/boiler', source: 'plant', label: 'Boiler', unit: '°C' }
export const HIGH = [{ condition: 'high-alarm' as const, severity: 'alarm' as const, threshold: 95 }]

/** For tests: a console — an alarm engine, its replica, and what it has to send (the latest claims per topic). */
export class TestConsole {
  readonly engine: AlarmEngine
  readonly replica: AlarmReplica
  readonly journal: AlarmEvent[] = []
  readonly outbox = new Set<string>()
  readonly shelfOutbox = new Set<string>()
  private n = 0

  constructor(
    readonly name: string,
    clock: AlarmClock
  ) {
    this.engine = new AlarmEngine({
      operator: `op-${name}`,
      clock,
      record: (e) => this.journal.push(e),
      newId: () => `${name}-${++this.n}`
    })
    this.replica = new AlarmReplica(
      name,
      this.engine,
      {
        stateChanged: (id) => this.outbox.add(id),
        shelfChanged: (key) => this.shelfOutbox.add(key),
        event: () => {}
      },
      () => clock.now()
    )
    this.engine.onChange((e) => e && this.replica.local(e))
  }

  /** What the link would publish now for each changed topic (the latest claims), and forget it. */
  take(): AlarmSyncMessage[] {
    const out: AlarmSyncMessage[] = []
    for (const id of this.outbox) {
      const mine = this.replica.mine(id)
      if (mine) out.push({ kind: 'state', console: this.name, ...mine.entry, claims: mine.claims })
    }
    for (const key of this.shelfOutbox) {
      const register = this.replica.myShelf(key)
      if (register) out.push({ kind: 'shelf', console: this.name, key, register })
    }
    this.outbox.clear()
    this.shelfOutbox.clear()
    return out.map((m) => {
      if (m.kind !== 'state') return m
      const { kind, console, key, slot, claims } = m
      return { kind, console, key, slot, claims }
    })
  }

  shown() {
    return this.engine
      .openAlarms()
      .map((a) => ({ state: a.state, ackedAt: a.ackedAt, ackedBy: a.ackedBy, clearedAt: a.clearedAt }))
      .map((a) => JSON.stringify(a))
      .sort()
  }
}
