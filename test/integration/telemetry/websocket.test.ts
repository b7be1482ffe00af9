import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { FakeMqttBroker } from '../../harness/fakeMqttBroker'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { makeTestCertificates, type TestCertificates } from '../../harness/tlsCertificates'
import { waitFor } from '../../harness/waitFor'
import {
  lastError,
  startSource,
  stopSources,
  telemetryConfig,
  uniqueClientId,
  valuesOf,
  waitSubscribed
} from './telemetryFixture'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping MQTT WebSocket tests: ${unavailable}`)

let certs: TestCertificates | null = null
let broker: Mosquitto | null = null
/** Set when this Mosquitto build has no WebSocket support; the tests then skip saying so. */
let noWebSockets: string | null = null
let publisher: MqttClient

beforeAll(async () => {
  if (unavailable) return
  certs = makeTestCertificates()
  try {
    broker = await Mosquitto.start({
      websockets: true,
      secureWebsockets: true,
      tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey }
    })
  } catch (err) {
    const message = (err as Error).message
    if (!/websockets/i.test(message)) throw err
    noWebSockets = `this Mosquitto build cannot open WebSocket listeners: ${message}`
    console.warn(`Skipping MQTT WebSocket tests: ${noWebSockets}`)
    return
  }
  publisher = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId('pub') })
})
afterAll(async () => {
  await publisher?.endAsync()
  await broker?.stop()
  certs?.remove()
})
afterEach(stopSources)

describe.skipIf(unavailable !== null)('MQTT over WebSocket against a real Mosquitto', () => {
  it.for([4, 5] as const)('receives values over ws:// (protocol %i)', async (version, ctx) => {
    if (noWebSockets !== null || broker === null) return ctx.skip(noWebSockets ?? 'no broker')
    const clientId = uniqueClientId(`ws${version}`)
    const { sink } = startSource(telemetryConfig(broker.wsUrl, { clientId, protocolVersion: version }))
    await waitSubscribed((t) => broker?.logLines(t) ?? [], sink, clientId)
    await publisher.publishAsync(`${clientId}/w`, '{"v":1,"w":2}', { qos: 1 })
    await waitFor(() => sink.readings.length === 2, 'two leaves')
    expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual([
      [`${clientId}/w#v`, 1],
      [`${clientId}/w#w`, 2]
    ])
  })

  it('receives values over wss:// verified against the CA and servername', async (ctx) => {
    if (noWebSockets !== null || broker === null || certs === null)
      return ctx.skip(noWebSockets ?? 'no broker')
    const clientId = uniqueClientId('wss')
    const { sink } = startSource(
      telemetryConfig(broker.wssUrl, {
        clientId,
        tls: { ca: certs.ca, servername: 'localhost', rejectUnauthorized: true }
      })
    )
    await waitSubscribed((t) => broker?.logLines(t) ?? [], sink, clientId)
    await publisher.publishAsync(`${clientId}/s`, '8', { qos: 1 })
    await waitFor(() => valuesOf(sink, `${clientId}/s`).length === 1, 'value over wss')
    expect(valuesOf(sink, `${clientId}/s`)).toEqual([8])
  })

  it('refuses a wss:// server that fails verification (servername not in the certificate)', async (ctx) => {
    if (noWebSockets !== null || broker === null || certs === null)
      return ctx.skip(noWebSockets ?? 'no broker')
    const { sink } = startSource(
      telemetryConfig(broker.wssUrl, {
        tls: { ca: certs.ca, servername: 'plant.example', rejectUnauthorized: true }
      })
    )
    await waitFor(() => sink.states.filter((s) => s === 'reconnecting').length >= 2, 'two refusals', 10_000)
    expect(sink.states).not.toContain('open')
    expect(lastError(sink)).toMatch(/plant\.example/)
  })
})

describe.skipIf(unavailable !== null)('oversized packets over MQTT-over-WebSocket (issue 7)', () => {
  it('a packet over maxMessageBytes is refused while read, counted, and the connection re-made', async (ctx) => {
    if (noWebSockets !== null || broker === null) return ctx.skip(noWebSockets ?? 'no broker')
    const clientId = uniqueClientId('wsbig')
    // MQTT 3.1.1: the broker is not told a maximum packet size, so it does send the big one
    // (sizes stay under what this Mosquitto's WebSocket listener forwards at all, about 128 kB).
    const { sink } = startSource(
      telemetryConfig(broker.wsUrl, { clientId, protocolVersion: 4, maxMessageBytes: 16_384 })
    )
    await waitSubscribed((t) => broker?.logLines(t) ?? [], sink, clientId)
    await publisher.publishAsync(`${clientId}/big`, 'x'.repeat(30_000), { qos: 0 })
    await waitFor(() => sink.malformedReasons.length === 1, 'the oversized packet counted')
    expect(sink.malformedReasons[0]).toMatch(
      /broker sent a packet of \d+ bytes, over maxMessageBytes \(16384\)/
    )
    await waitFor(() => sink.states.filter((s) => s === 'open').length === 2, 'reconnected')
    await waitSubscribed((t) => broker?.logLines(t) ?? [], sink, clientId, 2)
    await publisher.publishAsync(`${clientId}/ok`, '5', { qos: 0 })
    await waitFor(() => valuesOf(sink, `${clientId}/ok`).length === 1, 'a valid value afterwards')
    expect(sink.readings.filter((r) => r.topic === `${clientId}/big`)).toEqual([])
  })
})

describe('MQTT-over-WebSocket frames from a broker that batches packets (issue 7)', () => {
  let fake: FakeMqttBroker
  beforeAll(async () => {
    fake = await FakeMqttBroker.start({ websocket: true })
  })
  afterAll(() => fake.close())

  it('takes a frame of several valid packets, however small maxMessageBytes is', async () => {
    const { sink } = startSource(
      telemetryConfig(fake.url, {
        protocolVersion: 4,
        maxMessageBytes: 1_024,
        subscriptions: [{ topic: 'plant/#', qos: 0 }]
      })
    )
    const connection = await fake.subscribed(1)
    const batch = Array.from({ length: 10 }, (_, i) => ({
      topic: `plant/s${i}`,
      payload: String(i).padEnd(500, ' ')
    }))
    await connection.publishBatch(batch)
    await waitFor(() => sink.readings.length === 10, 'ten readings from one frame')
    expect(sink.malformedReasons).toEqual([])
    expect(fake.connects).toBe(1)
  })

  it('refuses a frame over the frame limit (4 MiB here) while reading it, counted and explained', async () => {
    const before = fake.connects
    const { sink } = startSource(
      telemetryConfig(fake.url, {
        protocolVersion: 4,
        maxMessageBytes: 1_024,
        subscriptions: [{ topic: 'plant/#', qos: 0 }]
      })
    )
    const connection = await fake.subscribed(before + 1)
    // Valid small packets, but 5 MiB of them in one frame.
    const batch = Array.from({ length: 10_500 }, (_, i) => ({
      topic: `plant/s${i % 10}`,
      payload: String(i).padEnd(490, ' ')
    }))
    await connection.publishBatch(batch)
    await waitFor(() => sink.malformedReasons.length === 1, 'the frame counted')
    expect(sink.malformedReasons[0]).toBe(
      'broker sent a WebSocket frame over 4194304 bytes: connection dropped'
    )
    expect(lastError(sink)).toMatch(/WebSocket frame over 4194304 bytes/)
    await fake.subscribed(before + 2)
  })
})
