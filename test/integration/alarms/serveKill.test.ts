import { existsSync } from 'node:fs'
import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlarmRecord } from '@shared/alarms'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { writeConfigDir, type ConfigDir } from '../../e2e/support/configFile'
import { runServeToExit, serveEntry, startServe, type ServeProcess } from '../../e2e/support/serveProcess'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'

const unavailable =
  mosquittoUnavailable() ??
  (existsSync(serveEntry) ? null : `${serveEntry} is not built (run \`npx electron-vite build\`)`)
if (unavailable !== null) console.log(`skipping the serve kill -9 test: ${unavailable}`)

let broker: Mosquitto | null = null
let publisher: MqttClient | null = null
let configDir: ConfigDir | null = null
const serves: ServeProcess[] = []
afterEach(async () => {
  for (const serve of serves.splice(0)) await serve.stop()
  await publisher?.endAsync()
  publisher = null
  await broker?.stop()
  broker = null
  configDir?.remove()
  configDir = null
})

/** Polls an async check every 100 ms until it returns a value. */
async function poll<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function getJson<T>(serve: ServeProcess, path: string): Promise<T> {
  const response = await fetch(`${serve.origin}${path}`)
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

describe.skipIf(unavailable !== null)('browser mode killed with SIGKILL', () => {
  it('keeps the unacknowledged alarm across the kill, and refuses a second instance on its state directory', async () => {
    broker = await Mosquitto.start()
    configDir = writeConfigDir({
      telemetry: [
        {
          id: 'plant',
          url: broker.url,
          subscriptions: [{ topic: 'plant/#', qos: 1 }],
          sensors: [
            { topic: 'plant/boiler', id: 'boiler', label: 'Boiler', alarm: 95, staleAfterMs: 600_000 }
          ]
        }
      ]
    })
    const args = ['--port', '0', '--config', configDir.configFile, '--state-dir', configDir.stateDir]
    const first = await startServe(args)
    serves.push(first)
    publisher = await mqtt.connectAsync(broker.url)
    // Not retained: after the restart nothing re-raises it, so only the journal can bring it back.
    const raised = await poll(async () => {
      await publisher?.publishAsync('plant/boiler', '99', { qos: 1 })
      const snapshot = await getJson<SnapshotPayload>(first, '/api/snapshot')
      return snapshot.alarms.find((a) => a.key === 'plant/boiler' && a.condition === 'high-alarm')
    }, 'the boiler alarm in /api/snapshot')
    expect(raised.state).toBe('active-unacked')

    // No grace period: what /api/snapshot shows is already on disk.
    const killed = new Promise<NodeJS.Signals | null>((resolve) =>
      first.child.once('exit', (_code, signal) => resolve(signal))
    )
    first.child.kill('SIGKILL')
    expect(await killed).toBe('SIGKILL')

    // The dead process's lock is taken over; the alarm is back, the same one, still unacknowledged.
    const second = await startServe(args)
    serves.push(second)
    const after = await getJson<SnapshotPayload>(second, '/api/snapshot')
    expect(after.alarms).toEqual<AlarmRecord[]>([
      { ...raised, lastValue: after.alarms[0]?.lastValue ?? null }
    ])
    expect(after.alarms[0]).toMatchObject({ id: raised.id, state: 'active-unacked', ackedBy: null })
    const stats = await getJson<StatsPayload & { alarmJournal?: { lastError: string | null } }>(
      second,
      '/api/stats'
    )
    expect(stats.alarmJournal?.lastError ?? null).toBeNull()

    // A second instance on the same state directory refuses with one line and exit code 2.
    const refused = await runServeToExit(args)
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr.trimEnd().split('\n')).toEqual([
      `tickwire: the state directory ${configDir.stateDir} is in use by another Tickwire (PID ${second.child.pid}); stop it or pass --state-dir`
    ])
  }, 90_000)
})
