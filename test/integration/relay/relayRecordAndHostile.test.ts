/**
 * A desk's relayed feed (`"adapter": "tickwire"`) through the real serve composition and a real
 * Mosquitto, fed as a hostile publisher would: garbage, another version, a payload naming another
 * symbol, a packet over maxMessageBytes. Each is counted and shown, never a crash, and the feed
 * goes on; the session, recorded, replays to the same values and counters without the password.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
let dir: string
let broker: Mosquitto

beforeAll(async () => {
  if (unavailable !== null) return
  dir = mkdtempSync(join(tmpdir(), 'tickwire-relay-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
  broker = await Mosquitto.start({ users: { desk: 'desk-secret-pw', collector: 'c' } })
})
afterAll(async () => {
  await broker?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const quiet = { stdout: () => {}, stderr: () => {} }
const serve = (args: string[]): Promise<RunningServeCommand> =>
  startServeCommand(['--port', '0', '--state-dir', join(dir, 'state'), ...args], {}, quiet, dir)
async function api<T>(running: RunningServeCommand, path: string): Promise<T> {
  return (await (await fetch(new URL(path, running.url))).json()) as T
}
const tick = (sym: string, last: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    sym,
    last,
    bid: last - 1,
    ask: last + 1,
    vol: 3,
    et: Date.now() - 5,
    rt: Date.now(),
    ...extra
  })

describe.skipIf(unavailable !== null)('a relayed feed against a hostile publisher', () => {
  it('counts and shows every bad message, keeps going, and replays the same', async () => {
    const config = join(dir, 'desk.json')
    writeFileSync(
      config,
      JSON.stringify({
        market: [
          {
            id: 'kraken',
            adapter: 'tickwire',
            url: broker.url,
            username: 'desk',
            password: 'desk-secret-pw',
            prefix: 'md',
            // MQTT 3.1.1: the broker is not told the limit, so the packet guard must hold it.
            protocolVersion: 4,
            maxMessageBytes: 4096,
            reconnect: { initialDelayMs: 50, maxDelayMs: 200 }
          }
        ]
      })
    )
    const recordings = join(dir, 'recordings')
    const live = await serve(['--config', config, '--record', recordings])
    const publisher = await mqtt.connectAsync(broker.url, { username: 'collector', password: 'c' })
    let liveStats: StatsPayload
    let liveSnapshot: SnapshotPayload
    try {
      await waitFor(
        async () => (await api<StatsPayload>(live, '/api/stats')).sources[0].state === 'open',
        'the relay open'
      )
      await publisher.publishAsync('md/kraken/BTC%2FUSD', tick('BTC/USD', 100), { qos: 1 })
      await publisher.publishAsync('md/kraken/BTC%2FUSD', 'garbage', { qos: 1 })
      await publisher.publishAsync('md/kraken/ETH', JSON.stringify({ v: 9, sym: 'ETH' }), { qos: 1 })
      await publisher.publishAsync('md/kraken/ETH', tick('SOL', 5), { qos: 1 })
      await publisher.publishAsync(
        'md/kraken/ETH',
        tick('ETH', Number.MAX_VALUE).replace(/1\.79\d+e\+308/, '1e999'),
        {
          qos: 1
        }
      )
      await publisher.publishAsync('md/kraken/ETH', tick('ETH', 50), { qos: 1 })
      await waitFor(
        async () => (await api<SnapshotPayload>(live, '/api/snapshot')).tickers.length === 2,
        'two tickers'
      )
      // Over maxMessageBytes: refused before it is read, the connection dropped and made again.
      await publisher.publishAsync('md/kraken/ETH', 'x'.repeat(8_000), { qos: 1 })
      await waitFor(
        async () => (await api<StatsPayload>(live, '/api/stats')).sources[0].reconnects >= 1,
        'the reconnect'
      )
      await waitFor(
        async () => (await api<StatsPayload>(live, '/api/stats')).sources[0].state === 'open',
        'open again'
      )
      // Retained: it reaches the desk whether its SUBSCRIBE went out before or after this.
      await publisher.publishAsync('md/kraken/BTC%2FUSD', tick('BTC/USD', 120), { qos: 1, retain: true })
      await waitFor(
        async () =>
          (await api<SnapshotPayload>(live, '/api/snapshot')).tickers.find((t) => t.symbol === 'BTC/USD')
            ?.last === 120,
        'the last value'
      )
      liveStats = await api<StatsPayload>(live, '/api/stats')
      liveSnapshot = await api<SnapshotPayload>(live, '/api/snapshot')
    } finally {
      await publisher.endAsync()
      await live.stop()
    }
    const [source] = liveStats.sources
    expect(source.malformed).toBe(5)
    expect(source.lastMalformed).toMatch(/maxMessageBytes/)
    expect(liveSnapshot.tickers.map((t) => [t.symbol, t.last, t.bid, t.ask]).sort()).toEqual([
      ['BTC/USD', 120, 119, 121],
      ['ETH', 50, 49, 51]
    ])
    for (const t of liveSnapshot.tickers)
      for (const v of [t.last, t.bid, t.ask]) expect(Number.isFinite(v)).toBe(true)
    expect(source.latencyMs.relay?.count).toBeGreaterThan(0)

    const files = readdirSync(recordings)
    expect(files).toHaveLength(1)
    const file = join(recordings, files[0])
    expect(gunzipSync(readFileSync(file)).toString('utf8')).not.toContain('desk-secret-pw')
    const replay = await serve(['--replay', file, '--speed', 'max'])
    try {
      await waitFor(
        async () => (await api<StatsPayload>(replay, '/api/stats')).replay?.done === true,
        'the replay to end',
        15_000
      )
      const stats = await api<StatsPayload>(replay, '/api/stats')
      const snapshot = await api<SnapshotPayload>(replay, '/api/snapshot')
      expect(stats.sources[0]).toMatchObject({ messages: source.messages, malformed: source.malformed })
      const values = (s: SnapshotPayload) =>
        s.tickers.map((t) => [t.key, t.last, t.bid, t.ask, t.volume]).sort()
      expect(values(snapshot)).toEqual(values(liveSnapshot))
      // A replay's stamps are not latency now.
      expect(stats.sources[0].latencyMs.relay?.count ?? 0).toBe(0)
    } finally {
      await replay.stop()
    }
  })
})
