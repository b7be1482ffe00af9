import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'
import { TcpRelay } from './tcpRelay'
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
if (unavailable) console.warn(`Skipping MQTT will and health tests: ${unavailable}`)

let broker: Mosquitto
let relay: TcpRelay
let watcher: MqttClient
/** Will messages the watcher saw, as `topic=payload`. */
const wills: string[] = []

beforeAll(async () => {
  if (unavailable) return
  broker = await Mosquitto.start()
  relay = await TcpRelay.start(broker.port)
  watcher = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId('watch') })
  await watcher.subscribeAsync('wills/#', { qos: 1 })
  watcher.on('message', (topic, payload) => wills.push(`${topic}=${payload.toString()}`))
})
afterAll(async () => {
  if (unavailable) return
  await watcher?.endAsync()
  await relay?.stop()
  await broker?.stop()
})
afterEach(async () => {
  await stopSources()
  relay?.unblock()
})

describe.skipIf(unavailable !== null)('last will', () => {
  it.for([4, 5] as const)('is published when the connection dies abruptly (protocol %i)', async (version) => {
    const clientId = uniqueClientId(`will${version}`)
    const { sink } = startSource(
      telemetryConfig(relay.url(), {
        clientId,
        protocolVersion: version,
        will: { topic: `wills/${clientId}`, payload: 'tickwire gone', qos: 1, retain: false }
      })
    )
    await waitSubscribed((t) => broker.logLines(t), sink, clientId)
    expect(wills).not.toContain(`wills/${clientId}=tickwire gone`)
    relay.cut()
    await waitFor(() => wills.includes(`wills/${clientId}=tickwire gone`), 'will message', 10_000)
  })

  it('is not published on a clean stop', async () => {
    const clientId = uniqueClientId('nowill')
    const { source, sink } = startSource(
      telemetryConfig(relay.url(), {
        clientId,
        will: { topic: `wills/${clientId}`, payload: 'gone', qos: 1, retain: false }
      })
    )
    await waitSubscribed((t) => broker.logLines(t), sink, clientId)
    await source.stop()
    await waitFor(() => broker.logLines(`Client ${clientId} disconnected`).length > 0, 'clean disconnect')
    // A marker published after the stop arrives after any will would have: the will is absent.
    await watcher.publishAsync('wills/marker', clientId, { qos: 1 })
    await waitFor(() => wills.includes(`wills/marker=${clientId}`), 'marker')
    expect(wills.filter((w) => w.startsWith(`wills/${clientId}=`))).toEqual([])
  })
})

describe.skipIf(unavailable !== null)('checkHealth after a machine sleep', () => {
  it('pings a live connection and keeps it', async () => {
    const clientId = uniqueClientId('health')
    const { source, sink } = startSource(telemetryConfig(relay.url(), { clientId }), { healthCheckMs: 300 })
    await waitSubscribed((t) => broker.logLines(t), sink, clientId)
    const reconnectsBefore = sink.states.filter((s) => s === 'reconnecting').length
    source.checkHealth()
    await waitFor(
      () => broker.logLines(`Received PINGREQ from ${clientId}`).length > 0,
      'PINGREQ at the broker'
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(sink.states.filter((s) => s === 'reconnecting').length).toBe(reconnectsBefore)
    expect(lastState(sink)).toBe('open')
  })

  it('reconnects when a half-open connection does not answer the ping', async () => {
    const clientId = uniqueClientId('halfopen')
    const topic = `${clientId}/t`
    const { source, sink } = startSource(telemetryConfig(relay.url(), { clientId }), { healthCheckMs: 300 })
    await waitSubscribed((t) => broker.logLines(t), sink, clientId)
    relay.stallBoth()
    source.checkHealth()
    // It reconnects at once (no backoff after a failed health check), so look for the transition.
    await waitFor(() => sink.states.includes('reconnecting'), 'reconnecting after an unanswered ping')
    expect(lastError(sink)).toMatch(/no answer to a ping/)
    await waitFor(() => lastState(sink) === 'open', 'open again')
    await waitSubscribed((t) => broker.logLines(t), sink, clientId, 2)
    await watcher.publishAsync(topic, '5', { qos: 1 })
    await waitFor(() => valuesOf(sink, topic).length === 1, 'value on the new connection')
  })

  it('cuts a long backoff short and connects at once', async () => {
    const clientId = uniqueClientId('wake')
    relay.block()
    const { source, sink } = startSource(
      telemetryConfig(relay.url(), { clientId, reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } })
    )
    await waitFor(() => lastState(sink) === 'reconnecting', 'waiting out a one-minute backoff')
    relay.unblock()
    source.checkHealth()
    await waitSubscribed((t) => broker.logLines(t), sink, clientId)
  })
})
