import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import type { TelemetryConfig, TickwireConfig } from '@shared/config'
import { Engine } from '../../src/main/engine/engine'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { waitFor } from '../harness/waitFor'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping Mosquitto integration tests: ${unavailable}`)

let broker: Mosquitto
let publisher: MqttClient
let engine: Engine | null = null
let clientSeq = 0

beforeAll(async () => {
  if (unavailable) return
  broker = await Mosquitto.start()
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'test-publisher', reconnectPeriod: 100 })
})
afterAll(async () => {
  if (unavailable) return
  await publisher.endAsync(true)
  await broker.stop()
})
afterEach(async () => {
  await engine?.stop()
  engine = null
})

function telemetry(clientId: string): TelemetryConfig {
  return {
    id: 'plant',
    url: broker.url,
    protocolVersion: 5,
    clientId,
    clean: true,
    keepaliveSec: 30,
    subscriptions: [{ topic: `${clientId}/#`, qos: 1 }],
    sensors: [
      {
        topic: `${clientId}/boiler1/temp`,
        id: 'boiler1-temp',
        label: 'Boiler 1',
        unit: '°C',
        valuePath: 'value',
        timePath: 'ts',
        timeUnit: 'ms',
        warn: 80,
        alarm: 95
      }
    ],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    maxMessageBytes: 1024 * 1024
  }
}

/** Starts an engine and waits until the broker has acknowledged its subscription. */
async function startEngine(protocolVersion: 4 | 5 = 5): Promise<{ e: Engine; clientId: string }> {
  const clientId = `tw-test-${++clientSeq}`
  const config: TickwireConfig = { market: [], telemetry: [{ ...telemetry(clientId), protocolVersion }] }
  engine = new Engine(config, { statsIntervalMs: 100 })
  engine.start()
  await waitFor(() => broker.log.some((l) => l.includes(`Sending SUBACK to ${clientId}`)), 'SUBACK', 10_000)
  return { e: engine, clientId }
}

const source = (e: Engine) => e.stats().sources[0]

describe.skipIf(unavailable !== null)('telemetry over a real Mosquitto', () => {
  it('puts published values into the snapshot exactly', async () => {
    for (const version of [4, 5] as const) {
      const { e, clientId } = await startEngine(version)
      const ts = Date.now() - 5
      await publisher.publishAsync(`${clientId}/room/temp`, '21.5')
      await publisher.publishAsync(`${clientId}/boiler1/temp`, JSON.stringify({ value: 96.25, ts }))
      await publisher.publishAsync(
        `${clientId}/line`,
        JSON.stringify({ time: ts, rpm: 1200, axes: [0.5, { z: -2 }] })
      )
      await waitFor(() => source(e).messages === 3, 'three messages')
      const readings = e.snapshot().readings.map((r) => [r.key, r.value, r.time, r.state, r.discovered])
      expect(readings).toEqual([
        [`plant/${clientId}/room/temp`, 21.5, null, 'normal', true],
        ['plant/boiler1-temp', 96.25, ts, 'alarm', false],
        [`plant/${clientId}/line#rpm`, 1200, ts, 'normal', true],
        [`plant/${clientId}/line#axes.0`, 0.5, ts, 'normal', true],
        [`plant/${clientId}/line#axes.1.z`, -2, ts, 'normal', true]
      ])
      expect(e.snapshot().readings[1]).toMatchObject({ label: 'Boiler 1', unit: '°C', warn: 80, alarm: 95 })
      expect(source(e)).toMatchObject({ kind: 'telemetry', state: 'open', malformed: 0 })
      expect(source(e).latencyMs.feed.count).toBe(2)
      await e.stop()
    }
  })

  it('counts malformed payloads and keeps them out of the snapshot', async () => {
    const { e, clientId } = await startEngine()
    const bad = ['', '1e400', '1e300', '{"label":"x"}', '{"a":1e300}', '{broken', 'x'.repeat(257)]
    for (const text of bad) await publisher.publishAsync(`${clientId}/bad`, text)
    // Not malformed: a short text payload is a text sensor, and a configured valuePath may point at text.
    await publisher.publishAsync(`${clientId}/pump/status`, 'RUNNING')
    await publisher.publishAsync(`${clientId}/boiler1/temp`, JSON.stringify({ value: 'n/a' }))
    await publisher.publishAsync(`${clientId}/good`, '7')
    await waitFor(() => source(e).messages === bad.length + 3, 'all messages')
    expect(source(e).malformed).toBe(bad.length)
    expect(
      e
        .snapshot()
        .readings.map((r) => [r.sensorId, r.value, r.kind])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    ).toEqual([
      ['boiler1-temp', 'n/a', 'text'],
      [`${clientId}/good`, 7, 'number'],
      [`${clientId}/pump/status`, 'RUNNING', 'text']
    ])
  })

  it('resumes the subscription after a broker restart', async () => {
    const { e, clientId } = await startEngine()
    await publisher.publishAsync(`${clientId}/room/temp`, '1')
    await waitFor(() => e.snapshot().readings[0]?.value === 1, 'first value')
    const subacks = () => broker.log.filter((l) => l.includes(`Sending SUBACK to ${clientId}`)).length
    const subacksBefore = subacks()
    expect(subacksBefore).toBeGreaterThanOrEqual(1)
    await broker.restart()
    // The restarted broker has no sessions (persistence off): only a new SUBSCRIBE gets a SUBACK.
    await waitFor(
      () => source(e).state === 'open' && subacks() > subacksBefore,
      'reconnected and resubscribed',
      10_000
    )
    await waitFor(() => publisher.connected, 'publisher back', 10_000)
    expect(source(e).reconnects).toBeGreaterThanOrEqual(1)
    await publisher.publishAsync(`${clientId}/room/temp`, '2')
    await waitFor(() => e.snapshot().readings[0]?.value === 2, 'value after restart', 10_000)
  })

  it('stop() disconnects the client (the broker sees it) and stops reconnecting', async () => {
    const { e, clientId } = await startEngine()
    await e.stop()
    await waitFor(
      () => broker.log.some((l) => l.includes(`Client ${clientId} disconnected`)),
      'broker sees disconnect'
    )
    expect(source(e).state).toBe('closed')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(broker.log.filter((l) => l.includes(`New client connected`) && l.includes(clientId))).toHaveLength(
      1
    )
  })
})
