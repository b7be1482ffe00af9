/**
 * The broker authenticates every console's claims (issue 13): with the ACL the README ships — one
 * user per console, writing only under its own name, and a read-only user — a console whose user
 * may not write the alarm topics (here the read-only user, even claiming to be console "console-a") cannot
 * change anyone's alarms: the broker refuses its publishes (MQTT 5 says so, and the console shows
 * it), while it still follows the others' state.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'
import { boilerAlarms, plantPublisher, removeDir, startConsole, waitForAlarm, type Console } from './consoles'

const unavailable = mosquittoUnavailable()
const USERS = { 'console-a': 'pa', 'console-b': 'pb', wall: 'pw', plant: 'pp' }

/**
 * The site ACL the README ships (examples/fanout/tickwire.acl, read as shipped: consoles
 * "console-a" and "console-b", the read-only user "wall"), plus the plant's own publisher.
 */
export const SITE_ACL = [
  ...readFileSync(resolve(__dirname, '../../../examples/fanout/tickwire.acl'), 'utf8').split('\n'),
  'user plant',
  'topic write plant/#'
]

let broker: Mosquitto
let plant: Awaited<ReturnType<typeof plantPublisher>>
const consoles: Console[] = []

beforeAll(async () => {
  if (unavailable !== null) return
  broker = await Mosquitto.start({ users: USERS, acl: SITE_ACL })
  plant = await plantPublisher(broker.url, { username: 'plant', password: USERS.plant })
})

afterAll(async () => {
  if (unavailable !== null) return
  for (const c of consoles) {
    await c.stop()
    removeDir(c.stateDir)
  }
  await plant.endAsync()
  await broker.stop()
})

async function start(name: string, user: keyof typeof USERS): Promise<Console> {
  const credentials = { username: user, password: USERS[user] }
  const c = await startConsole(name, { telemetryUrl: broker.url, telemetry: credentials, sync: credentials })
  consoles.push(c)
  return c
}

describe.skipIf(unavailable !== null)('alarmSync behind a broker ACL', () => {
  it('a console whose user may not write the alarm topics cannot change the others’ alarms', async () => {
    const a = await start('console-a', 'console-a')
    const b = await start('console-b', 'console-b')
    // The read-only user, configured as console "console-a": it may not write even under that name.
    const impostor = await start('console-a', 'wall')
    for (const c of [a, b, impostor])
      await waitFor(() => c.runtime.engine.stats().alarmSync?.state === 'open', `${c.name} connected`)
    await plant.value(99)
    for (const c of [a, b, impostor]) await waitForAlarm(c, 'raised', (x) => x.state === 'active-unacked')

    const own = boilerAlarms(impostor)[0]
    expect(impostor.runtime.engine.alarms.ack(own.id, 'mallory')).toBeNull()
    await waitFor(
      () => /not authori[sz]ed/i.test(impostor.runtime.engine.stats().alarmSync?.lastError ?? ''),
      'the broker to refuse the impostor’s publish'
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(boilerAlarms(a)[0].state).toBe('active-unacked')
    expect(boilerAlarms(b)[0].state).toBe('active-unacked')

    // A real console's ack reaches everyone, the read-only one included.
    expect(b.runtime.engine.alarms.ack(boilerAlarms(b)[0].id, 'bob')).toBeNull()
    await waitForAlarm(a, 'acked by bob', (x) => x.ackedBy === 'bob' && x.ackedOn === 'console-b', 2_000)
    // On the impostor its own (earlier) local ack stands: it is acked there either way.
    await waitForAlarm(impostor, 'acked', (x) => x.state === 'active-acked', 2_000)
    expect(boilerAlarms(a)[0].ackedBy).toBe('bob')
  })
})
