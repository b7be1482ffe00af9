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
import { TcpProxy } from '../../harness/tcpProxy'
import { waitFor } from '../../harness/waitFor'
import {
  boilerAlarms,
  plantPublisher,
  PUMP_KEY,
  PUMP_TOPIC,
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
  await plant.value(20, PUMP_TOPIC)
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
    // B's first "raised" is its own sensor's, or A's alarm listed before B's sensor crossed
    // (whichever reached B first): either way the journal says which.
    const raisedHere = journal.find((e) => e.event === 'raised')
    expect([undefined, 'A']).toContain(raisedHere?.origin)
    const ownJournal = parseJournal(readFileSync(join(a.stateDir, 'alarms.jsonl'), 'utf8')).events
    expect(ownJournal.find((e) => e.event === 'acked')?.origin).toBeUndefined()
  })

  it('two consoles acking the same alarm at once end with the same record on both', async () => {
    const prefix = 'site2/alarms'
    const a = await console('A', { prefix })
    const b = await console('B', { prefix })
    await waitFor(() => b.runtime.engine.stats().alarmSync?.state === 'open', 'B connected')
    await plant.value(99)
    const onA = await waitForAlarm(a, 'raised', (x) => x.state === 'active-unacked')
    const onB = await waitForAlarm(b, 'raised', (x) => x.state === 'active-unacked')
    // Neither has heard of the other's ack when it acks.
    expect(a.runtime.engine.alarms.ack(onA.id, 'bob')).toBeNull()
    expect(b.runtime.engine.alarms.ack(onB.id, 'alice')).toBeNull()
    const atA = boilerAlarms(a)[0].ackedAt ?? 0
    const atB = boilerAlarms(b)[0].ackedAt ?? 0
    await waitFor(() => {
      const [x] = boilerAlarms(a)
      const [y] = boilerAlarms(b)
      return x && y && JSON.stringify(shared(x)) === JSON.stringify(shared(y))
    }, 'the same ack on both')
    const [x] = boilerAlarms(a)
    const [y] = boilerAlarms(b)
    // The earlier ack wins; at the same millisecond, the smaller operator name.
    expect(x.ackedBy).toBe(atA < atB ? 'bob' : 'alice')
    expect(x.ackedAt).toBe(Math.min(atA, atB))
    expect(x.state).toBe('active-acked')
    expect(y.state).toBe('active-acked')
    expect(x.ackedOn === undefined).not.toBe(y.ackedOn === undefined)
    // And it stays so: nothing echoes back and forth.
    const published = [a, b].map((c) => c.runtime.engine.stats().alarmSync?.published)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect([a, b].map((c) => c.runtime.engine.stats().alarmSync?.published)).toEqual(published)
    expect(shared(boilerAlarms(a)[0])).toEqual(shared(boilerAlarms(b)[0]))
  })

  it('a console started later gets the current state from the retained messages', async () => {
    const prefix = 'site3/alarms'
    const a = await console('A', { prefix })
    await waitFor(() => a.runtime.engine.stats().alarmSync?.state === 'open', 'A connected')
    await plant.value(99)
    await plant.value(99, PUMP_TOPIC)
    const boiler = await waitForAlarm(a, 'raised', (x) => x.state === 'active-unacked')
    await waitForAlarm(a, 'pump raised', (x) => x.state === 'active-unacked', 5_000, PUMP_KEY)
    a.runtime.engine.alarms.ack(boiler.id, 'alice')
    expect(a.runtime.engine.shelve(PUMP_KEY, 600_000, 'alice')).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 200))

    const b = await console('B', { prefix })
    const onB = await waitForAlarm(b, 'acked from retained', (x) => x.state === 'active-acked')
    expect(onB).toMatchObject({ ackedBy: 'alice', ackedOn: 'A' })
    await waitFor(() => b.runtime.engine.alarms.isShelvedKey(PUMP_KEY), 'the shelve from retained')
    const shelf = b.runtime.engine.alarms.summary().shelved.find((s) => s.key === PUMP_KEY)
    expect(shelf?.by).toBe('alice')
    await waitForAlarm(b, 'pump listed', (x) => x.state === 'active-unacked', 5_000, PUMP_KEY)
  })

  it('a console restarted later gets what changed while it was down', async () => {
    const prefix = 'site4/alarms'
    const a = await console('A', { prefix })
    let b = await console('B', { prefix })
    await plant.value(99)
    const onA = await waitForAlarm(a, 'raised', (x) => x.state === 'active-unacked')
    await waitForAlarm(b, 'raised', (x) => x.state === 'active-unacked')
    await b.stop()
    started.splice(started.indexOf(b), 1)
    a.runtime.engine.alarms.ack(onA.id, 'alice')
    await new Promise((resolve) => setTimeout(resolve, 200))
    b = await console('B', { prefix, stateDir: b.stateDir })
    const onB = await waitForAlarm(b, 'acked after restart', (x) => x.state === 'active-acked')
    expect(onB).toMatchObject({ ackedBy: 'alice', ackedOn: 'A' })
    expect(shared(onB)).toEqual(shared(boilerAlarms(a)[0]))
  })

  it('a console cut off keeps working alone and reconciles both ways on reconnect', async () => {
    const prefix = 'site5/alarms'
    const proxy = await TcpProxy.start(broker.port)
    try {
      const a = await console('A', { prefix })
      const b = await console('B', { prefix, syncUrl: proxy.url })
      await waitFor(() => b.runtime.engine.stats().alarmSync?.state === 'open', 'B connected')
      await plant.value(99)
      await plant.value(99, PUMP_TOPIC)
      const boilerA = await waitForAlarm(a, 'boiler on A', (x) => x.state === 'active-unacked')
      await waitForAlarm(b, 'boiler on B', (x) => x.state === 'active-unacked')
      await waitForAlarm(a, 'pump on A', (x) => x.state === 'active-unacked', 5_000, PUMP_KEY)
      const pumpB = await waitForAlarm(b, 'pump on B', (x) => x.state === 'active-unacked', 5_000, PUMP_KEY)

      proxy.cut()
      await waitFor(() => b.runtime.engine.stats().alarmSync?.state === 'reconnecting', 'B cut off')
      // Each acks one alarm alone; neither hears of the other's.
      expect(a.runtime.engine.alarms.ack(boilerA.id, 'alice')).toBeNull()
      expect(b.runtime.engine.alarms.ack(pumpB.id, 'bob')).toBeNull()
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(boilerAlarms(b)[0].state).toBe('active-unacked')
      expect(boilerAlarms(a, PUMP_KEY)[0].state).toBe('active-unacked')

      proxy.restore()
      await waitForAlarm(b, 'A’s ack on B', (x) => x.state === 'active-acked' && x.ackedBy === 'alice')
      await waitForAlarm(
        a,
        'B’s ack on A',
        (x) => x.state === 'active-acked' && x.ackedBy === 'bob',
        5_000,
        PUMP_KEY
      )
      for (const key of [undefined, PUMP_KEY])
        expect(shared(boilerAlarms(a, key)[0])).toEqual(shared(boilerAlarms(b, key)[0]))
      expect(b.runtime.engine.stats().alarmSync?.state).toBe('open')
    } finally {
      for (const c of started.splice(0)) await c.stop()
      await proxy.stop()
    }
  })
})
