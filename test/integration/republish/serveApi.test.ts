/**
 * `npm run serve -- --config FILE` with a `republish` section, against a real Mosquitto: what a
 * subscriber decodes is `/api/snapshot` exactly, and `/api/stats` carries `republish`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { decodeRepublished, parseRepublishTopic, type RepublishedTick } from '@shared/republish'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { FeedServer } from '../../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
let broker: Mosquitto
let feed: FeedServer
let running: RunningServeCommand
let subscriber: MqttClient
let dir: string
const latest = new Map<string, RepublishedTick>()

beforeAll(async () => {
  if (unavailable !== null) return
  broker = await Mosquitto.start()
  feed = await FeedServer.start()
  dir = mkdtempSync(join(tmpdir(), 'tickwire-republish-serve-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
  const file = join(dir, 'collector.json')
  writeFileSync(
    file,
    JSON.stringify({
      market: [
        {
          id: 'fx',
          adapter: 'json',
          url: feed.url,
          mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', time: 't', timeUnit: 's' }
        }
      ],
      republish: { url: broker.url, prefix: 'collector', qos: 1 }
    })
  )
  subscriber = mqtt.connect(broker.url, { log: () => {} })
  subscriber.on('message', (topic, payload) => {
    const where = parseRepublishTopic('collector', topic)
    const value = decodeRepublished(payload)
    if (!('error' in where) && !('error' in value)) latest.set(`${where.source}/${where.symbol}`, value)
  })
  await new Promise<void>((resolve, reject) =>
    subscriber.once('connect', () =>
      subscriber.subscribe('collector/#', { qos: 1 }, (e) => (e ? reject(e) : resolve()))
    )
  )
  const stateDir = join(dir, 'state')
  running = await startServeCommand(
    ['--config', file, '--port', '0', '--state-dir', stateDir],
    {},
    { stdout: () => {}, stderr: () => {} },
    dir
  )
  await waitFor(() => feed.openClients === 1, 'the feed connected')
})

afterAll(async () => {
  subscriber?.end(true)
  await running?.stop()
  await feed?.close()
  await broker?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(new URL(path, running.url))).json()) as T
}

describe.skipIf(unavailable !== null)('republish in browser mode', () => {
  it('a subscriber reads back /api/snapshot exactly, and /api/stats reports the fan-out', async () => {
    const symbols = ['EUR/USD', 'USD/JPY', 'GBP+X']
    for (let i = 0; i < 30; i++)
      feed.send(
        symbols.map((s, k) => ({
          s,
          p: 1 + k + i / 1_000,
          b: 1 + k + i / 999,
          a: 1 + k + i / 998,
          t: 1_700_000_000.25 + i
        }))
      )
    await waitFor(async () => {
      const snapshot = await api<SnapshotPayload>('/api/snapshot')
      if (snapshot.tickers.length !== symbols.length) return false
      return snapshot.tickers.every((q) => {
        const r = latest.get(q.key)
        return (
          r !== undefined &&
          r.symbol === q.symbol &&
          r.last === q.last &&
          r.bid === q.bid &&
          r.ask === q.ask &&
          r.changePct === q.changePct &&
          r.time === q.time &&
          r.receivedAt === q.receivedAt
        )
      })
    }, 'republished values equal to /api/snapshot')
    expect(latest.get('fx/EUR/USD')?.time).toBe((1_700_000_000.25 + 29) * 1000)
    const stats = await api<StatsPayload>('/api/stats')
    expect(stats.republish).toEqual({
      state: 'open',
      url: broker.url,
      published: 90,
      conflated: 0,
      dropped: 0,
      waiting: 0,
      lastError: null
    })
  })
})
