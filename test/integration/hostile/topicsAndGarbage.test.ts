/**
 * Issue 7, input 7 and "garbage, then valid data": PUBLISH packets whose topic no broker should
 * have delivered (invalid UTF-8, NUL, wildcards, outside every subscription), over MQTT 3.1.1 and
 * MQTT 5 from a fake broker, and garbage from a market feed. Each is exactly one malformed
 * message, none becomes a sensor or ticker, and the valid data that follows is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeMqttBroker } from '../../harness/fakeMqttBroker'
import { HostileFeedServer } from '../../harness/hostileFeedServer'
import { FAST_RECONNECT, jsonFeed, readingKeys, tickerKeys, WARM_UP_TICKS } from './support/sources'
import { hostileUnavailable, Tickwire } from './support/tickwire'

const unavailable = hostileUnavailable()
if (unavailable !== null) console.log(`skipping the hostile-upstream suite: ${unavailable}`)

let feed: HostileFeedServer
const brokers = new Map<4 | 5, FakeMqttBroker>()
let tickwire: Tickwire | null = null
let sentinel = 0

const sourceOf = (version: 4 | 5): string => `mqtt${version}`

/** A valid reading after hostile input, waited for: everything before it was handled. */
async function mqttSentinel(version: 4 | 5): Promise<void> {
  const value = ++sentinel
  await brokers.get(version)!.current!.publish('plant/sentinel', String(value))
  await tickwire!.untilSnapshot(
    (s) =>
      s.readings.some(
        (r) => r.source === sourceOf(version) && r.topic === 'plant/sentinel' && r.value === value
      )
        ? true
        : undefined,
    `${sourceOf(version)}: plant/sentinel = ${value}`
  )
}

describe.skipIf(unavailable !== null)('hostile topics and garbage from the wire', () => {
  beforeAll(async () => {
    feed = await HostileFeedServer.start()
    for (const version of [4, 5] as const) brokers.set(version, await FakeMqttBroker.start())
    tickwire = await Tickwire.start({
      market: [jsonFeed(feed.url)],
      telemetry: ([4, 5] as const).map((version) => ({
        id: sourceOf(version),
        url: brokers.get(version)!.url,
        protocolVersion: version,
        subscriptions: [{ topic: 'plant/#' }],
        reconnect: FAST_RECONNECT
      }))
    })
    const connection = await feed.connection(1)
    await feed.sendAll(connection, WARM_UP_TICKS)
    for (const version of [4, 5] as const) {
      const mqtt = await brokers.get(version)!.subscribed(1)
      for (let i = 0; i < 50; i++) await mqtt.publish(`plant/warm/${i % 5}`, String(i))
      await mqttSentinel(version)
    }
    await tickwire.setBaseline()
  })

  afterAll(async () => {
    await tickwire?.stop()
    await feed?.close()
    for (const broker of brokers.values()) await broker.close()
  })

  const hostileTopics: [string, Buffer][] = [
    ['invalid UTF-8 (0xC3 0x28)', Buffer.concat([Buffer.from('plant/'), Buffer.from([0xc3, 0x28])])],
    ['a NUL', Buffer.from('plant/a\u0000b')],
    ['a "+" wildcard', Buffer.from('plant/+/temp')],
    ['a "#" wildcard', Buffer.from('plant/#')],
    ['a "#" inside a level', Buffer.from('plant/a#b')],
    ['no matching subscription (other/x under plant/#)', Buffer.from('other/x')]
  ]

  describe.each([4, 5] as const)('MQTT %s', (version) => {
    it.each(hostileTopics)(
      'a PUBLISH whose topic has %s is one malformed message, no sensor',
      async (_what, topic) => {
        const tw = tickwire!
        const source = sourceOf(version)
        const before = await tw.source(source)
        const readingsBefore = readingKeys(await tw.snapshot())
        expect(await brokers.get(version)!.current!.publish(topic, '21.5')).toBe(true)
        await mqttSentinel(version)

        const after = await tw.source(source)
        expect(after.malformed - before.malformed).toBe(1)
        expect(after.reconnects).toBe(before.reconnects)
        expect(after.lastMalformed).not.toBeNull()
        expect(readingKeys(await tw.snapshot())).toEqual(readingsBefore)
        await tw.expectRecovered()
      }
    )

    it('broken payloads, then valid data: counted, and the valid value shows', async () => {
      const tw = tickwire!
      const source = sourceOf(version)
      const before = await tw.source(source)
      const mqtt = brokers.get(version)!.current!
      const garbage = ['{"value": 1', '', '   ', '[1, 2', '{"a": 1e999}']
      for (const payload of garbage) await mqtt.publish('plant/garbage', payload)
      await mqtt.publish('plant/valid', '{"value": 12.5}')
      await tw.untilSnapshot(
        (s) =>
          s.readings.some((r) => r.source === source && r.topic === 'plant/valid' && r.value === 12.5)
            ? true
            : undefined,
        `${source}: plant/valid = 12.5`
      )
      const after = await tw.source(source)
      expect(after.malformed - before.malformed).toBe(garbage.length)
      expect(after.reconnects).toBe(before.reconnects)
      expect((await tw.snapshot()).readings.some((r) => r.topic === 'plant/garbage')).toBe(false)
      await tw.expectRecovered()
    })
  })

  it('market feed: garbage, then valid data: counted, and the valid value shows', async () => {
    const tw = tickwire!
    const connection = feed.current!
    const before = await tw.source('desk')
    const tickersBefore = tickerKeys(await tw.snapshot())
    const garbage = ['}{', 'null', '[]', '{"s":"G1","p":"abc"}', '{"p":5}', '{"s":"G2","p":1e999}', '{"s":']
    await feed.sendAll(connection, garbage)
    await new Promise<void>((resolve, reject) =>
      connection.ws.send(Buffer.from([1, 2, 3]), { binary: true }, (err) => (err ? reject(err) : resolve()))
    )
    await feed.sendAll(connection, [JSON.stringify({ s: 'VALID', p: 99.5 })])
    await tw.untilSnapshot(
      (s) => (s.tickers.some((t) => t.key === 'desk/VALID' && t.last === 99.5) ? true : undefined),
      'desk/VALID = 99.5'
    )
    const after = await tw.source('desk')
    expect(after.malformed - before.malformed).toBe(garbage.length + 1)
    expect(after.messages - before.messages).toBe(garbage.length + 2)
    expect(after.reconnects).toBe(before.reconnects)
    expect(tickerKeys(await tw.snapshot())).toEqual([...tickersBefore, 'desk/VALID'].sort())
    await tw.expectRecovered()
  })
})
