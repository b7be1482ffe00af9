import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ALARM_CONDITIONS,
  ALARM_SEVERITIES,
  ALARM_STATES,
  type AlarmRecord,
  type ShelvedKey
} from '@shared/alarms'
import {
  replayAlarmEvents,
  type AlarmEvent,
  type RestoredAlarms
} from '../../../src/main/engine/alarms/alarmEvents'
import { AlarmJournal, parseJournal } from '../../../src/main/runtime/alarmJournal'
import { finiteDouble, mutated, Raw, toWire } from '../support/hostile'

/**
 * The alarm journal reader (`parseJournal`, `AlarmJournal.load`): whatever the file holds (torn
 * lines, garbage bytes, huge lines, wrong types, non-finite numbers) it never throws and never
 * restores an alarm or shelf with a non-finite time; and what the journal writer wrote is what
 * the reader restores.
 */

const root = mkdtempSync(join(tmpdir(), 'tickwire-journal-property-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let runs = 0
/** A fresh state directory per run (each run writes its own journal). */
const freshDir = (): string => join(root, `run-${runs++}`)

function journalIn(dir: string, problems: string[] = []): AlarmJournal {
  return new AlarmJournal({ stateDir: dir, report: (p) => problems.push(p) })
}

function expectFiniteTimes(restored: RestoredAlarms): void {
  for (const a of [...restored.alarms, ...(restored.history ?? [])]) {
    expect(Number.isFinite(a.raisedAt), `raisedAt ${a.raisedAt}`).toBe(true)
    expect(a.clearedAt === null || Number.isFinite(a.clearedAt)).toBe(true)
    expect(a.ackedAt === null || Number.isFinite(a.ackedAt)).toBe(true)
    expect(a.threshold === null || Number.isFinite(a.threshold)).toBe(true)
    for (const v of [a.value, a.lastValue]) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
    expect(a.id.length).toBeGreaterThan(0)
  }
  for (const s of restored.shelves) {
    expect(Number.isFinite(s.until)).toBe(true)
    expect(Number.isFinite(s.at)).toBe(true)
  }
  // Open alarms are never closed ones, and each id is restored once.
  expect(restored.alarms.every((a) => a.state !== 'closed')).toBe(true)
  expect(new Set(restored.alarms.map((a) => a.id)).size).toBe(restored.alarms.length)
}

// Generators of valid journal events, as the alarm engine writes them.

const sensorValue = fc.oneof(finiteDouble, fc.boolean(), fc.string({ maxLength: 20 }))
const alarmRecord = (id: string): fc.Arbitrary<AlarmRecord> =>
  fc.record({
    id: fc.constant(id),
    key: fc.constantFrom('plant/boiler', 'plant/fan', 'desk/AAPL'),
    source: fc.constantFrom('plant', 'desk'),
    label: fc.string({ maxLength: 20 }),
    condition: fc.constantFrom(...ALARM_CONDITIONS),
    severity: fc.constantFrom(...ALARM_SEVERITIES),
    state: fc.constantFrom(...ALARM_STATES),
    threshold: fc.option(finiteDouble, { nil: null }),
    value: fc.option(sensorValue, { nil: null }),
    lastValue: fc.option(sensorValue, { nil: null }),
    unit: fc.constantFrom('', '°C', 'bar'),
    raisedAt: finiteDouble,
    clearedAt: fc.option(finiteDouble, { nil: null }),
    ackedAt: fc.option(finiteDouble, { nil: null }),
    ackedBy: fc.option(fc.string({ maxLength: 20 }), { nil: null })
  })

const shelfRecord: fc.Arbitrary<ShelvedKey> = fc.record({
  key: fc.constantFrom('plant/boiler', 'plant/fan', 'desk/AAPL'),
  label: fc.string({ maxLength: 20 }),
  until: finiteDouble,
  by: fc.string({ maxLength: 20 }),
  at: finiteDouble
})

const event: fc.Arbitrary<AlarmEvent> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('raised', 'acked', 'cleared', 'closed', 'open') as fc.Arbitrary<
        'raised' | 'acked' | 'cleared' | 'closed' | 'open'
      >,
      finiteDouble,
      fc.constantFrom('a1', 'a2', 'a3', 'a4', '__proto__').chain(alarmRecord),
      fc.option(fc.string({ maxLength: 30 }), { nil: undefined })
    )
    .map(([kind, at, alarm, reason]) => ({
      event: kind,
      at,
      alarm,
      ...(reason === undefined ? {} : { reason })
    })),
  fc
    .tuple(
      fc.constantFrom('shelved', 'unshelved') as fc.Arbitrary<'shelved' | 'unshelved'>,
      finiteDouble,
      shelfRecord
    )
    .map(([kind, at, shelf]) => ({ event: kind, at, shelf }))
)

