import { afterEach, describe, expect, it } from 'vitest'
import type { AlarmSummary } from '@shared/alarms'
import type { TickwireConfig } from '@shared/config'
import type { Reading } from '@shared/model'
import { Engine } from '../../../src/main/engine/engine'
import { wallNow } from '../../../src/main/engine/clock'
import { SensorCatalog } from '../../../src/main/engine/sensorCatalog'
import type { SensorOverride } from '../../../src/main/engine/sensorCatalog'
import { createMemoryViewLink, RecordingView } from '../../harness/memoryViewLink'
import { waitFor } from '../../harness/waitFor'

// Values are pushed through the engine's source-facing methods; only the stale test starts it.
const config: TickwireConfig = {
  market: [
    {
      id: 'desk',
      adapter: 'json',
      url: 'ws://127.0.0.1:9/feed',
      symbols: [],
      mapping: { symbol: 's', price: 'p', timeUnit: 'ms' },
      staleAfterMs: 30_000,
      reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
      maxMessageBytes: 1024 * 1024,
      alerts: [{ symbol: 'AAPL', above: 200, below: 100, label: 'Apple' }]
    }
  ],
  telemetry: [
    {
      id: 'plant',
      url: 'mqtt://127.0.0.1:9',
      protocolVersion: 5,
      clean: true,
      keepaliveSec: 30,
      subscriptions: [{ topic: 'plant/#', qos: 0 }],
      sensors: [
        {
          topic: 'plant/boiler',
          id: 'boiler',
          label: 'Boiler',
          unit: '°C',
          timeUnit: 'ms',
          warn: 80,
          alarm: 95,
          deadband: 2
        }
      ],
      staleAfterMs: 30_000,
      reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
      maxMessageBytes: 1024 * 1024
    }
  ]
}
const catalog = new SensorCatalog(config.telemetry[0])
const reading = (value: number, sensorId = 'boiler'): Reading => ({
  source: 'plant',
  sensorId,
  topic: `plant/${sensorId}`,
  value,
  time: null,
  receivedAt: wallNow(),
  retained: false
})

let engine: Engine
afterEach(async () => {
  await engine.stop()
})

async function attach(): Promise<RecordingView> {
  const { engineSide, viewSide } = createMemoryViewLink()
  engine.attachView(engineSide)
  const view = new RecordingView(viewSide)
  view.link.send({ type: 'ready' })
  await waitFor(() => view.ofType('hello')[0], 'hello')
  return view
}

/** The next `alarms` message after the `count` already seen that satisfies `test`. */
function nextAlarms(view: RecordingView, test: (s: AlarmSummary) => boolean): Promise<AlarmSummary> {
  return waitFor(
    () =>
      view
        .ofType('alarms')
        .map((m) => m.alarms)
        .find(test),
    'an alarms message'
  )
}

/** Like `nextAlarms`, but the summary in the view's hello counts too (an alarm may predate it). */
function alarmsSeen(view: RecordingView, test: (s: AlarmSummary) => boolean): Promise<AlarmSummary> {
  return waitFor(
    () =>
      [
        ...view.ofType('hello').flatMap((m) => (m.alarms ? [m.alarms] : [])),
        ...view.ofType('alarms').map((m) => m.alarms)
      ].find(test),
    'an alarm summary'
  )
}

