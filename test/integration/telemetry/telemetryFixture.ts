import type { TelemetryConfig } from '@shared/config'
import type { SensorValue } from '@shared/model'
import { TelemetrySource, type TelemetrySourceOptions } from '../../../src/main/engine/telemetrySource'
import { CollectingSink } from '../../harness/collectingSink'
import { waitFor } from '../../harness/waitFor'

let clientSeq = 0

/** A client id no other test in this run uses (Mosquitto takes over sessions by client id). */
export function uniqueClientId(prefix = 'tw'): string {
  return `${prefix}-${process.pid}-${++clientSeq}`
}

/** A complete telemetry entry (as the config schema would produce it) with quick reconnects. */
export function telemetryConfig(url: string, overrides: Partial<TelemetryConfig> = {}): TelemetryConfig {
  const clientId = overrides.clientId ?? uniqueClientId()
  return {
    id: 'plant',
    url,
    protocolVersion: 5,
    clientId,
    clean: true,
    keepaliveSec: 30,
    subscriptions: [{ topic: `${clientId}/#`, qos: 1 }],
    sensors: [],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

/** A started source and everything it pushed. */
export interface RunningSource {
  source: TelemetrySource
  sink: CollectingSink
  config: TelemetryConfig
}

const running = new Set<TelemetrySource>()

export function startSource(config: TelemetryConfig, options?: TelemetrySourceOptions): RunningSource {
  const sink = new CollectingSink()
  const source = new TelemetrySource(config, sink, options)
  running.add(source)
  source.start()
  return { source, sink, config }
}

/** Stops every source the test started (call from afterEach). */
export async function stopSources(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()))
  running.clear()
}

/** Every value the sink received for one sensor, in arrival order. */
export function valuesOf(sink: CollectingSink, sensorId: string): SensorValue[] {
  return sink.readings.filter((r) => r.sensorId === sensorId).map((r) => r.value)
}

export function lastState(sink: CollectingSink): string | undefined {
  return sink.states[sink.states.length - 1]
}

/** The last error the source reported with a state change. */
export function lastError(sink: CollectingSink): string | undefined {
  return sink.errors.filter((e) => e !== undefined).pop()
}

/** Waits until the source is open and the broker has acknowledged its subscription. */
export async function waitSubscribed(
  logLines: (text: string) => string[],
  sink: CollectingSink,
  clientId: string,
  count = 1
): Promise<void> {
  await waitFor(
    () => lastState(sink) === 'open' && logLines(`Sending SUBACK to ${clientId}`).length >= count,
    `SUBACK to ${clientId}`,
    10_000
  )
}
