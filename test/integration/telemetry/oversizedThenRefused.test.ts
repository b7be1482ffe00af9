import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FakeMqttBroker } from '../../harness/fakeMqttBroker'
import { waitFor } from '../../harness/waitFor'
import { lastError, startSource, stopSources, telemetryConfig } from './telemetryFixture'

/**
 * After a connection is dropped for an oversized packet, only that connection's leftovers are
 * ignored: what the broker says on the next connections (here: "not authorized") is shown.
 */
let broker: FakeMqttBroker
beforeAll(async () => {
  broker = await FakeMqttBroker.start()
})
afterAll(() => broker.close())
afterEach(stopSources)

describe('errors after an oversized packet', () => {
  it('are shown again on the next connection, not swallowed', async () => {
    const { sink } = startSource(
      telemetryConfig(broker.url, { protocolVersion: 4, subscriptions: [{ topic: 'plant/#', qos: 0 }] })
    )
    const connection = await broker.subscribed(1)
    broker.connackCode = 5
    await connection.streamPublish({ topic: 'plant/huge', remainingLength: 10 * 1024 * 1024 })
    await waitFor(() => sink.malformedReasons.length === 1, 'the oversized packet counted')
    await waitFor(() => broker.connects >= 3, 'two refused reconnects')
    await waitFor(() => /Not authorized|not authorized/i.test(lastError(sink) ?? ''), 'the refusal shown')
    expect(sink.malformedReasons).toHaveLength(1)
  })
})