describe('engine alarms through a view', () => {
  it('says who the operator is, raises on a crossing, acks through commands and lists open alarms in the snapshot', async () => {
    engine = new Engine(config, { operator: 'ops-desk' })
    const view = await attach()
    const hello = view.ofType('hello')[0]
    expect(hello.operator).toBe('ops-desk')
    expect(hello.alarms).toEqual({ alarms: [], shelved: [], history: [] })

    engine.applyReading(reading(96), catalog)
    const raised = await nextAlarms(view, (s) => s.alarms.length === 2)
    expect(raised.alarms.map((a) => [a.condition, a.state, a.label, a.unit])).toEqual([
      ['high-alarm', 'active-unacked', 'Boiler', '°C'],
      ['high-warn', 'active-unacked', 'Boiler', '°C']
    ])
    // Both events of one reading went out as one message.
    expect(view.ofType('alarms')).toHaveLength(1)
    expect(engine.snapshot().alarms.map((a) => a.condition)).toEqual(['high-alarm', 'high-warn'])

    const id = raised.alarms[0].id
    expect(await view.command('ackAlarm', { id })).toMatchObject({ ok: true, result: null })
    const acked = await nextAlarms(view, (s) => s.alarms.some((a) => a.state === 'active-acked'))
    expect(acked.alarms.find((a) => a.id === id)).toMatchObject({
      state: 'active-acked',
      ackedBy: 'ops-desk'
    })

    expect(await view.refusal('ackAlarm', { id: 'no-such-alarm' })).toMatch(
      /^alarm acknowledgement refused: .*no open alarm "no-such-alarm"/
    )
    expect(await view.refusal('ackAlarm', { id: 'x', by: '' })).toBe(
      'alarm acknowledgement refused: by: must not be blank'
    )

    engine.applyReading(reading(50), catalog)
    const cleared = await nextAlarms(view, (s) => s.history.length === 1)
    expect(cleared.history[0]).toMatchObject({ id, state: 'closed' })
    expect(cleared.alarms).toMatchObject([{ condition: 'high-warn', state: 'cleared-unacked' }])

    expect(await view.command('ackAllAlarms', { by: 'alice' })).toMatchObject({
      ok: true,
      result: { acked: 1 }
    })
    const all = await nextAlarms(view, (s) => s.alarms.length === 0)
    expect(all.history[0]).toMatchObject({ condition: 'high-warn', ackedBy: 'alice' })
  })

  it('shelves and unshelves by command, refusing unknown keys', async () => {
    engine = new Engine(config, { operator: 'ops' })
    const view = await attach()
    engine.applyReading(reading(50), catalog)
    expect((await view.command('shelve', { key: 'plant/boiler', durationMs: 60_000 })).ok).toBe(true)
    const shelved = await nextAlarms(view, (s) => s.shelved.length === 1)
    expect(shelved.shelved[0]).toMatchObject({ key: 'plant/boiler', label: 'Boiler', by: 'ops' })
    engine.applyReading(reading(99), catalog)
    expect(engine.alarms.openAlarms()).toEqual([])

    expect(await view.refusal('shelve', { key: 'plant/nothing', durationMs: 60_000 })).toMatch(
      /no sensor or alerted ticker "plant\/nothing"/
    )
    expect(await view.refusal('shelve', { key: 'plant/boiler', durationMs: 5 })).toBe(
      'shelving refused: durationMs: must be at least 1 minute'
    )
    expect(await view.refusal('unshelve', { key: 'desk/AAPL' })).toMatch(/^unshelving refused: .*not shelved/)

    expect((await view.command('unshelve', { key: 'plant/boiler' })).ok).toBe(true)
    const back = await nextAlarms(view, (s) => s.shelved.length === 0 && s.alarms.length === 2)
    expect(back.alarms.map((a) => a.condition)).toEqual(['high-alarm', 'high-warn'])
  })

  it('raises price alerts on tickers through the same engine', async () => {
    engine = new Engine(config)
    const view = await attach()
    engine.applyTick({ source: 'desk', symbol: 'AAPL', last: 150, time: null, receivedAt: wallNow() }, 30_000)
    engine.applyTick({ source: 'desk', symbol: 'AAPL', last: 201, time: null, receivedAt: wallNow() }, 30_000)
    const raised = await nextAlarms(view, (s) => s.alarms.length === 1)
    expect(raised.alarms[0]).toMatchObject({
      key: 'desk/AAPL',
      label: 'Apple',
      condition: 'price-above',
      severity: 'warn',
      threshold: 200,
      value: 201
    })
    engine.applyTick({ source: 'desk', symbol: 'AAPL', last: 99, time: null, receivedAt: wallNow() }, 30_000)
    const both = await nextAlarms(view, (s) => s.alarms.length === 2)
    expect(both.alarms.map((a) => [a.condition, a.state])).toEqual([
      ['price-below', 'active-unacked'],
      ['price-above', 'cleared-unacked']
    ])
    // A ticker with alerts can be shelved.
    expect(engine.shelve('desk/AAPL', 60_000)).toBeNull()
  })

  it('raises a stale alarm when a sensor goes quiet and clears it when data returns', async () => {
    const quick = structuredClone(config)
    quick.telemetry[0].sensors[0].staleAfterMs = 50
    engine = new Engine(quick, { staleCheckIntervalMs: 20 })
    engine.start()
    // The first value before anything awaits: configured sensors are tracked from start, so a
    // slow attach would otherwise see the "no data since start" stale alarm (lastValue null).
    engine.applyReading(reading(20), new SensorCatalog(quick.telemetry[0]))
    const view = await attach()
    const stale = await alarmsSeen(view, (s) => s.alarms.some((a) => a.condition === 'stale'))
    expect(stale.alarms[0]).toMatchObject({
      key: 'plant/boiler',
      severity: 'stale',
      threshold: null,
      lastValue: 20
    })
    engine.applyReading(reading(21), new SensorCatalog(quick.telemetry[0]))
    const back = await nextAlarms(view, (s) => s.alarms.some((a) => a.state === 'cleared-unacked'))
    expect(back.alarms[0]).toMatchObject({ condition: 'stale', state: 'cleared-unacked' })
  })
})

