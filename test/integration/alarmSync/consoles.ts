import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import type { AlarmRecord } from '@shared/alarms'
import { startRuntime, type Runtime } from '../../../src/main/runtime/runtime'
import { waitFor } from '../../harness/waitFor'

/** The sensor every console of these tests watches: plant/boiler, high alarm at 95. */
export const SENSOR_TOPIC = 'plant/boiler/temp'
export const SENSOR_KEY = 'plant/boiler'
/** A second one, for tests that need two alarms: plant/pump. */
export const PUMP_TOPIC = 'plant/pump/temp'
export const PUMP_KEY = 'plant/pump'

export interface Console {
  name: string
  runtime: Runtime
  stateDir: string
  problems: string[]
  stop(): Promise<void>
}

export interface ConsoleOptions {
  /** The broker the shared sensor is on. */
  telemetryUrl: string
  /** The broker alarm sync goes through (default: the telemetry broker). */
  syncUrl?: string
  /** Kept across a restart of the console. */
  stateDir?: string
  /** Extra `alarmSync` fields (credentials, protocol version). */
  sync?: Record<string, unknown>
  prefix?: string
  /** Extra telemetry fields (credentials). */
  telemetry?: Record<string, unknown>
}

/** A console: a runtime (configuration file, its own state directory) with `alarmSync`. */
export async function startConsole(name: string, options: ConsoleOptions): Promise<Console> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), `tickwire-console-${name}-`))
  const file = join(stateDir, '..', `${name}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      telemetry: [
        {
          id: 'plant',
          url: options.telemetryUrl,
          subscriptions: [{ topic: 'plant/#', qos: 1 }],
          reconnect: { initialDelayMs: 100, maxDelayMs: 300 },
          ...(options.telemetry ?? {}),
          sensors: [
            { topic: SENSOR_TOPIC, id: 'boiler', label: 'Boiler', unit: '°C', alarm: 95 },
            { topic: PUMP_TOPIC, id: 'pump', label: 'Pump', unit: '°C', alarm: 95 }
          ]
        }
      ],
      alarmSync: {
        url: options.syncUrl ?? options.telemetryUrl,
        console: name,
        ...(options.prefix ? { prefix: options.prefix } : {}),
        reconnect: { initialDelayMs: 100, maxDelayMs: 300 },
        ...options.sync
      }
    })
  )
  const problems: string[] = []
  const runtime = await startRuntime({
    configFile: file,
    demo: false,
    stateDir,
    operator: `op-${name}`,
    reportProblem: (p) => problems.push(p)
  })
  return {
    name,
    runtime,
    stateDir,
    problems,
    async stop() {
      await runtime.stop()
      rmSync(file, { force: true })
    }
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** A plain mqtt.js client publishing the sensor's values (the plant). */
export async function plantPublisher(
  url: string,
  options: { username?: string; password?: string } = {}
): Promise<MqttClient & { value(v: number, topic?: string): Promise<void> }> {
  const client = mqtt.connect(url, { log: () => {}, reconnectPeriod: 200, ...options })
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve())
    client.once('error', reject)
  })
  return Object.assign(client, {
    value: (v: number, topic = SENSOR_TOPIC) =>
      client.publishAsync(topic, String(v), { qos: 1, retain: true }).then(() => {})
  })
}

/** The console's open alarms of the shared sensor (or another key). */
export function boilerAlarms(c: Console, key = SENSOR_KEY): AlarmRecord[] {
  return c.runtime.engine.alarms.openAlarms().filter((a) => a.key === key)
}

/** Waits for exactly one open alarm of the shared sensor (or `key`) satisfying `test`, and returns it. */
export function waitForAlarm(
  c: Console,
  what: string,
  test: (a: AlarmRecord) => boolean,
  timeoutMs = 5_000,
  key = SENSOR_KEY
) {
  return waitFor(
    () => {
      const list = boilerAlarms(c, key)
      return list.length === 1 && test(list[0]) ? list[0] : undefined
    },
    `${c.name}: ${what}`,
    timeoutMs
  )
}

/** The fields every console must agree on for one alarm. */
export function shared(a: AlarmRecord) {
  return { state: a.state, ackedAt: a.ackedAt, ackedBy: a.ackedBy, clearedAt: a.clearedAt, key: a.key }
}
