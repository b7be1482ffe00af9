/**
 * A broker that refuses some of a desk's subscriptions (as EMQX or HiveMQ do for a topic their
 * ACL denies; Mosquitto instead grants and delivers nothing): the watchlist shows that symbol
 * rejected, naming the reason, and the others subscribed; the chip names the refused topic; a
 * later watchlist change asks again. MQTT 3.1.1 and 5.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { configSchema } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { FakeMqttBroker } from '../../harness/fakeMqttBroker'
import { waitFor } from '../../harness/waitFor'

let broker: FakeMqttBroker | null = null
let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  await broker?.close()
  engine = null
  broker = null
})

describe.each([4, 5] as const)('MQTT protocol %i', (protocolVersion) => {
  it('shows the refused symbol rejected and the granted ones subscribed', async () => {
    broker = await FakeMqttBroker.start()
    broker.refusedFilters.add('md/kraken/SOL')
    engine = new Engine(
      configSchema.parse({
        market: [
          {
            id: 'kraken',
            adapter: 'tickwire',
            url: broker.url,
            protocolVersion,
            prefix: 'md',
            symbols: ['BTC', 'SOL', 'ETH']
          }
        ]
      }),
      { statsIntervalMs: 100 }
    )
    engine.start()
    const statuses = () => engine?.watchlists()[0].statuses ?? {}
    await waitFor(() => Object.keys(statuses()).length === 3, 'a verdict for every symbol')
    expect(statuses()).toEqual({
      BTC: { status: 'subscribed', detail: null },
      SOL: { status: 'rejected', detail: 'the broker refused the subscription (its ACL)' },
      ETH: { status: 'subscribed', detail: null }
    })
    const source = engine.stats().sources[0]
    expect(source.state).toBe('open')
    expect(source.lastError).toBe('broker refused subscription to md/kraken/SOL')

    // Granted now: a watchlist change asks again for what was refused.
    broker.refusedFilters.clear()
    expect(engine.setWatchlist('kraken', ['BTC', 'SOL'])).toBeNull()
    await waitFor(() => statuses().SOL?.status === 'subscribed', 'SOL asked again and granted')
    expect(broker.connections.at(-1)?.subscriptions.filter((f) => f === 'md/kraken/SOL')).toHaveLength(2)
  })
})
