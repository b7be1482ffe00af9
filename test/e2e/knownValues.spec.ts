import { expect, test } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { FeedServer } from '../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * A real feed server and a real Mosquitto with known values: exactly those values must show in
 * the DOM hooks and in /api/snapshot, and malformed input must be counted, never shown.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let feed: FeedServer
let broker: Mosquitto
let publisher: MqttClient
let serve: ServeProcess
let config: ConfigDir

test.beforeAll(async () => {
  feed = await FeedServer.start()
  broker = await Mosquitto.start()
  config = writeConfigDir({
    market: [deskFeed(feed.url, { symbols: ['AAPL', 'MSFT', 'BAD', 'HUGE'] })],
    telemetry: [
      {
        id: 'plant',
        url: broker.url,
        subscriptions: [{ topic: 'plant/#', qos: 1 }],
        sensors: [
          {
            topic: 'plant/boiler1/temp',
            id: 'boiler1-temp',
            label: 'Boiler 1',
            unit: '°C',
            valuePath: 'value',
            timePath: 'ts',
            min: 0,
            max: 120,
            warn: 80,
            alarm: 95
          },
          {
            topic: 'plant/boiler2/temp',
            id: 'boiler2-temp',
            label: 'Boiler 2',
            unit: '°C',
            valuePath: 'value',
            min: 0,
            max: 120,
            warn: 80,
            alarm: 95
          },
          {
            topic: 'plant/tank/level',
            id: 'tank-level',
            label: 'Tank',
            unit: '%',
            min: 0,
            max: 100,
            staleAfterMs: 1500
          }
        ]
      }
    ]
  })
  serve = await startServe(['--port', '0', '--config', config.configFile])
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-publisher' })
  await expect.poll(() => feed.received.length, { timeout: 10_000 }).toBeGreaterThan(0)
})

test.afterAll(async () => {
  await publisher?.endAsync()
  expect(await serve?.stop()).toBe(0)
  await feed?.close()
  await broker?.stop()
  config?.remove()
})

test('the feed receives the templated subscribe', () => {
  expect(JSON.parse(feed.received[0])).toEqual({ op: 'subscribe', symbols: ['AAPL', 'MSFT', 'BAD', 'HUGE'] })
})

test('known ticks and readings show exactly, in the DOM and in /api/snapshot', async ({ page, request }) => {
  await page.goto(serve.url)
  const now = Date.now()
  feed.send({ s: 'AAPL', p: 189.32, b: 189.31, a: 189.33, v: 1200, E: now })
  feed.send({ s: 'MSFT', p: 412.25, b: 412.24, a: 412.26, v: 800, E: now })
  // Malformed: non-numeric string, a number beyond double range, bad JSON, missing price.
  feed.send('{"s":"BAD","p":"abc","b":1,"a":2,"E":1}')
  feed.send('{"s":"HUGE","p":1e400,"E":1}')
  feed.send('{not json')
  feed.send({ s: 'MSFT', b: 1 })
  await publisher.publishAsync('plant/boiler1/temp', JSON.stringify({ value: 71.5, ts: now }), { qos: 1 })
  await publisher.publishAsync('plant/boiler2/temp', JSON.stringify({ value: 96.5 }), { qos: 1 })
  await publisher.publishAsync('plant/pump1/flow', '42', { qos: 1 })

  const aapl = page.locator('[data-ticker="desk/AAPL"]')
  await expect(aapl.locator('[data-field="last"]')).toHaveText('189.32')
  await expect(aapl.locator('[data-field="bid"]')).toHaveText('189.31')
  await expect(aapl.locator('[data-field="ask"]')).toHaveText('189.33')
  await expect(page.locator('[data-ticker="desk/MSFT"] [data-field="last"]')).toHaveText('412.25')

  const boiler1 = page.locator('[data-sensor="plant/boiler1-temp"]')
  await expect(boiler1.locator('[data-field="value"]')).toHaveText(/^71\.5\b/)
  await expect(boiler1).toHaveAttribute('data-state', 'normal')
  const boiler2 = page.locator('[data-sensor="plant/boiler2-temp"]')
  await expect(boiler2.locator('[data-field="value"]')).toHaveText(/^96\.5\b/)
  await expect(boiler2).toHaveAttribute('data-state', 'alarm')
  // Discovered from a plain-number payload: sensor id is the topic.
  await expect(page.locator('[data-sensor="plant/plant/pump1/flow"] [data-field="value"]')).toHaveText(
    /^42\b/
  )

  // A move shows exactly and updates change %.
  feed.send({ s: 'AAPL', p: 190.01, E: Date.now() })
  await expect(aapl.locator('[data-field="last"]')).toHaveText('190.01')
  await expect(aapl.locator('[data-field="bid"]')).toHaveText('189.31')
  await expect(aapl.locator('[data-field="change-pct"]')).toHaveText(/\+0\.36\s?%/)

  const snapshot = (await (await request.get(`${serve.origin}/api/snapshot`)).json()) as SnapshotPayload
  const byKey = new Map(snapshot.tickers.map((t) => [t.key, t]))
  expect(byKey.get('desk/AAPL')).toMatchObject({
    source: 'desk',
    symbol: 'AAPL',
    last: 190.01,
    bid: 189.31,
    ask: 189.33
  })
  expect(byKey.get('desk/AAPL')!.changePct).toBeCloseTo(((190.01 - 189.32) / 189.32) * 100, 6)
  expect(byKey.get('desk/MSFT')).toMatchObject({ last: 412.25, bid: 412.24, ask: 412.26, time: now })
  expect(byKey.has('desk/BAD')).toBe(false)
  expect(byKey.has('desk/HUGE')).toBe(false)
  const readings = new Map(snapshot.readings.map((r) => [r.key, r]))
  expect(readings.get('plant/boiler1-temp')).toMatchObject({
    value: 71.5,
    unit: '°C',
    state: 'normal',
    time: now,
    topic: 'plant/boiler1/temp'
  })
  expect(readings.get('plant/boiler2-temp')).toMatchObject({ value: 96.5, state: 'alarm', time: null })
  expect(readings.get('plant/plant/pump1/flow')).toMatchObject({ value: 42 })

  // Malformed input is counted, and nothing of it reaches the screen.
  const stats = (await (await request.get(`${serve.origin}/api/stats`)).json()) as StatsPayload
  const desk = stats.sources.find((s) => s.id === 'desk')!
  expect(desk.malformed).toBe(4)
  expect(desk.state).toBe('open')
  // Watched but never validly quoted: the row waits with "—", never showing the bad values.
  for (const symbol of ['BAD', 'HUGE']) {
    const row = page.locator(`[data-ticker="desk/${symbol}"]`)
    await expect(row).toHaveAttribute('data-watch', 'awaiting')
    for (const field of ['last', 'bid', 'ask', 'change-pct']) {
      await expect(row.locator(`[data-field="${field}"]`)).toHaveText('—')
    }
  }
})

test('a sensor that goes quiet is shown stale, not as a live value', async ({ page }) => {
  await page.goto(serve.url)
  await publisher.publishAsync('plant/tank/level', '63', { qos: 1 })
  const tank = page.locator('[data-sensor="plant/tank-level"]')
  await expect(tank).toHaveAttribute('data-state', 'normal')
  await expect(tank).toHaveAttribute('data-state', 'stale', { timeout: 5_000 })
  await publisher.publishAsync('plant/tank/level', '64', { qos: 1 })
  await expect(tank).toHaveAttribute('data-state', 'normal')
  await expect(tank.locator('[data-field="value"]')).toHaveText(/^64\b/)
})
