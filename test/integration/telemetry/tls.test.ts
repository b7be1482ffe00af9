import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import type { TelemetryConfig } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
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
if (unavailable) console.warn(`Skipping MQTT TLS tests: ${unavailable}`)

let certs: TestCertificates
let broker: Mosquitto
let mutualBroker: Mosquitto
let publisher: MqttClient

beforeAll(async () => {
  if (unavailable) return
  certs = makeTestCertificates()
  const tls = { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey }
  broker = await Mosquitto.start({ tls })
  mutualBroker = await Mosquitto.start({ tls: { ...tls, requireCertificate: true } })
  publisher = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId('pub') })
})
afterAll(async () => {
  if (unavailable) return
  await publisher?.endAsync()
  await broker?.stop()
  await mutualBroker?.stop()
  certs?.remove()
})
afterEach(stopSources)

/** Expects the source to be refused again and again, never open, and returns its last error. */
async function expectRefused(config: TelemetryConfig): Promise<string | undefined> {
  const { sink } = startSource(config)
  await waitFor(() => sink.states.filter((s) => s === 'reconnecting').length >= 2, 'two refusals', 10_000)
  expect(sink.states).not.toContain('open')
  return lastError(sink)
}

/** Expects values published on the plain listener to arrive over the TLS connection. */
async function expectWorks(config: TelemetryConfig, on: Mosquitto): Promise<void> {
  const clientId = config.clientId ?? ''
  const { sink } = startSource(config)
  await waitSubscribed((t) => on.logLines(t), sink, clientId)
  const pub = on === broker ? publisher : await mqtt.connectAsync(on.url)
  await pub.publishAsync(`${clientId}/v`, '3.25', { qos: 1 })
  if (pub !== publisher) await pub.endAsync()
  await waitFor(() => valuesOf(sink, `${clientId}/v`).length === 1, 'value over TLS')
  expect(valuesOf(sink, `${clientId}/v`)).toEqual([3.25])
}

describe.skipIf(unavailable !== null)('MQTT over TLS against a real Mosquitto', () => {
  it('verifies the server against the configured CA (mqtts://)', async () => {
    const clientId = uniqueClientId('tls')
    await expectWorks(
      telemetryConfig(broker.mqttsUrl, { clientId, tls: { ca: certs.ca, rejectUnauthorized: true } }),
      broker
    )
  })

  it('checks the certificate against servername when one is set', async () => {
    const clientId = uniqueClientId('sni')
    await expectWorks(
      telemetryConfig(broker.mqttsUrl, {
        clientId,
        tls: { ca: certs.ca, servername: 'localhost', rejectUnauthorized: true }
      }),
      broker
    )
    const error = await expectRefused(
      telemetryConfig(broker.mqttsUrl, {
        tls: { ca: certs.ca, servername: 'plant.example', rejectUnauthorized: true }
      })
    )
    expect(error).toMatch(/plant\.example.*altnames|altnames.*plant\.example/i)
  })

  it('refuses a server its CA did not sign, saying why', async () => {
    const error = await expectRefused(
      telemetryConfig(broker.mqttsUrl, { tls: { ca: certs.otherCa, rejectUnauthorized: true } })
    )
    expect(error).toMatch(/self[- ]signed certificate|unable to verify|unable to get local issuer/i)
  })

  it('refuses an unknown CA even with no tls block at all (verification is the default)', async () => {
    const error = await expectRefused(telemetryConfig(broker.mqttsUrl))
    expect(error).toMatch(/self[- ]signed certificate|unable to verify|unable to get local issuer/i)
  })

  it('connects without verification only on explicit opt-out, and stats say insecure', async () => {
    const clientId = uniqueClientId('insecure')
    const insecure = telemetryConfig(broker.mqttsUrl, {
      id: 'lax',
      clientId,
      tls: { ca: certs.otherCa, rejectUnauthorized: false }
    })
    const verified = telemetryConfig(broker.mqttsUrl, {
      id: 'strict',
      tls: { ca: certs.ca, rejectUnauthorized: true }
    })
    const engine = new Engine({ market: [], telemetry: [insecure, verified] }, { statsIntervalMs: 50 })
    engine.start()
    try {
      await waitFor(() => engine.stats().sources.every((s) => s.state === 'open'), 'both open', 10_000)
      const byId = Object.fromEntries(engine.stats().sources.map((s) => [s.id, s]))
      expect(byId.lax.insecure).toBe(true)
      expect(byId.strict.insecure).toBe(false)
      await waitFor(() => broker.logLines(`Sending SUBACK to ${clientId}`).length > 0, 'subscribed')
      await publisher.publishAsync(`${clientId}/x`, '9', { qos: 1 })
      await waitFor(() => engine.snapshot().readings.some((r) => r.key === `lax/${clientId}/x`), 'value')
    } finally {
      await engine.stop()
    }
  })

  it('authenticates with a client certificate when the broker requires one (mutual TLS)', async () => {
    const clientId = uniqueClientId('mtls')
    await expectWorks(
      telemetryConfig(mutualBroker.mqttsUrl, {
        clientId,
        tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, rejectUnauthorized: true }
      }),
      mutualBroker
    )
  })

  it('is refused by a mutual-TLS broker without a client certificate', async () => {
    const before = mutualBroker.logLines('OpenSSL Error').length
    await expectRefused(
      telemetryConfig(mutualBroker.mqttsUrl, { tls: { ca: certs.ca, rejectUnauthorized: true } })
    )
    // The broker refused the handshake itself (it logs the missing peer certificate).
    await waitFor(() => mutualBroker.logLines('OpenSSL Error').length > before, 'broker-side refusal')
    expect(mutualBroker.logLines('peer did not return a certificate').length).toBeGreaterThan(0)
  })
})
