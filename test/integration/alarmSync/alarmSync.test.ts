/**
 * Shared alarm state (issue 13, `alarmSync`) between real consoles: each a runtime with its own
 * state directory, watching one sensor on a real Mosquitto and syncing alarms through it. An ack on
 * one shows on the other within a second; simultaneous acks end in the same record on both; a
 * console started later gets the state from the retained messages; each journal says where every
 * event came from.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseJournal } from '../../../src/main/runtime/alarmJournal'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'
import {
  boilerAlarms,
  plantPublisher,
  removeDir,
  shared,
  startConsole,
  waitForAlarm,
  type Console
} from './consoles'

const unavailable = mosquittoUnavailable()

let broker: Mosquitto
let plant: Awaited<ReturnType<typeof plantPublisher>>
const started: Console[] = []
const dirs: string[] = []

async function console(name: string, options: Partial<Parameters<typeof startConsole>[1]> = {}) {
  const c = await startConsole(name, { telemetryUrl: broker.url, ...options })
  started.push(c)
  if (!dirs.includes(c.stateDir)) dirs.push(c.stateDir)
  return c
}

beforeAll(async () => {
  if (unavailable !== null) return
  broker = await Mosquitto.start()
  plant = await plantPublisher(broker.url)
})

afterEach(async () => {
  for (const c of started.splice(0)) await c.stop()
  // Each test starts from a clean broker: the retained alarm state of the last one is removed.
  await plant.value(20)
})

afterAll(async () => {
  if (unavailable !== null) return
  await plant.endAsync()
  await broker.stop()
  for (const dir of dirs) removeDir(dir)
})

describe.skipIf(unavailable !== null)('alarmSync between two consoles', () => {
  it('an alarm acked on A shows acked on B within a second, and each journal says where it came from', async () => {
    const prefix = 'site1/alarms'
    const a = await console('A', { prefix })
    const b = await console('B', { prefix })
    await waitFor(() => a.runtime.engine.stats().alarmSync?.state === 'open', 'A connected')
    await waitFor(() => b.runtime.engine.stats().alarmSync?.state === 'open', 'B connected')
    await plant.value(99)
    const onA = await waitForAlarm(a, 'raised', (x) => x.state === 'active-unacked')
    await waitForAlarm(b, 'raised', (x) => x.state === 'active-unacked')
    expect(a.runtime.engine.alarms.ack(onA.id, 'alice')).toBeNull()
    const t0 = Date.now()
    const onB = await waitForAlarm(b, 'acked by alice', (x) => x.state === 'active-acked', 1_000)
    expect(Date.now() - t0).toBeLessThan(1_000)
    expect(onB.ackedBy).toBe('alice')
    expect(onB.ackedOn).toBe('A')
    expect(shared(onB)).toEqual(shared(boilerAlarms(a)[0]))

    // Cleared on both: closed on both, alarm list empty.
    await plant.value(20)
    await waitFor(() => boilerAlarms(a).length === 0 && boilerAlarms(b).length === 0, 'closed on both')
    const stats = b.runtime.engine.stats().alarmSync
    expect(stats).toMatchObject({ console: 'B', prefix, consoles: ['A'], refused: 0, lastError: null })
    expect(stats?.applied).toBeGreaterThan(0)
    expect(stats?.published).toBeGreaterThan(0)

    await a.stop()
    await b.stop()
    started.splice(0)
    const journal = parseJournal(readFileSync(join(b.stateDir, 'alarms.jsonl'), 'utf8')).events
    const acked = journal.find((e) => e.event === 'acked')
    expect(acked).toMatchObject({ origin: 'A', alarm: { ackedBy: 'alice', ackedOn: 'A' } })
    const raisedHere = journal.find((e) => e.event === 'raised')
    expect(raisedHere?.origin).toBeUndefined()
    const ownJournal = parseJournal(readFileSync(join(a.stateDir, 'alarms.jsonl'), 'utf8')).events
    expect(ownJournal.find((e) => e.event === 'acked')?.origin).toBeUndefined()
  })
})
