import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AlarmRecord } from '@shared/alarms'
import type { AlarmEvent } from '../../../src/main/engine/alarms/alarmEvents'
import { AlarmJournal, parseJournal, PREVIOUS_JOURNAL_FILE } from '../../../src/main/runtime/alarmJournal'
import { waitFor } from '../../harness/waitFor'

let dir: string
let problems: string[]
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-journal-'))
  problems = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const journal = (extra: { maxBytes?: number; retryMs?: number } = {}): AlarmJournal =>
  new AlarmJournal({ stateDir: dir, report: (p) => problems.push(p), ...extra })

const alarm = (id: string, state: AlarmRecord['state'] = 'active-unacked'): AlarmRecord => ({
  id,
  key: 'plant/boiler',
  source: 'plant',
  label: 'Boiler',
  condition: 'high-warn',
  severity: 'warn',
  state,
  threshold: 80,
  value: 81,
  lastValue: 81,
  unit: '°C',
  raisedAt: 1,
  clearedAt: null,
  ackedAt: null,
  ackedBy: null
})
const raised = (id: string): AlarmEvent => ({ event: 'raised', at: 1, alarm: alarm(id) })

describe('AlarmJournal', () => {
  it('appends one JSON object per line and replays open alarms and shelves', () => {
    const j = journal()
    j.append(raised('a1'))
    j.append(raised('a2'))
    j.append({ event: 'closed', at: 2, alarm: alarm('a1', 'closed') })
    j.append({
      event: 'shelved',
      at: 3,
      shelf: { key: 'plant/fan', label: 'Fan', until: 99, by: 'x', at: 3 }
    })
    j.close()
    const lines = readFileSync(j.path, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(JSON.parse(lines[0])).toMatchObject({ event: 'raised', alarm: { id: 'a1' } })
    const restored = journal().load()
    expect(restored.alarms.map((a) => a.id)).toEqual(['a2'])
    expect(restored.shelves.map((s) => s.key)).toEqual(['plant/fan'])
    expect(problems).toEqual([])
  })

  it('skips a torn last line with a warning, keeps every earlier entry, and seals it before appending', () => {
    const j = journal()
    j.append(raised('a1'))
    j.append(raised('a2'))
    j.close()
    // A crash mid-write: half a line, no newline.
    appendFileSync(j.path, JSON.stringify(raised('a3')).slice(0, 40))
    const again = journal()
    expect(again.load().alarms.map((a) => a.id)).toEqual(['a1', 'a2'])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/skipped 1 unreadable line\(s\) \(line 3: torn/)
    again.append(raised('a4'))
    again.close()
    expect(
      journal()
        .load()
        .alarms.map((a) => a.id)
    ).toEqual(['a1', 'a2', 'a4'])
  })

  it('skips lines that are not alarm events', () => {
    const { events, skipped } = parseJournal(
      `${JSON.stringify(raised('a1'))}\n{"event":"raised","at":1}\nnot json\n${JSON.stringify(raised('a2'))}\n`
    )
    expect(events.map((e) => ('alarm' in e ? e.alarm.id : ''))).toEqual(['a1', 'a2'])
    expect(skipped).toEqual(['line 2: not an alarm event', 'line 3: not JSON'])
  })

  it('reports a full disk (ENOSPC), keeps events in memory, and writes them in order once it can', async () => {
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'alarms.jsonl')
    // /dev/full answers every write with ENOSPC: a real full disk, not a mock.
    symlinkSync('/dev/full', file)
    const j = journal({ retryMs: 20 })
    j.append(raised('a1'))
    j.append(raised('a2'))
    j.flush()
    expect(j.status()).toMatchObject({ path: file, pending: 2 })
    expect(j.status().lastError).toMatch(/ENOSPC/)
    expect(problems.filter((p) => /ENOSPC/.test(p))).toHaveLength(1)
    // Space comes back: the retry timer writes what is pending.
    rmSync(file)
    writeFileSync(file, '')
    await waitFor(() => (j.status().pending === 0 ? true : undefined), 'pending events written')
    expect(j.status().lastError).toBeNull()
    j.append(raised('a3'))
    j.close()
    expect(
      journal()
        .load()
        .alarms.map((a) => a.id)
    ).toEqual(['a1', 'a2', 'a3'])
  })

  it('commits the events of one turn together: one write and one fsync for a burst of 300', async () => {
    const j = journal()
    for (let i = 0; i < 300; i++) j.append(raised(`b${i}`))
    expect(j.status().pending).toBe(300)
    await new Promise((resolve) => setImmediate(resolve))
    expect(j.commits).toBe(1)
    expect(j.status()).toMatchObject({ pending: 0, lastError: null })
    const { events, skipped } = parseJournal(readFileSync(j.path, 'utf8'))
    expect(skipped).toEqual([])
    expect(events.map((e) => ('alarm' in e ? e.alarm.id : ''))).toEqual(
      Array.from({ length: 300 }, (_, i) => `b${i}`)
    )
    // A later turn is its own commit.
    j.append(raised('c1'))
    j.append(raised('c2'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(j.commits).toBe(2)
    j.close()
  })

  it('rotates past maxBytes, keeping the previous file and a checkpoint of what is open', () => {
    const j = journal({ maxBytes: 1_500 })
    const open = new Map<string, AlarmRecord>()
    j.setCheckpoint(() => [...open.values()].map((a) => ({ event: 'open' as const, at: 5, alarm: a })))
    for (let i = 0; i < 6; i++) {
      const id = `a${i}`
      open.set(id, alarm(id))
      j.append(raised(id))
      if (i % 2 === 1) {
        open.delete(id)
        j.append({ event: 'closed', at: 2, alarm: alarm(id, 'closed') })
      }
    }
    j.close()
    expect(readFileSync(join(dir, PREVIOUS_JOURNAL_FILE), 'utf8').length).toBeGreaterThan(0)
    expect(readFileSync(j.path, 'utf8').length).toBeLessThanOrEqual(1_500)
    expect(
      journal()
        .load()
        .alarms.map((a) => a.id)
    ).toEqual(['a0', 'a2', 'a4'])
  })
})
