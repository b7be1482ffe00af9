import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { Engine } from '../../../src/main/engine/engine'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'
import {
  lastError,
  lastState,
  startSource,
  stopSources,
  telemetryConfig,
  uniqueClientId,
  valuesOf,
  waitSubscribed
} from './telemetryFixture'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping MQTT authentication tests: ${unavailable}`)

describe.skipIf(unavailable !== null)('MQTT connections: anonymous and password', () => {
  afterEach(stopSources)

  describe('anonymous broker', () => {
    let broker: Mosquitto
    let publisher: MqttClient
    beforeAll(async () => {
      broker = await Mosquitto.start()
      publisher = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId('pub') })
    })
    afterAll(async () => {
      await publisher?.endAsync()
      await broker?.stop()
    })

    it.each([4, 5] as const)('connects with MQTT protocol level %i and receives values', async (version) => {
      const clientId = uniqueClientId(`v${version}`)
      const { sink } = startSource(telemetryConfig(broker.url, { clientId, protocolVersion: version }))
      await waitSubscribed((t) => broker.logLines(t), sink, clientId)
      // Mosquitto logs the protocol it accepted: p2 is 3.1.1, p5 is 5.
      expect(broker.logLines(`as ${clientId} (p${version === 4 ? 2 : 5}`)).toHaveLength(1)
      await publisher.publishAsync(`${clientId}/t`, '1.5', { qos: 1 })
      await publisher.publishAsync(`${clientId}/t`, '2.5', { qos: 1 })
      await waitFor(() => valuesOf(sink, `${clientId}/t`).length === 2, 'two values')
      expect(valuesOf(sink, `${clientId}/t`)).toEqual([1.5, 2.5])
    })
  })

  describe('broker with a password file', () => {
    let broker: Mosquitto
    beforeAll(async () => {
      broker = await Mosquitto.start({ users: { ops: 'right horse', viewer: 'other' } })
    })
    afterAll(async () => {
      await broker?.stop()
    })

    it('connects with the right password and receives values', async () => {
      const clientId = uniqueClientId('pw')
      const { sink } = startSource(
        telemetryConfig(broker.url, { clientId, username: 'ops', password: 'right horse' })
      )
      await waitSubscribed((t) => broker.logLines(t), sink, clientId)
      const publisher = await mqtt.connectAsync(broker.url, { username: 'viewer', password: 'other' })
      await publisher.publishAsync(`${clientId}/p`, '42', { qos: 1 })
      await publisher.endAsync()
      await waitFor(() => valuesOf(sink, `${clientId}/p`).length === 1, 'value')
      expect(valuesOf(sink, `${clientId}/p`)).toEqual([42])
    })

    it.each([4, 5] as const)(
      'refuses a wrong password (protocol %i) with a clear error and keeps retrying',
      async (version) => {
        const clientId = uniqueClientId('badpw')
        const refusedBefore = broker.logLines('disconnected, not authorised').length
        const { sink } = startSource(
          telemetryConfig(broker.url, {
            clientId,
            protocolVersion: version,
            username: 'ops',
            password: 'wrong',
            reconnect: { initialDelayMs: 20, maxDelayMs: 100 }
          })
        )
        await waitFor(
          () => sink.states.filter((s) => s === 'reconnecting').length >= 3,
          'three retries',
          10_000
        )
        expect(sink.states).not.toContain('open')
        expect(lastError(sink)).toMatch(/Connection refused: (Not authorized|Bad user ?name or password)/i)
        // Each retry really reached the broker and was refused there (it logs no client id then).
        await stopSources()
        const refused = broker.logLines('disconnected, not authorised').length - refusedBefore
        expect(refused).toBeGreaterThanOrEqual(3)
      }
    )

    it('refuses an anonymous client', async () => {
      const { sink } = startSource(telemetryConfig(broker.url))
      await waitFor(() => lastState(sink) === 'reconnecting', 'refused')
      expect(lastError(sink)).toMatch(/Not authorized/i)
    })

    it('takes credentials from the URL but never shows them in stats', async () => {
      const clientId = uniqueClientId('urlpw')
      const url = `mqtt://ops:right%20horse@127.0.0.1:${broker.port}`
      const engine = new Engine(
        { market: [], telemetry: [telemetryConfig(url, { clientId })] },
        { statsIntervalMs: 50 }
      )
      engine.start()
      try {
        await waitFor(() => engine.stats().sources[0]?.state === 'open', 'open with URL credentials', 10_000)
        const stats = engine.stats().sources[0]
        expect(stats.url).toBe(`mqtt://127.0.0.1:${broker.port}`)
        expect(JSON.stringify(stats)).not.toMatch(/horse|ops@/)
      } finally {
        await engine.stop()
      }
    })
  })
})
