/**
 * The broker ACL the README tells a site to use (examples/fanout/tickwire.acl, read as shipped)
 * on a real Mosquitto with one user per machine: the collector's prices reach a desk; a desk that
 * publishes a made-up price on the market-data topics is refused by the broker, so no other desk
 * ever shows it; and a desk reads market data and nothing else (a plant user's topic, readable
 * by the plant's own reader, never reaches it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRuntime, type Runtime } from '../../../src/main/runtime/runtime'
import { FeedServer } from '../../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
const ACL = readFileSync(resolve(__dirname, '../../../examples/fanout/tickwire.acl'), 'utf8').split('\n')
/** A site's other users, added for the test: a plant's publisher and its own reader. */
const PLANT = ['user plant-writer', 'topic write plant/#', 'user plant-reader', 'topic read plant/#']

let dir: string
let broker: Mosquitto
let feed: FeedServer
let collector: Runtime
let desk: Runtime

async function runtimeOf(name: string, config: unknown): Promise<Runtime> {
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(config))
  return startRuntime({ configFile: file, demo: false, stateDir: null, reportProblem: () => {} })
}

beforeAll(async () => {
  if (unavailable !== null) return
  dir = mkdtempSync(join(tmpdir(), 'tickwire-acl-'))
  broker = await Mosquitto.start({
    users: {
      collector: 'c-pw',
      'desk-07': 'd7-pw',
      'desk-08': 'd8-pw',
      'plant-writer': 'pw',
      'plant-reader': 'pr'
    },
    acl: [...ACL, ...PLANT]
  })
  feed = await FeedServer.start()
  collector = await runtimeOf('collector', {
    market: [
      {
        id: 'desk',
        adapter: 'json',
        url: feed.url,
        mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', time: 'E' }
      }
    ],
    republish: { url: broker.url, username: 'collector', password: 'c-pw', prefix: 'md/eu', retain: true }
  })
  desk = await runtimeOf('desk-08', {
    market: [
      {
        id: 'desk',
        adapter: 'tickwire',
        url: broker.url,
        username: 'desk-08',
        password: 'd8-pw',
        prefix: 'md/eu'
      }
    ]
  })
  await waitFor(() => desk.engine.stats().sources[0]?.state === 'open', 'the desk open', 10_000)
  await waitFor(() => feed.openClients === 1, 'the collector’s feed')
}, 30_000)

afterAll(async () => {
  await desk?.stop()
  await collector?.stop()
  await feed?.close()
  await broker?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const last = (r: Runtime, symbol: string) =>
  r.engine.snapshot().tickers.find((t) => t.symbol === symbol)?.last

describe.skipIf(unavailable !== null)('the site ACL from the README', () => {
  it('carries the collector’s prices to a desk, and refuses a desk’s made-up price', async () => {
    feed.send({ s: 'AAPL', p: 190.25, b: 190.2, a: 190.3, E: Date.now() })
    await waitFor(() => last(desk, 'AAPL') === 190.25, 'the collector’s price on the desk')

    const rogue = await mqtt.connectAsync(broker.url, {
      username: 'desk-07',
      password: 'd7-pw',
      protocolVersion: 5
    })
    try {
      const fake = JSON.stringify({ v: 1, sym: 'AAPL', last: 1, rt: Date.now() })
      // MQTT 5 says why: the broker answers the QoS 1 publish "not authorized" (135).
      const answer = await rogue.publishAsync('md/eu/desk/AAPL', fake, { qos: 1 }).then(
        (packet) => (packet as { reasonCode?: number } | undefined)?.reasonCode ?? 0,
        (err: Error & { code?: number }) => err.code ?? -1
      )
      expect(answer).toBe(135)
    } finally {
      await rogue.endAsync()
    }
    feed.send({ s: 'AAPL', p: 191, b: 190.9, a: 191.1, E: Date.now() })
    await waitFor(() => last(desk, 'AAPL') === 191, 'the next real price')
    expect(desk.engine.stats().sources[0].malformed).toBe(0)
  })

  it('lets a desk read market data and nothing else', async () => {
    const reader = await mqtt.connectAsync(broker.url, {
      username: 'desk-07',
      password: 'd7-pw',
      protocolVersion: 5
    })
    const plantReader = await mqtt.connectAsync(broker.url, { username: 'plant-reader', password: 'pr' })
    const seen: string[] = []
    const plantSeen: string[] = []
    reader.on('message', (topic) => seen.push(topic))
    plantReader.on('message', (topic) => plantSeen.push(topic))
    try {
      await reader.subscribeAsync('#', { qos: 0 })
      await plantReader.subscribeAsync('plant/#', { qos: 0 })
      await waitFor(() => seen.some((t) => t.startsWith('md/eu/')), 'market data, retained')
      const writer = await mqtt.connectAsync(broker.url, { username: 'plant-writer', password: 'pw' })
      await writer.publishAsync('plant/secret', 'x', { qos: 1 })
      await writer.endAsync()
      // The message exists: the plant's reader gets it. The desk does not.
      await waitFor(() => plantSeen.includes('plant/secret'), 'the plant reader’s message')
      await new Promise((r) => setTimeout(r, 200))
      expect(seen.filter((t) => !t.startsWith('md/'))).toEqual([])
    } finally {
      await reader.endAsync()
      await plantReader.endAsync()
    }
  })
})
