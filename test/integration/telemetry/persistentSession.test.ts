import { afterEach, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'
import { TcpRelay } from './tcpRelay'
import {
  lastState,
  startSource,
  stopSources,
  telemetryConfig,
  uniqueClientId,
  valuesOf,
  waitSubscribed
} from './telemetryFixture'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping MQTT persistent session tests: ${unavailable}`)

let broker: Mosquitto | null = null
let relay: TcpRelay | null = null
let publisher: MqttClient | null = null

afterEach(async () => {
  await stopSources()
  await publisher?.endAsync(true)
  await relay?.stop()
  await broker?.stop()
  publisher = null
  relay = null
  broker = null
})

/** A broker, a relay in front of it for the source, and a second client that publishes directly. */
async function setUp(persistence: boolean): Promise<{ b: Mosquitto; r: TcpRelay; pub: MqttClient }> {
  broker = await Mosquitto.start({ persistence })
  relay = await TcpRelay.start(broker.port)
  publisher = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId('pub'), reconnectPeriod: 100 })
  return { b: broker, r: relay, pub: publisher }
}

describe.skipIf(unavailable !== null)('persistent MQTT sessions with QoS 1', () => {
  it.for([4, 5] as const)(
    'delivers what was published while Tickwire was away, across a broker restart, exactly once (protocol %i)',
    async (version) => {
      const { b, r, pub } = await setUp(true)
      const clientId = uniqueClientId(`persist${version}`)
      const topic = `${clientId}/level`
      // MQTT 5 without sessionExpirySec: clean false alone must keep the session (never expires).
      const { sink } = startSource(
        telemetryConfig(r.url(), { clientId, protocolVersion: version, clean: false })
      )
      await waitSubscribed((t) => b.logLines(t), sink, clientId)
      for (const v of ['1', '2']) await pub.publishAsync(topic, v, { qos: 1 })
      await waitFor(() => valuesOf(sink, topic).length === 2, 'first two values')

      // Tickwire loses its connection and cannot come back for a while.
      r.block()
      r.cut()
      await waitFor(() => lastState(sink) === 'reconnecting', 'source reconnecting')
      for (const v of ['3', '4']) await pub.publishAsync(topic, v, { qos: 1 })
      await b.restart()
      await waitFor(() => pub.connected, 'publisher back after restart', 10_000)
      for (const v of ['5', '6']) await pub.publishAsync(topic, v, { qos: 1 })
      expect(valuesOf(sink, topic)).toEqual([1, 2])

      r.unblock()
      await waitFor(() => valuesOf(sink, topic).length >= 6, 'queued values delivered', 10_000)
      await pub.publishAsync(topic, '7', { qos: 1 })
      // Anything delivered twice would arrive before 7 (one session delivers in order).
      await waitFor(() => valuesOf(sink, topic).includes(7), 'live value after reconnect')
      expect(valuesOf(sink, topic)).toEqual([1, 2, 3, 4, 5, 6, 7])
      // The restarted broker resumed the session (CONNACK session-present 1) …
      expect(b.logLines(`Sending CONNACK to ${clientId} (1, 0)`).length).toBeGreaterThanOrEqual(1)
      // … so the source did not subscribe again: one SUBACK in the whole test.
      expect(b.logLines(`Sending SUBACK to ${clientId}`)).toHaveLength(1)
    }
  )

  it.for([4, 5] as const)(
    'drops the broker resending (DUP) a QoS 1 message whose PUBACK was lost (protocol %i)',
    async (version) => {
      const { b, r, pub } = await setUp(false)
      const clientId = uniqueClientId(`dup${version}`)
      const topic = `${clientId}/flow`
      const { source, sink } = startSource(
        telemetryConfig(r.url(), { clientId, protocolVersion: version, clean: false, sessionExpirySec: 300 })
      )
      await waitSubscribed((t) => b.logLines(t), sink, clientId)
      await pub.publishAsync(topic, '10', { qos: 1 })
      await waitFor(() => valuesOf(sink, topic).length === 1, 'first value')

      // The source takes 11 but its PUBACK never reaches the broker; then the link dies.
      r.stallUpstream()
      await pub.publishAsync(topic, '11', { qos: 1 })
      await waitFor(() => valuesOf(sink, topic).length === 2, 'second value')
      r.cut()
      // On the resumed session the broker sends 11 again, flagged DUP (d1).
      await waitFor(
        () => b.logLines(`Sending PUBLISH to ${clientId} (d1, q1`).length > 0,
        'DUP resend',
        10_000
      )
      await pub.publishAsync(topic, '12', { qos: 1 })
      await waitFor(() => valuesOf(sink, topic).includes(12), 'value after the resend')
      expect(valuesOf(sink, topic)).toEqual([10, 11, 12])
      // Every resend the broker made (once, or again after a second reconnect on a loaded
      // machine) is dropped, and only those: the values above arrived exactly once.
      const resends = b.logLines(`Sending PUBLISH to ${clientId} (d1, q1`).length
      expect(resends).toBeGreaterThanOrEqual(1)
      expect(source.redeliveriesDropped).toBe(resends)
      expect(sink.messages).toBe(3)
    }
  )

  it('a clean session does not get what was published while it was away', async () => {
    const { b, r, pub } = await setUp(false)
    const clientId = uniqueClientId('clean')
    const topic = `${clientId}/x`
    const { sink } = startSource(telemetryConfig(r.url(), { clientId, clean: true }))
    await waitSubscribed((t) => b.logLines(t), sink, clientId)
    r.block()
    r.cut()
    await waitFor(() => lastState(sink) === 'reconnecting', 'source reconnecting')
    await pub.publishAsync(topic, '1', { qos: 1 })
    r.unblock()
    // A clean start has no subscriptions: the source subscribes again (a second SUBACK).
    await waitSubscribed((t) => b.logLines(t), sink, clientId, 2)
    await pub.publishAsync(topic, '2', { qos: 1 })
    await waitFor(() => valuesOf(sink, topic).length > 0, 'live value')
    expect(valuesOf(sink, topic)).toEqual([2])
  })
})
