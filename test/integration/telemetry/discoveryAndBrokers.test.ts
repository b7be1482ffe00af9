import { afterEach, describe, expect, it } from 'vitest'
import mqtt from 'mqtt'
import type { SourceStats } from '@shared/model'
import { Engine } from '../../../src/main/engine/engine'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'
import { telemetryConfig, uniqueClientId } from './telemetryFixture'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping MQTT discovery tests: ${unavailable}`)

const brokers: Mosquitto[] = []
let engine: Engine | null = null

afterEach(async () => {
  await engine?.stop()
  engine = null
  await Promise.all(brokers.splice(0).map((b) => b.stop()))
})

async function publishTo(broker: Mosquitto, messages: [string, string][]): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId('pub') })
  for (const [topic, payload] of messages) await client.publishAsync(topic, payload, { qos: 1 })
  await client.endAsync()
}

describe.skipIf(unavailable !== null)('wildcard discovery and several brokers at once', () => {
  it('discovers sensors through + and # on two brokers, each source with its own stats', async () => {
    const north = await Mosquitto.start()
    const south = await Mosquitto.start()
    brokers.push(north, south)
    const n = uniqueClientId('north')
    const s = uniqueClientId('south')
    engine = new Engine(
      {
        market: [],
        telemetry: [
          telemetryConfig(north.url, {
            id: 'north',
            clientId: n,
            subscriptions: [{ topic: `${n}/+/temp`, qos: 2 }]
          }),
          telemetryConfig(south.url, {
            id: 'south',
            clientId: s,
            subscriptions: [{ topic: `${s}/#`, qos: 0 }]
          })
        ]
      },
      { statsIntervalMs: 50 }
    )
    engine.start()
    const e = engine
    await waitFor(
      () =>
        north.logLines(`Sending SUBACK to ${n}`).length > 0 &&
        south.logLines(`Sending SUBACK to ${s}`).length > 0,
      'both subscribed',
      10_000
    )
    // Each filter was subscribed with its own QoS.
    expect(north.logLines(`${n}/+/temp (QoS 2)`)).toHaveLength(1)
    expect(south.logLines(`${s}/# (QoS 0)`)).toHaveLength(1)

    await publishTo(north, [
      [`${n}/boiler/temp`, '71.5'],
      [`${n}/boiler/pressure`, '3'], // not matched by +/temp
      [`${n}/pump/temp`, '40'],
      [`${n}/a/b/temp`, '1'] // + is one level only
    ])
    await publishTo(south, [
      [s, '5'], // # also matches its parent level
      [`${s}/deep/down/there`, '{"flow":{"rate":2.5,"max":9}}']
    ])
    const bySource = (): Record<string, SourceStats> =>
      Object.fromEntries(e.stats().sources.map((st) => [st.id, st]))
    await waitFor(() => bySource().north.messages === 2 && bySource().south.messages === 2, 'all messages')
    const keys = e
      .snapshot()
      .readings.map((r) => [r.key, r.value])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    expect(keys).toEqual(
      [
        [`north/${n}/boiler/temp`, 71.5],
        [`north/${n}/pump/temp`, 40],
        [`south/${s}`, 5],
        [`south/${s}/deep/down/there#flow.rate`, 2.5],
        [`south/${s}/deep/down/there#flow.max`, 9]
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    )
    expect(bySource().north).toMatchObject({ kind: 'telemetry', url: north.url, state: 'open' })
    expect(bySource().south).toMatchObject({ kind: 'telemetry', url: south.url, state: 'open' })

    // One broker going away affects only its own source.
    await south.stop()
    await waitFor(() => bySource().south.state === 'reconnecting', 'south reconnecting')
    expect(bySource().south.reconnects).toBeGreaterThanOrEqual(1)
    expect(bySource().north).toMatchObject({ state: 'open', reconnects: 0 })
  })
})
