/**
 * Issue 7, input 3: messages too large to read. A feed announces 250 MB text frames and a broker
 * declares a 268 MB PUBLISH; a real Tickwire browser-mode process must drop the connection as
 * soon as the header says more than `maxMessageBytes`, count it, reconnect, and never come near
 * holding the payload (peak RSS within 50 MB of the baseline). Neither side here holds the
 * payload either: the filler is streamed in 256 kB chunks on timers until the peer hangs up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SourceStats } from '@shared/model'
import {
  FakeMqttBroker,
  MAX_REMAINING_LENGTH,
  MAXIMUM_PACKET_SIZE,
  type FakeMqttConnection
} from '../../harness/fakeMqttBroker'
import { HostileFeedServer } from '../../harness/hostileFeedServer'
import { FAST_RECONNECT, jsonFeed, WARM_UP_TICKS } from './support/sources'
import { hostileUnavailable, Tickwire } from './support/tickwire'

const unavailable = hostileUnavailable()
if (unavailable !== null) console.log(`skipping the hostile-upstream suite: ${unavailable}`)

const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024
/** What the issue gives: 250 MB text frames, three of them. */
const FRAME_BYTES = 250_000_000
const FRAMES = 3

/** The reason shown for a connection dropped for size names the limit. */
function mentionsLimit(s: SourceStats): boolean {
  return /maxMessageBytes/.test(`${s.lastMalformed ?? ''} ${s.lastError ?? ''}`)
}

const telemetryEntry = (id: string, url: string, protocolVersion: 4 | 5, extra: object = {}) => ({
  id,
  url,
  protocolVersion,
  subscriptions: [{ topic: 'plant/#' }],
  reconnect: FAST_RECONNECT,
  ...extra
})

/**
 * Declares a 268 MB PUBLISH on the subscribed connection `connection`, then checks the engine hung
 * up early, counted one malformed message naming maxMessageBytes, reconnected once (a new CONNECT
 * at the broker), and takes valid data on the new connection.
 */
async function expectOversizedPublishRefused(
  tw: Tickwire,
  broker: FakeMqttBroker,
  sourceId: string,
  connection: FakeMqttConnection
): Promise<FakeMqttConnection> {
  const before = await tw.source(sourceId)
  const connectsBefore = broker.connects
  tw.watch.resetPeak()
  const streamed = await connection.streamPublish({
    topic: 'plant/huge',
    remainingLength: MAX_REMAINING_LENGTH
  })
  expect(streamed.closedByPeer, `the engine read all ${streamed.written} bytes without hanging up`).toBe(true)
  tw.expectAlive()

  const next = await broker.subscribed(connectsBefore + 1)
  expect(broker.connects).toBe(connectsBefore + 1)
  await next.publish('plant/after', '42')
  await tw.untilSnapshot(
    (s) =>
      s.readings.some((r) => r.source === sourceId && r.topic === 'plant/after' && r.value === 42)
        ? true
        : undefined,
    `${sourceId}: plant/after = 42 after the reconnect`
  )
  const after = await tw.source(sourceId)
  expect(after.malformed - before.malformed).toBe(1)
  expect(after.reconnects - before.reconnects).toBe(1)
  expect(mentionsLimit(after), `lastMalformed/lastError: ${after.lastMalformed} / ${after.lastError}`).toBe(
    true
  )
  tw.expectPeakWithinMargin(`the ${MAX_REMAINING_LENGTH}-byte PUBLISH`)
  await tw.expectRecovered()
  return next
}

