/**
 * Record a live session from a real ws feed and a real Mosquitto through the real serve
 * composition, then replay the recording at full speed: the same final values, counters
 * (messages, malformed, gaps) and alarms, with no connection to the recorded endpoints; a 4 MB
 * message and garbage count exactly as they did live; the replay's alarms go to its own journal.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { FeedServer } from '../../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()

let dir: string
let feed: FeedServer
let broker: Mosquitto

beforeAll(async () => {
  if (unavailable !== null) return
  dir = mkdtempSync(join(tmpdir(), 'tickwire-record-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
  feed = await FeedServer.start()
  broker = await Mosquitto.start()
})

afterAll(async () => {
  await feed?.close()
  await broker?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function serve(args: string[]): Promise<RunningServeCommand> {
  return startServeCommand(['--port', '0', '--state-dir', join(dir, 'state'), ...args], {}, quiet, dir)
}
const quiet = { stdout: () => {}, stderr: () => {} }

async function api<T>(running: RunningServeCommand, path: string): Promise<T> {
  return (await (await fetch(new URL(path, running.url))).json()) as T
}

function counters(stats: StatsPayload) {
  return stats.sources.map((s) => ({ id: s.id, messages: s.messages, malformed: s.malformed, gaps: s.gaps }))
}

function finalState(snapshot: SnapshotPayload) {
  return {
    tickers: snapshot.tickers.map((t) => ({
      key: t.key,
      last: t.last,
      bid: t.bid,
      ask: t.ask,
      volume: t.volume
    })),
    readings: snapshot.readings.map((r) => ({ key: r.key, value: r.value, state: r.state })),
    alarms: snapshot.alarms
      .map((a) => ({
        key: a.key,
        condition: a.condition,
        state: a.state,
        value: a.value,
        lastValue: a.lastValue
      }))
      .sort((a, b) => `${a.key}${a.condition}`.localeCompare(`${b.key}${b.condition}`))
  }
}

describe.skipIf(unavailable !== null)('record and replay', () => {
  it('replays a recorded session to the same values, counters and alarms', async () => {
    const config = join(dir, 'session.json')
    writeFileSync(
      config,
      JSON.stringify({
        market: [
          {
            id: 'desk',
            adapter: 'json',
            url: `${feed.url}?apiKey=secret-in-url`,
            headers: { Authorization: 'Bearer secret-header' },
            symbols: [],
            mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', sequence: 'n' },
            alerts: [{ symbol: 'BTC', above: 150 }]
          }
        ],
        telemetry: [
          {
            id: 'plant',
            url: broker.url,
            username: 'u',
            password: 'secret-password',
            subscriptions: [{ topic: 'plant/#', qos: 1 }],
            sensors: [{ topic: 'plant/boiler', id: 'boiler', valuePath: 'v', warn: 80, alarm: 95 }]
          }
        ]
      })
    )
    const recordings = join(dir, 'recordings')
    const live = await serve(['--config', config, '--record', recordings])
    let liveSnapshot: SnapshotPayload
    let liveStats: StatsPayload
    let liveHistory: { points: [number, number][] }
    const historyQuery = `/api/history?key=desk/BTC&resolution=raw&from=${Date.now() - 3_600_000}`
    try {
      await waitFor(() => feed.openClients === 1, 'the feed connection')
      await waitFor(
        async () => (await api<StatsPayload>(live, '/api/stats')).sources.every((s) => s.state === 'open'),
        'open sources'
      )
      const publisher = await mqtt.connectAsync(broker.url, { clientId: 'record-publisher' })
      const seq = { BTC: 0, ETH: 0 }
      for (let n = 1; n <= 40; n++) {
        const symbol = n % 2 ? 'BTC' : 'ETH'
        seq[symbol]++
        // One ETH sequence number is skipped: a gap.
        if (n === 20) seq.ETH++
        feed.send({ s: symbol, p: 100 + n * 2, b: 99 + n * 2, a: 101 + n * 2, n: seq[symbol] })
        await publisher.publishAsync('plant/boiler', JSON.stringify({ v: 50 + n }), { qos: 1 })
        if (n === 10) feed.send('{not json')
        if (n === 12) await publisher.publishAsync('plant/boiler', 'garbage', { qos: 1 })
        if (n % 10 === 0) await new Promise((r) => setTimeout(r, 20))
      }
      // 4 MB: over maxMessageBytes (1 MB), refused and the connection dropped, live and replayed.
      feed.send(JSON.stringify({ s: 'BTC', p: 1, pad: 'x'.repeat(4 * 1024 * 1024) }))
      await waitFor(
        async () => (await api<StatsPayload>(live, '/api/stats')).sources[0].reconnects >= 1,
        'the reconnect'
      )
      await waitFor(() => feed.openClients === 1, 'the feed back')
      await waitFor(
        async () => (await api<StatsPayload>(live, '/api/stats')).sources[0].state === 'open',
        'open again'
      )
      feed.send({ s: 'BTC', p: 170, b: 169, a: 171, n: seq.BTC + 1 })
      await publisher.publishAsync('plant/boiler', JSON.stringify({ v: 97 }), { qos: 1 })
      await waitFor(async () => {
        const s = await api<SnapshotPayload>(live, '/api/snapshot')
        return (
          s.readings.find((r) => r.key === 'plant/boiler')?.value === 97 &&
          s.tickers.find((t) => t.key === 'desk/BTC')?.last === 170
        )
      }, 'the last values')
      await publisher.endAsync()
      liveSnapshot = await api<SnapshotPayload>(live, '/api/snapshot')
      liveStats = await api<StatsPayload>(live, '/api/stats')
      liveHistory = await api<{ points: [number, number][] }>(live, historyQuery)
      expect(liveStats.recording).toMatchObject({ active: true, dropped: 0 })
      expect(liveStats.recording?.messages).toBeGreaterThan(80)
      // What the replay must reproduce is not trivial: a gap, garbage and the 4 MB refusal on the
      // feed, a garbage payload on the broker.
      const [desk, plant] = liveStats.sources
      expect(desk).toMatchObject({ gaps: 1, malformed: 2 })
      expect(plant.malformed).toBeGreaterThanOrEqual(1)
    } finally {
      await live.stop()
    }
    const files = readdirSync(recordings)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^tickwire-\d{13}\.ndjson\.gz$/)
    const file = join(recordings, files[0])
    const { gunzipSync } = await import('node:zlib')
    const { readFileSync } = await import('node:fs')
    const text = gunzipSync(readFileSync(file)).toString('utf8')
    for (const secret of ['secret-in-url', 'secret-header', 'secret-password'])
      expect(text).not.toContain(secret)

    const connectionsBefore = feed.connections
    const replay = await serve(['--replay', file, '--speed', 'max'])
    try {
      await waitFor(
        async () => (await api<StatsPayload>(replay, '/api/stats')).replay?.done === true,
        'the replay to end',
        15_000
      )
      const stats = await api<StatsPayload>(replay, '/api/stats')
      expect(stats.replay).toMatchObject({ speed: 'max', done: true, skipped: 0 })
      expect(counters(stats)).toEqual(counters(liveStats))
      expect(stats.sources[0].reconnects).toBe(liveStats.sources[0].reconnects)
      const snapshot = await api<SnapshotPayload>(replay, '/api/snapshot')
      expect(finalState(snapshot)).toEqual(finalState(liveSnapshot))
      expect(finalState(snapshot).alarms.length).toBeGreaterThanOrEqual(2)
      // The replay's history is stamped with the recorded times (to the ms), not the replay's.
      const replayed = await api<{ points: [number, number][] }>(replay, historyQuery)
      expect(replayed.points.map(([, v]) => v)).toEqual(liveHistory.points.map(([, v]) => v))
      replayed.points.forEach(([t], i) =>
        expect(Math.abs(t - liveHistory.points[i][0])).toBeLessThanOrEqual(1)
      )
      // And so are its alarms: raised (and cleared) when the live ones were, give or take the
      // moment between the message's receipt and its evaluation.
      const times = (s: SnapshotPayload) =>
        [...s.alarms]
          .sort((a, b) => `${a.key}${a.condition}`.localeCompare(`${b.key}${b.condition}`))
          .map((a) => [a.raisedAt, a.clearedAt ?? null] as const)
      times(snapshot).forEach(([raised, cleared], i) => {
        const [liveRaised, liveCleared] = times(liveSnapshot)[i]
        expect(Math.abs(raised - liveRaised)).toBeLessThanOrEqual(50)
        if (liveCleared === null) expect(cleared).toBeNull()
        else expect(Math.abs((cleared ?? 0) - liveCleared)).toBeLessThanOrEqual(50)
      })
    } finally {
      await replay.stop()
    }
    // Nothing connected to the recorded feed; the replay kept its alarms apart from the live journal.
    expect(feed.connections).toBe(connectionsBefore)
    const replayDir = join(dir, 'state', 'replays', files[0].replace('.ndjson.gz', ''))
    expect(existsSync(join(replayDir, 'alarms.jsonl'))).toBe(true)
  })
})