/** A line a crash, a disk or a hand edit might leave: not a usable event, whatever it is. */
const garbageLine: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  // A real event with one field wrong: wrong type, non-finite time (1e400), missing, extra.
  event.chain((e) => {
    const record = ('alarm' in e ? e.alarm : e.shelf) as unknown as Record<string, unknown>
    const field = 'alarm' in e ? 'alarm' : 'shelf'
    return fc.oneof(
      mutated(e as unknown as Record<string, unknown>).map(toWire),
      mutated(record).map((r) => toWire({ ...e, [field]: r })),
      fc
        .constantFrom(
          ...('alarm' in e
            ? ['raisedAt', 'clearedAt', 'ackedAt', 'threshold', 'value', 'at']
            : ['until', 'at'])
        )
        .map((f) =>
          toWire(
            f === 'at'
              ? { ...e, at: new Raw('1e400') }
              : { ...e, [field]: { ...record, [f]: new Raw('-1e400') } }
          )
        )
    )
  }),
  // A torn write: a prefix of a real line.
  fc.tuple(event, fc.nat()).map(([e, n]) => {
    const line = JSON.stringify(e)
    return line.slice(0, n % line.length)
  })
)

describe('alarm journal reader (property)', () => {
  it('parseJournal never throws on any text, and every event it returns has finite times', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(
              fc.oneof(
                garbageLine,
                event.map((e) => JSON.stringify(e))
              ),
              { maxLength: 30 }
            )
            .map((l) => l.join('\n'))
        ),
        (text) => {
          const { events, skipped } = parseJournal(text)
          for (const s of skipped) expect(s).toMatch(/^line \d+: /)
          expect(events.length + skipped.length).toBeLessThanOrEqual(text.split('\n').length)
          for (const e of events) expect(Number.isFinite(e.at)).toBe(true)
          expectFiniteTimes(replayAlarmEvents(events))
        }
      ),
      { numRuns: 400 }
    )
  })

  it('restores what the writer wrote around any garbage appended between writes', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 15 }),
        fc.oneof(
          fc.array(garbageLine, { minLength: 1, maxLength: 5 }).map((l) => Buffer.from(l.join('\n'))),
          fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.constantFrom(
            Buffer.from('\n\n\r\n'),
            Buffer.from([0xff, 0xfe, 0x00]),
            Buffer.from('x'.repeat(1 << 20))
          )
        ),
        fc.array(event, { maxLength: 15 }),
        (before, garbage, after) => {
          const dir = freshDir()
          const first = journalIn(dir)
          for (const e of before) first.append(e)
          first.close()
          // A crash, a disk error or a hand edit leaves bytes the journal did not write.
          mkdirSync(dir, { recursive: true })
          appendFileSync(join(dir, 'alarms.jsonl'), garbage)
          const problems: string[] = []
          const second = journalIn(dir, problems)
          const restoredMidway = second.load()
          expectFiniteTimes(restoredMidway)
          for (const e of after) second.append(e)
          second.close()
          const restored = journalIn(dir).load()
          expectFiniteTimes(restored)
          // The garbage's own lines count only as far as some happen to be events; the writer's
          // lines on either side all survive (the torn tail is sealed, never swallowing the next).
          const amid = parseJournal(garbage.toString('utf8')).events
          const viaJson = (events: AlarmEvent[]) => JSON.parse(JSON.stringify(events)) as AlarmEvent[]
          const written = [...viaJson(before), ...amid, ...viaJson(after)]
          expect(restored).toEqual(replayAlarmEvents(written))
          for (const p of problems) expect(p).not.toMatch(/[\n\r]/)
        }
      ),
      { numRuns: 100 }
    )
  })

  it('restores exactly the open alarms and shelves of a journal of valid events (round trip)', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const dir = freshDir()
        const writer = journalIn(dir)
        for (const e of events) writer.append(e)
        writer.close()
        const problems: string[] = []
        const restored = journalIn(dir, problems).load()
        expect(problems).toEqual([])
        // The model: the last record of each id that is not closed, the last shelf of each key.
        const open = new Map<string, AlarmRecord>()
        const shelves = new Map<string, ShelvedKey>()
        for (const e of events) {
          if ('alarm' in e) {
            if (e.event === 'closed' || e.alarm.state === 'closed') open.delete(e.alarm.id)
            else open.set(e.alarm.id, e.alarm)
          } else if (e.event === 'shelved') shelves.set(e.shelf.key, e.shelf)
          else shelves.delete(e.shelf.key)
        }
        expect(restored.alarms).toEqual([...open.values()])
        expect(restored.shelves).toEqual([...shelves.values()])
        expectFiniteTimes(restored)
      }),
      { numRuns: 150 }
    )
  })
})