describe.skipIf(unavailable !== null)('oversized messages, default limits (market feed, MQTT 3.1.1)', () => {
  let feed: HostileFeedServer
  let broker: FakeMqttBroker
  let tickwire: Tickwire | null = null

  beforeAll(async () => {
    feed = await HostileFeedServer.start()
    broker = await FakeMqttBroker.start()
    tickwire = await Tickwire.start({
      market: [jsonFeed(feed.url)],
      telemetry: [telemetryEntry('v4', broker.url, 4)]
    })
    const connection = await feed.connection(1)
    await feed.sendAll(connection, WARM_UP_TICKS)
    const mqtt = await broker.subscribed(1)
    for (let i = 0; i < 50; i++) await mqtt.publish(`plant/warm/${i % 5}`, String(i))
    await tickwire.untilSnapshot(
      (s) =>
        s.tickers.some((t) => t.key === 'desk/WARM4' && t.last === 149) &&
        s.readings.some((r) => r.topic === 'plant/warm/4' && r.value === 49)
          ? true
          : undefined,
      'the warm-up values'
    )
    await tickwire.setBaseline()
  })

  afterAll(async () => {
    await tickwire?.stop()
    await feed?.close()
    await broker?.close()
  })

  it(`drops the connection at the header of each of ${FRAMES} text frames announcing ${FRAME_BYTES} bytes`, async () => {
    const tw = tickwire!
    const before = await tw.source('desk')
    const first = feed.connections.length
    for (let k = 0; k < FRAMES; k++) {
      const connection = await feed.connection(first + k)
      tw.watch.resetPeak()
      const streamed = await feed.streamOversizedFrame(connection, FRAME_BYTES)
      expect(streamed.closedByPeer, `frame ${k + 1}: the engine read all ${streamed.written} bytes`).toBe(
        true
      )
      tw.expectPeakWithinMargin(`frame ${k + 1} of ${FRAME_BYTES} bytes`)
      tw.expectAlive()
    }
    // Connection FRAMES + 1 is served normally.
    const good = await feed.connection(first + FRAMES)
    await feed.sendAll(good, [JSON.stringify({ s: 'AFTER', p: 7 })])
    await tw.untilSnapshot(
      (s) => (s.tickers.some((t) => t.key === 'desk/AFTER' && t.last === 7) ? true : undefined),
      'desk/AFTER = 7 after the reconnects'
    )
    const after = await tw.source('desk')
    expect(after.malformed - before.malformed).toBe(FRAMES)
    expect(after.reconnects - before.reconnects).toBe(FRAMES)
    expect(after.state).toBe('open')
    expect(mentionsLimit(after), `lastMalformed/lastError: ${after.lastMalformed} / ${after.lastError}`).toBe(
      true
    )
    await tw.expectRecovered()
  }, 90_000)

  it(`MQTT 3.1.1: drops the connection at a PUBLISH header declaring ${MAX_REMAINING_LENGTH} bytes`, async () => {
    const next = await expectOversizedPublishRefused(tickwire!, broker, 'v4', broker.current!)
    // Each new connection is guarded again (the stream is a new one after every reconnect).
    await expectOversizedPublishRefused(tickwire!, broker, 'v4', next)
  }, 90_000)
})

describe.skipIf(unavailable !== null)('oversized messages, MQTT 5 with maxMessageBytes', () => {
  const CONFIGURED = 2 * 1024 * 1024
  let broker: FakeMqttBroker
  let defaults: FakeMqttBroker
  let tickwire: Tickwire | null = null

  beforeAll(async () => {
    broker = await FakeMqttBroker.start()
    defaults = await FakeMqttBroker.start()
    tickwire = await Tickwire.start({
      telemetry: [
        telemetryEntry('v5', broker.url, 5, { maxMessageBytes: CONFIGURED }),
        telemetryEntry('v5default', defaults.url, 5)
      ]
    })
    const mqtt = await broker.subscribed(1)
    for (let i = 0; i < 50; i++) await mqtt.publish(`plant/warm/${i % 5}`, String(i))
    await tickwire.untilSnapshot(
      (s) => (s.readings.some((r) => r.topic === 'plant/warm/4' && r.value === 49) ? true : undefined),
      'the warm-up values'
    )
    await tickwire.setBaseline()
  })

  afterAll(async () => {
    await tickwire?.stop()
    await broker?.close()
    await defaults?.close()
  })

  it('announces maxMessageBytes as the CONNECT’s Maximum Packet Size (0x27), configured or default', async () => {
    const configured = await broker.subscribed(1)
    expect(configured.connect?.protocolVersion).toBe(5)
    expect(configured.connect?.properties.get(MAXIMUM_PACKET_SIZE)).toBe(CONFIGURED)
    const byDefault = await defaults.subscribed(1)
    expect(byDefault.connect?.properties.get(MAXIMUM_PACKET_SIZE)).toBe(DEFAULT_MAX_MESSAGE_BYTES)
  })

  it(`MQTT 5: drops the connection at a PUBLISH header declaring ${MAX_REMAINING_LENGTH} bytes, and announces the limit again`, async () => {
    const next = await expectOversizedPublishRefused(tickwire!, broker, 'v5', broker.current!)
    expect(next.connect?.properties.get(MAXIMUM_PACKET_SIZE)).toBe(CONFIGURED)
  }, 60_000)
})
