import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { wallNow } from '../../../src/main/engine/clock'
import { startRuntime, type Runtime } from '../../../src/main/runtime/runtime'

// The telemetry source points at a closed port: values are pushed through the engine directly.
const configText = JSON.stringify({
  telemetry: [
    {
      id: 'plant',
      url: 'mqtt://127.0.0.1:9',
      subscriptions: [{ topic: 'plant/#' }],
      sensors: [{ topic: 'plant/boiler', id: 'boiler', label: 'Boiler', warn: 80 }]
    }
  ]
})

let dir: string
let runtime: Runtime | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-runtime-alarms-'))
  writeFileSync(join(dir, 'config.json'), configText)
})
afterEach(async () => {
  await runtime?.stop()
  runtime = null
  rmSync(dir, { recursive: true, force: true })
})

const start = (problems: string[] = []): Promise<Runtime> =>
  startRuntime({
    configFile: join(dir, 'config.json'),
    demo: false,
    stateDir: join(dir, 'state'),
    operator: 'tester',
    reportProblem: (p) => problems.push(p)
  })

describe('alarms and sensor edits across a restart', () => {
  it('an unacknowledged alarm, a shelve and a sensor edit survive a restart; the journal has every event', async () => {
    runtime = await start()
    const { engine } = runtime
    engine.setSensorSettings('plant/boiler', { warn: 70, unit: '°C' })
    engine.applyReading(
      {
        source: 'plant',
        sensorId: 'boiler',
        topic: 'plant/boiler',
        value: 75,
        time: null,
        receivedAt: wallNow(),
        retained: false
      },
      // In production the channel passes the engine's own catalog; here, the edited info.
      {
        info: () => ({
          label: 'Boiler',
          unit: '°C',
          decimals: null,
          min: null,
          max: null,
          lowAlarm: null,
          lowWarn: null,
          warn: 70,
          alarm: null,
          deadband: 0,
          staleAfterMs: 30_000,
          gauge: 'radial',
          group: null,
          edited: true,
          discovered: false
        })
      } as never
    )
    expect(engine.alarms.openAlarms()).toMatchObject([
      { key: 'plant/boiler', state: 'active-unacked', threshold: 70 }
    ])
    expect(engine.shelve('plant/boiler', 600_000)).toBeNull()
    // The journal commits this turn's events at the end of the turn.
    await new Promise((resolve) => setImmediate(resolve))
    const stats = engine.alarmJournalStatus()
    expect(stats).toMatchObject({ path: join(dir, 'state', 'alarms.jsonl'), lastError: null, pending: 0 })
    await runtime.stop()
    runtime = null

    const lines = readFileSync(join(dir, 'state', 'alarms.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['raised', 'shelved'])
    expect(JSON.parse(readFileSync(join(dir, 'state', 'sensors.json'), 'utf8'))).toEqual({
      version: 1,
      sensors: { 'plant/boiler': { warn: 70, unit: '°C' } }
    })

    const problems: string[] = []
    runtime = await start(problems)
    const again = runtime.engine
    expect(again.alarms.openAlarms()).toMatchObject([
      { key: 'plant/boiler', state: 'active-unacked', ackedBy: null }
    ])
    expect(again.alarms.summary().shelved).toMatchObject([{ key: 'plant/boiler', by: 'tester' }])
    expect(again.snapshot().alarms).toHaveLength(1)
    // The saved edit is back: an empty edit reports the override it merged with.
    const seen: unknown[] = []
    again.onSensorSettingsChange((key, override) => seen.push([key, override]))
    expect(again.setSensorSettings('plant/boiler', {})).toBeNull()
    expect(seen).toEqual([['plant/boiler', { warn: 70, unit: '°C' }]])
    expect(problems).toEqual([])
  })
})

describe('saved sensor edits that no longer fit the configuration', () => {
  it('are reported and not applied', async () => {
    mkdirSync(join(dir, 'state'), { recursive: true })
    // Saved when the limit was 80; the configuration now has an alarm limit below that edit's warn.
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        telemetry: [
          {
            id: 'plant',
            url: 'mqtt://127.0.0.1:9',
            subscriptions: [{ topic: 'plant/#' }],
            sensors: [{ topic: 'plant/boiler', id: 'boiler', label: 'Boiler', warn: 80, alarm: 90 }]
          }
        ]
      })
    )
    writeFileSync(
      join(dir, 'state', 'sensors.json'),
      JSON.stringify({ version: 1, sensors: { 'plant/boiler': { warn: 95 } } })
    )
    const problems: string[] = []
    runtime = await start(problems)
    expect(runtime.engine.skippedSensorOverrides).toEqual(['plant/boiler'])
    expect(problems).toEqual([
      'ignoring the saved settings of sensor plant/boiler: they no longer fit its configured limits'
    ])
  })
})
