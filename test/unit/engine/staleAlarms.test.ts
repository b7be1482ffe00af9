import { afterEach, describe, expect, it } from 'vitest'
import type { TickwireConfig } from '@shared/config'
import type { Reading } from '@shared/model'
import { wallNow } from '../../../src/main/engine/clock'
import { Engine } from '../../../src/main/engine/engine'
import { SensorCatalog } from '../../../src/main/engine/sensorCatalog'
import { waitFor } from '../../harness/waitFor'

// The broker port is closed: values are pushed through the engine's source-facing method.
const config: TickwireConfig = {
  market: [],
  telemetry: [
    {
      id: 'plant',
      url: 'mqtt://127.0.0.1:9',
      protocolVersion: 5,
      clean: true,
      keepaliveSec: 30,
      subscriptions: [{ topic: 'plant/#', qos: 0 }],
      sensors: [
        { topic: 'plant/boiler', id: 'boiler', label: 'Boiler', unit: '°C', timeUnit: 'ms', staleAfterMs: 60 }
      ],
      staleAfterMs: 60,
      reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
      maxMessageBytes: 1024 * 1024
    }
  ]
}
const catalog = new SensorCatalog(config.telemetry[0])
const reading = (sensorId: string, value: number): Reading => ({
  source: 'plant',
  sensorId,
  topic: sensorId === 'boiler' ? 'plant/boiler' : sensorId,
  value,
  time: null,
  receivedAt: wallNow(),
  retained: false
})

let engine: Engine
afterEach(async () => {
  await engine.stop()
})

describe('stale alarms', () => {
  it('a configured sensor that never reports goes stale and raises an alarm; its first value clears it', async () => {
    engine = new Engine(config, { staleCheckIntervalMs: 10 })
    engine.start()
    const stale = await waitFor(
      () => engine.alarms.openAlarms().find((a) => a.condition === 'stale'),
      'a stale alarm for the silent sensor'
    )
    expect(stale).toMatchObject({
      key: 'plant/boiler',
      source: 'plant',
      label: 'Boiler (no data since start)',
      state: 'active-unacked',
      value: null,
      unit: '°C'
    })
    // No value yet, so no reading (SensorReading.value is required): only the alarm shows it.
    expect(engine.snapshot().readings).toEqual([])
    // It can be shelved by key before it ever reported.
    expect(engine.shelve('plant/boiler', 60_000)).toBeNull()

    engine.applyReading(reading('boiler', 20), catalog)
    expect(engine.snapshot().readings).toMatchObject([{ key: 'plant/boiler', value: 20, state: 'normal' }])
    expect(engine.alarms.openAlarms()).toMatchObject([
      { key: 'plant/boiler', condition: 'stale', state: 'cleared-unacked' }
    ])
  })

  it('discovered sensors show stale but raise no alarm, unless the user edited them', async () => {
    const onlyDiscovery = structuredClone(config)
    onlyDiscovery.telemetry[0].sensors = []
    const discovery = new SensorCatalog(onlyDiscovery.telemetry[0])
    engine = new Engine(onlyDiscovery, { staleCheckIntervalMs: 10 })
    engine.start()
    for (let i = 0; i < 20; i++) engine.applyReading(reading(`plant/dev#leaf${i}`, i), discovery)
    await waitFor(
      () => (engine.snapshot().readings.every((r) => r.state === 'stale') ? true : undefined),
      'every discovered gauge to go stale'
    )
    expect(engine.alarms.openAlarms()).toEqual([])

    // An edit makes it a sensor someone watches: its staleness is an alarm again.
    expect(engine.setSensorSettings('plant/plant/dev#leaf3', { label: 'Leaf 3' })).toBeNull()
    expect(engine.alarms.openAlarms()).toMatchObject([
      { key: 'plant/plant/dev#leaf3', condition: 'stale', label: 'Leaf 3' }
    ])
  })
})
