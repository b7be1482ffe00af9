/**
 * History through the real `npm run serve` composition: a real ws feed, `GET /api/history` in
 * JSON and CSV, the `history` command on the bridge, and the per-minute buckets surviving a
 * restart on the same state directory.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_PATH } from '@shared/protocol'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { BridgeClient } from '../../harness/bridgeClient'
import { FeedServer } from '../../harness/feedServer'
import { waitFor } from '../../harness/waitFor'

let dir: string
let feed: FeedServer
let config: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-history-serve-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
  feed = await FeedServer.start()
  config = join(dir, 'desk.json')
  writeFileSync(
    config,
    JSON.stringify({
      market: [
        {
          id: 'desk',
          adapter: 'json',
          url: feed.url,
          symbols: [],
          mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a' }
        }
      ],
      history: { retentionHours: 2 }
    })
  )
})

afterAll(async () => {
  await feed?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function serve(): Promise<RunningServeCommand> {
  const argv = ['--port', '0', '--config', config, '--state-dir', join(dir, 'state')]
  return startServeCommand(argv, {}, { stdout: () => {}, stderr: () => {} }, dir)
}

async function get(running: RunningServeCommand, query: string): Promise<Response> {
  return fetch(new URL(`/api/history?${query}`, running.url))
}

describe('history in browser mode', () => {
  let before: number[][]

  it('answers raw points, buckets, CSV and the history command from a live feed', async () => {
    const running = await serve()
    try {
      await waitFor(() => feed.openClients === 1, 'the feed connection')
      const prices = [100, 101.5, 99.25, 250, 100.75]
      for (const p of prices) {
        feed.send({ s: 'BTC', p, b: p - 0.5, a: p + 0.5 })
        await new Promise((r) => setTimeout(r, 15))
      }
      await waitFor(async () => {
        const body = (await (await get(running, 'key=desk/BTC')).json()) as { points?: unknown[] }
        return body.points?.length === prices.length
      }, 'every price in the history')
      const raw = (await (await get(running, 'key=desk/BTC')).json()) as {
        key: string
        resolution: string
        points: [number, number][]
      }
      expect(raw.key).toBe('desk/BTC')
      expect(raw.resolution).toBe('raw')
      expect(raw.points.map((p) => p[1])).toEqual(prices)
      const times = raw.points.map((p) => p[0])
      expect([...times].sort((a, b) => a - b)).toEqual(times)
      expect(Math.abs(times[0] - Date.now())).toBeLessThan(60_000)

      const minute = (await (await get(running, 'key=desk/BTC&resolution=1m')).json()) as {
        buckets: number[][]
      }
      const counted = minute.buckets.reduce((n, b) => n + b[5], 0)
      expect(counted).toBe(prices.length)
      expect(Math.max(...minute.buckets.map((b) => b[3]))).toBe(250)
      expect(Math.min(...minute.buckets.map((b) => b[2]))).toBe(99.25)

      const csv = await get(running, 'key=desk/BTC&format=csv')
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
      const lines = (await csv.text()).trim().split('\r\n')
      expect(lines[0]).toBe('time,epoch_ms,desk/BTC')
      expect(lines.slice(1).map((l) => Number(l.split(',')[2]))).toEqual(prices)
      const [iso, ms] = lines[1].split(',')
      expect(new Date(iso).getTime()).toBe(Math.round(Number(ms)))

      expect((await get(running, 'key=desk/NOPE')).status).toBe(404)
      expect(await (await get(running, 'key=desk/NOPE')).json()).toMatchObject({ error: /desk\/NOPE/ })
      expect((await get(running, 'key=desk/BTC&from=10&to=5')).status).toBe(400)
      expect((await get(running, 'key=desk/BTC&from=abc')).status).toBe(400)
      expect((await get(running, 'key=desk/BTC&resolution=5m')).status).toBe(400)
      expect((await get(running, 'from=1')).status).toBe(400)

      const client = new BridgeClient(`ws://127.0.0.1:${new URL(running.url).port}${BRIDGE_PATH}`)
      await client.opened()
      client.send({ type: 'ready' })
      await client.next('hello')
      const reply = await client.command('history', { key: 'desk/BTC' })
      expect(reply).toMatchObject({ ok: true, result: { key: 'desk/BTC', resolution: 'raw' } })
      const result = (reply as { result: { points: number[][]; band: number[][] } }).result
      expect(result.points.map((p) => p[1])).toEqual(prices)
      // The bid/ask band: lowest bid and highest ask per second.
      expect(Math.min(...result.band.map((b) => b[1]))).toBe(98.75)
      expect(Math.max(...result.band.map((b) => b[2]))).toBe(250.5)
      expect(await client.command('history', { key: 'desk/BTC', from: -1 })).toMatchObject({ ok: false })
      client.close()
      before = minute.buckets
    } finally {
      await running.stop()
    }
    expect(readdirSync(join(dir, 'state', 'history')).length).toBeGreaterThan(0)
  })

  it('keeps the per-minute buckets across a restart', async () => {
    const running = await serve()
    try {
      const body = (await (await get(running, `key=desk/BTC&from=${Date.now() - 3_600_000}`)).json()) as {
        resolution: string
        buckets: number[][]
      }
      // Nothing finer than a minute is known from before this run.
      expect(body.resolution).toBe('1m')
      expect(body.buckets).toEqual(before)
    } finally {
      await running.stop()
    }
  })
})