describe('sensor presentation on its own message', () => {
  it('tells a view a new sensor once, before its first frame; frames carry values only', async () => {
    engine = new Engine(config)
    engine.applyReading(reading(70), catalog)
    const view = await attach()
    // In the hello already: never presented again.
    engine.applyReading(reading(71), catalog)
    await waitFor(() => view.ofType('frame')[0], 'the first frame')
    expect(view.ofType('sensors')).toEqual([])
    view.link.send({ type: 'ack', seq: 1, paintedAt: wallNow() })

    engine.applyReading(reading(5, 'pump'), catalog)
    const frame = await waitFor(
      () => view.ofType('frame').find((f) => f.readings.some((r) => r.key === 'plant/pump')),
      'the frame with the new sensor'
    )
    const told = view.ofType('sensors')
    expect(told).toHaveLength(1)
    expect(told[0].sensors).toEqual([
      expect.objectContaining({ key: 'plant/pump', source: 'plant', sensorId: 'pump', topic: 'plant/pump' })
    ])
    expect(view.messages.indexOf(told[0])).toBeLessThan(view.messages.indexOf(frame))
    for (const r of frame.readings)
      expect(Object.keys(r).sort()).toEqual([
        'key',
        'kind',
        'receivedAt',
        'retained',
        'state',
        'time',
        'value'
      ])
    view.link.send({ type: 'ack', seq: frame.seq, paintedAt: wallNow() })

    engine.applyReading(reading(6, 'pump'), catalog)
    await waitFor(() => view.ofType('frame').find((f) => f.seq === frame.seq + 1), 'the next frame')
    expect(view.ofType('sensors')).toHaveLength(1)
  })
})

describe('sensor settings edits', () => {
  it('applies a valid edit to every view and the snapshot, re-evaluating limits, and reports it for saving', async () => {
    engine = new Engine(config)
    const saved: [string, SensorOverride | null][] = []
    engine.onSensorSettingsChange((key, override) => saved.push([key, override]))
    engine.applyReading(reading(70), catalog)
    const view = await attach()
    expect(
      await view.command('setSensorSettings', {
        key: 'plant/boiler',
        settings: { warn: 60, label: 'Main boiler' }
      })
    ).toMatchObject({ ok: true, result: null })
    // The edit travels as presentation, before the frame with the re-evaluated value.
    const told = await waitFor(
      () => view.ofType('sensors').find((m) => m.sensors.some((p) => p.edited)),
      'the presentation of the edited sensor'
    )
    expect(told.sensors[0]).toMatchObject({
      key: 'plant/boiler',
      label: 'Main boiler',
      warn: 60,
      edited: true
    })
    expect(told.sensors[0]).not.toHaveProperty('value')
    const frame = await waitFor(
      () => view.ofType('frame').find((f) => f.readings.some((r) => r.state === 'warn')),
      'a frame with the re-evaluated state'
    )
    expect(frame.readings[0]).toEqual({
      key: 'plant/boiler',
      value: 70,
      kind: 'number',
      state: 'warn',
      time: null,
      receivedAt: expect.any(Number) as number,
      retained: false
    })
    expect(view.messages.indexOf(told)).toBeLessThan(view.messages.indexOf(frame))
    expect(engine.snapshot().readings[0]).toMatchObject({ warn: 60, edited: true })
    const alarms = await nextAlarms(view, (s) => s.alarms.length === 1)
    expect(alarms.alarms[0]).toMatchObject({ condition: 'high-warn', threshold: 60, label: 'Main boiler' })
    expect(saved).toEqual([['plant/boiler', { warn: 60, label: 'Main boiler' }]])

    // Back to the configured values: null per field; all fields back means no override at all.
    expect(engine.setSensorSettings('plant/boiler', { warn: null, label: null })).toBeNull()
    expect(saved[1]).toEqual(['plant/boiler', null])
    expect(engine.snapshot().readings[0]).toMatchObject({
      warn: 80,
      label: 'Boiler',
      edited: false,
      state: 'normal'
    })
  })

  it('refuses unknown sensors and limits out of order, changing nothing', async () => {
    engine = new Engine(config)
    engine.applyReading(reading(70), catalog)
    const view = await attach()
    expect(
      await view.refusal('setSensorSettings', { key: 'plant/boiler', settings: { lowWarn: 90 } })
    ).toMatch(/warn must be above lowWarn/)
    expect(await view.refusal('setSensorSettings', { key: 'plant/ghost', settings: { warn: 1 } })).toMatch(
      /no sensor "plant\/ghost"/
    )
    // A field the contract does not have, as a hostile or outdated view might send.
    expect(
      await view.refusal('setSensorSettings', { key: 'plant/boiler', settings: { colour: 'red' } })
    ).toMatch(/^sensor settings change refused: settings: Unrecognized key: "colour"/)
    expect(engine.snapshot().readings[0]).toMatchObject({ lowWarn: null, warn: 80, edited: false })
  })

  it('starts with saved edits applied, skipping ones the configuration made invalid', () => {
    engine = new Engine(config, {
      sensorOverrides: new Map<string, SensorOverride>([
        ['plant/boiler', { unit: 'K', alarm: 120 }],
        ['gone/sensor', { warn: 1 }]
      ])
    })
    engine.applyReading(reading(100), catalog)
    // The reading entered the table through a fresh catalog in this test; the edit is in the engine's.
    expect(engine.setSensorSettings('plant/boiler', {})).toBeNull()
    expect(engine.snapshot().readings[0]).toMatchObject({
      unit: 'K',
      alarm: 120,
      edited: true,
      state: 'warn'
    })
  })
})
