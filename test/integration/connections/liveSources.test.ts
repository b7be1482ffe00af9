/**
 * Sources added, replaced and removed while the engine runs, against a real Mosquitto broker and
 * a real `ws` feed: the other source keeps its connection and its counters throughout.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { configSchema, telemetrySchema } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { FeedServer } from '../../harness/feedServer'
import { createMemoryViewLink, RecordingView } from '../../harness/memoryViewLink'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping live source tests: ${unavailable}`)

let broker: Mosquitto
let publisher: MqttClient
let feed: FeedServer
let pacer: NodeJS.Timeout | null = null
let engine: Engine | null = null

beforeAll(async () => {
  if (unavailable) return
  broker = await Mosquitto.start()
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'live-publisher' })
  feed = await FeedServer.start()
})
afterAll(async () => {
  if (unavailable) return
  await publisher.endAsync(true)
  await broker.stop()
  await feed.close()
})
afterEach(async () => {
  if (pacer) clearInterval(pacer)
  pacer = null
  await engine?.stop()
  engine = null
})

function startEngine(): { engine: Engine; view: RecordingView } {
  const config = configSchema.parse({
    market: [
      { id: 'desk', adapter: 'json', url: feed.url, symbols: ['AAPL'], mapping: { symbol: 's', price: 'p' } }
    ]
  })
  const e = new Engine(config, { statsIntervalMs: 100 })
  e.start()
  engine = e
  const { engineSide, viewSide } = createMemoryViewLink()
  e.attachView(engineSide)
  const view = new RecordingView(viewSide)
  view.link.send({ type: 'ready' })
  // A steady feed (timer paced, never a busy loop) whose counter must keep climbing.
  let price = 100
  pacer = setInterval(() => feed.send({ s: 'AAPL', p: (price += 0.01) }), 20)
  return { engine: e, view }
}

const desk = (e: Engine) => e.stats().sources.find((s) => s.id === 'desk')!

function plant(topic: string, extra: Record<string, unknown> = {}) {
  return telemetrySchema.parse({
    id: 'plant',
    url: broker.url,
    clientId: `live-${topic.replace(/\W/g, '-')}`,
    subscriptions: [{ topic: `${topic}/#`, qos: 1 }],
    sensors: [{ id: 'boiler', topic: `${topic}/boiler`, label: 'Boiler', warn: 80, alarm: 95 }],
    ...extra
  })
}

describe.skipIf(unavailable !== null)('live sources', () => {
  it('adds a broker, edits its subscription and removes it while the feed keeps its connection', async () => {
    const { engine: e, view } = startEngine()
    await waitFor(
      () => (desk(e).state === 'open' && desk(e).messages > 5 ? true : undefined),
      'the feed ticking'
    )
    const connectionsBefore = feed.connections

    // Add: its sensors appear (the configured one is expected before it reports).
    expect(await e.addSource({ kind: 'telemetry', config: plant('live-a') })).toBeNull()
    expect(await e.addSource({ kind: 'telemetry', config: plant('live-a') })).toBe(
      'there is already a source "plant"'
    )
    await waitFor(
      () => (e.stats().sources.find((s) => s.id === 'plant')?.state === 'open' ? true : undefined),
      'plant open'
    )
    const before = desk(e).messages
    await publisher.publishAsync('live-a/boiler', '97', { qos: 1 })
    await waitFor(
      () => e.snapshot().readings.find((r) => r.key === 'plant/boiler' && r.value === 97),
      'the reading'
    )
    await waitFor(() => (e.alarms.openAlarms().length === 2 ? true : undefined), 'two alarms')
    // Every view got a fresh hello with the new source.
    await waitFor(
      () => view.ofType('hello').find((h) => h.stats.sources.some((s) => s.id === 'plant')),
      'a resync'
    )

    // Edit: resubscribed to the new topic; the old one is no longer heard.
    expect(await e.replaceSource({ kind: 'telemetry', config: plant('live-b') })).toBeNull()
    await waitFor(
      () => (e.stats().sources.find((s) => s.id === 'plant')?.state === 'open' ? true : undefined),
      'reopened'
    )
    await publisher.publishAsync('live-a/boiler', '10', { qos: 1 })
    await publisher.publishAsync('live-b/boiler', '50', { qos: 1 })
    await waitFor(
      () => e.snapshot().readings.find((r) => r.key === 'plant/boiler' && r.value === 50),
      'the new topic'
    )
    expect(e.snapshot().readings.find((r) => r.key === 'plant/boiler')?.topic).toBe('live-b/boiler')
    // The alarms of the edited source were not lost: the reading cleared them, it did not drop them.
    await waitFor(
      () => (e.alarms.openAlarms().every((a) => a.state === 'cleared-unacked') ? true : undefined),
      'cleared'
    )

    // New settings without that sensor: its alarms could never clear now, so they close.
    expect(await e.replaceSource({ kind: 'telemetry', config: plant('live-b', { sensors: [] }) })).toBeNull()
    expect(e.alarms.openAlarms()).toEqual([])

    // Remove: gone from the snapshot and every view; its alarms closed with the reason.
    expect(await e.removeSource('plant', 'connection removed by the user')).toBeNull()
    expect(await e.removeSource('plant', 'again')).toBe('there is no source "plant"')
    expect(e.snapshot().readings).toEqual([])
    expect(e.stats().sources.map((s) => s.id)).toEqual(['desk'])
    expect(e.alarms.openAlarms()).toEqual([])
    expect(
      e.alarms
        .summary()
        .history.slice(0, 2)
        .map((a) => a.state)
    ).toEqual(['closed', 'closed'])
    await waitFor(
      () =>
        view
          .ofType('hello')
          .find(
            (h) =>
              !h.stats.sources.some((s) => s.id === 'plant') &&
              h.snapshot.readings.length === 0 &&
              view.ofType('hello').indexOf(h) > 1
          ),
      'a resync without the source'
    )
    // Late messages on the removed source's topics change nothing.
    await publisher.publishAsync('live-b/boiler', '99', { qos: 1 })

    // The feed never reconnected and never stopped counting.
    await waitFor(() => (desk(e).messages > before + 20 ? true : undefined), 'the feed still counting')
    expect(feed.connections).toBe(connectionsBefore)
    expect(desk(e).reconnects).toBe(0)
    expect(e.snapshot().readings).toEqual([])
  })

  it('applies a replaced market feed live: new symbols subscribed, the broker untouched', async () => {
    const { engine: e } = startEngine()
    expect(await e.addSource({ kind: 'telemetry', config: plant('live-c') })).toBeNull()
    await waitFor(() => (e.stats().sources.every((s) => s.state === 'open') ? true : undefined), 'both open')
    const received = feed.received.length
    const market = configSchema.parse({
      market: [
        {
          id: 'desk',
          adapter: 'json',
          url: feed.url,
          symbols: ['AAPL', 'MSFT'],
          mapping: { symbol: 's', price: 'p' },
          subscribe: { op: 'sub', symbols: '{{symbols}}' }
        }
      ]
    }).market[0]
    expect(await e.replaceSource({ kind: 'market', config: market })).toBeNull()
    await waitFor(() => feed.received.slice(received).find((t) => t.includes('"MSFT"')), 'the new subscribe')
    expect(e.watchlists().find((w) => w.source === 'desk')?.symbols).toEqual(['AAPL', 'MSFT'])

    // An alert added, then dropped by new settings: its alarm closes rather than standing forever.
    expect(
      await e.replaceSource({
        kind: 'market',
        config: { ...market, alerts: [{ symbol: 'AAPL', above: 50 }] }
      })
    ).toBeNull()
    await waitFor(
      () => (e.alarms.openAlarms().some((a) => a.key === 'desk/AAPL') ? true : undefined),
      'a price alarm'
    )
    expect(await e.replaceSource({ kind: 'market', config: market })).toBeNull()
    expect(e.alarms.openAlarms().filter((a) => a.key === 'desk/AAPL')).toEqual([])
    expect(e.stats().sources.find((s) => s.id === 'plant')?.reconnects).toBe(0)
  })
})
