/**
 * A Sparkplug B plant on a real Mosquitto, through the real serve composition: an edge node
 * simulator (births, data by alias, a device, a seq gap, a death by its MQTT will) and one that
 * sends data before its birth (answered with a Rebirth NCMD, since the connection allows
 * publishing). The sensors appear with the births' names, units and ranges, follow the data,
 * count the gap and go stale with the death certificate's reason, raising the configured
 * sensor's stale alarm.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SensorReading, SnapshotPayload, StatsPayload } from '@shared/model'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { EdgeNode } from '../../harness/sparkplugEdgeNode'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
let dir: string
let broker: Mosquitto
let serve: RunningServeCommand | null = null

beforeAll(async () => {
  if (unavailable !== null) return
  dir = mkdtempSync(join(tmpdir(), 'tickwire-sparkplug-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
  broker = await Mosquitto.start()
  const config = join(dir, 'plant.json')
  writeFileSync(
    config,
    JSON.stringify({
      market: [],
      telemetry: [
        {
          id: 'plant',
          url: broker.url,
          publish: true,
          subscriptions: [{ topic: 'spBv1.0/#', qos: 0 }],
          sensors: [
            {
              topic: 'spBv1.0/Plant1/NDATA/Edge1',
              metric: 'Boiler/Temperature',
              id: 'boiler-temp',
              label: 'Boiler temperature',
              unit: '°C',
              alarm: 95
            }
          ]
        }
      ]
    })
  )
  serve = await startServeCommand(
    ['--port', '0', '--state-dir', join(dir, 'state'), '--config', config, '--no-demo'],
    {},
    { stdout: () => {}, stderr: () => {} },
    dir
  )
})

afterAll(async () => {
  await serve?.stop()
  await broker?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(new URL(path, serve!.url))).json()) as T
}
const reading = async (key: string): Promise<SensorReading | undefined> =>
  (await api<SnapshotPayload>('/api/snapshot')).readings.find((r) => r.key === key)

describe.skipIf(unavailable !== null)('Sparkplug B on a real broker', () => {
  it('shows a plant from its births, follows its data and seq, and goes stale on its death', async () => {
    await waitFor(
      async () => (await api<StatsPayload>('/api/stats')).sources[0].state === 'open',
      'the broker connection'
    )
    const edge = new EdgeNode({ url: broker.url, group: 'Plant1', node: 'Edge1', device: 'Pump 3', bdSeq: 5 })
    await edge.start()
    await waitFor(async () => (await reading('plant/Plant1/Edge1/Pump 3/Cycles')) !== undefined, 'the births')
    const snapshot = await api<SnapshotPayload>('/api/snapshot')
    const byKey = new Map(snapshot.readings.map((r) => [r.key, r]))
    expect(byKey.get('plant/Plant1/Edge1/Pump 3/Pressure')).toMatchObject({
      label: 'Pressure',
      group: 'Plant1/Edge1/Pump 3',
      unit: 'bar',
      max: 10,
      value: 4.2,
      kind: 'number',
      state: 'normal'
    })
    expect(byKey.get('plant/Plant1/Edge1/Running')).toMatchObject({ value: true, kind: 'boolean' })
    expect(byKey.get('plant/Plant1/Edge1/Mode')).toMatchObject({ value: 'AUTO', kind: 'text' })
    expect(byKey.get('plant/Plant1/Edge1/Pump 3/Cycles')).toMatchObject({ value: 42, decimals: 0 })
    // The configured sensor keeps its configuration's presentation.
    expect(byKey.get('plant/Plant1/Edge1/Boiler/Temperature')).toMatchObject({
      label: 'Boiler temperature',
      value: 80.5
    })
    // Nothing about bdSeq or the node's controls becomes a sensor.
    expect([...byKey.keys()].filter((k) => /bdSeq|Node Control/.test(k))).toEqual([])

    // Data by alias only, node and device.
    await edge.data([{ alias: 1, type: 'Float', value: 90.25 }])
    await edge.data([{ alias: 10, type: 'Double', value: 5.5 }], true)
    await waitFor(async () => (await reading('plant/Plant1/Edge1/Pump 3/Pressure'))?.value === 5.5, 'DDATA')
    expect((await reading('plant/Plant1/Edge1/Boiler/Temperature'))?.value).toBe(90.25)
    const before = await api<StatsPayload>('/api/stats')
    expect(before.sources[0]).toMatchObject({ gaps: 0, malformed: 0 })

    // Two messages lost on the way: one gap.
    edge.skipSeq(2)
    await edge.data([{ alias: 1, type: 'Float', value: 91 }])
    await waitFor(async () => (await api<StatsPayload>('/api/stats')).sources[0].gaps === 1, 'the seq gap')

    // The node drops off the network: the broker publishes its will, the NDEATH.
    edge.kill()
    await waitFor(
      async () => (await reading('plant/Plant1/Edge1/Pump 3/Pressure'))?.state === 'stale',
      'the death certificate',
      10_000
    )
    const dead = await api<SnapshotPayload>('/api/snapshot')
    for (const r of dead.readings.filter((r) => r.key.startsWith('plant/Plant1/Edge1/')))
      expect(r).toMatchObject({ state: 'stale', staleReason: 'offline (death certificate)' })
    // The configured sensor's stale alarm is raised.
    expect(dead.alarms).toContainEqual(
      expect.objectContaining({ key: 'plant/Plant1/Edge1/Boiler/Temperature', condition: 'stale' })
    )
  })

  it('asks a node whose data comes before its birth to rebirth, and shows it once it has', async () => {
    const edge = new EdgeNode({ url: broker.url, group: 'Plant2', node: 'Edge9', device: 'Mixer' })
    await edge.start({ birth: false })
    try {
      await edge.data([{ alias: 1, type: 'Float', value: 12 }])
      await waitFor(() => edge.rebirths > 0, 'the Rebirth NCMD')
      // What the engine sent of its own accord is journaled like any publish.
      const journal = join(dir, 'state', 'publish.jsonl')
      await waitFor(
        () => existsSync(journal) && readFileSync(journal, 'utf8').includes('Plant2/NCMD/Edge9'),
        'the journal'
      )
      const entry = readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((e) => e.topic === 'spBv1.0/Plant2/NCMD/Edge9')
      expect(entry).toMatchObject({
        source: 'plant',
        qos: 0,
        retain: false,
        result: 'ok',
        role: 'engine',
        by: 'Tickwire (Sparkplug)'
      })
      await waitFor(
        async () => (await reading('plant/Plant2/Edge9/Boiler/Temperature')) !== undefined,
        'the rebirth'
      )
      const stats = await api<StatsPayload>('/api/stats')
      expect(stats.sources[0].lastMalformed).toMatch(
        /awaiting birth: NDATA before the node's NBIRTH \(Rebirth requested\)/
      )
      // Its data from now on is taken.
      await edge.data([{ alias: 1, type: 'Float', value: 13.5 }])
      await waitFor(
        async () => (await reading('plant/Plant2/Edge9/Boiler/Temperature'))?.value === 13.5,
        'NDATA'
      )
    } finally {
      await edge.stop()
    }
  })
})
