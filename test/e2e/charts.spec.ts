import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { FeedServer } from '../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * Charts as a user meets them, against a real feed server and a real Mosquitto: a ticker's chart
 * opens on a click and moves with the feed; a sensor's chart shows its limit bands and an alarm
 * marker; compare puts both on one chart; CSV export downloads what the chart shows.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let feed: FeedServer
let broker: Mosquitto
let publisher: MqttClient
let serve: ServeProcess
let config: ConfigDir
let pump: NodeJS.Timeout | null = null

test.beforeAll(async () => {
  feed = await FeedServer.start()
  broker = await Mosquitto.start()
  config = writeConfigDir({
    market: [
      deskFeed(feed.url, {
        symbols: ['AAPL'],
        mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', volume: 'v', time: 'E', size: 'z', side: 't' }
      })
    ],
    telemetry: [
      {
        id: 'plant',
        url: broker.url,
        subscriptions: [{ topic: 'plant/#', qos: 1 }],
        sensors: [
          {
            topic: 'plant/boiler/temp',
            id: 'boiler',
            label: 'Boiler',
            unit: '°C',
            min: 0,
            max: 120,
            warn: 80,
            alarm: 95
          }
        ]
      }
    ]
  })
  serve = await startServeOn(config)
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-charts-publisher' })
  let n = 0
  // Paced by a timer, a few ticks a second: the chart must keep moving while the test looks.
  pump = setInterval(() => {
    n++
    const p = 190 + Math.sin(n / 5)
    feed.send({ s: 'AAPL', p, b: p - 0.02, a: p + 0.02, v: n, E: Date.now(), z: n % 7, t: n % 2 ? 'b' : 's' })
  }, 100)
})

test.afterAll(async () => {
  if (pump !== null) clearInterval(pump)
  await publisher?.endAsync()
  await serve?.stop()
  await broker?.stop()
  await feed?.close()
  config?.remove()
})

const chart = (page: Page) => page.locator('[data-chart-pane] [data-chart]')

test('a ticker row opens its chart, which moves with the feed and changes range', async ({ page }) => {
  await page.goto(serve.url)
  await page.locator('[data-ticker="desk/AAPL"]').click()
  await expect(chart(page)).toHaveAttribute('data-chart', 'desk/AAPL')
  await expect(page.locator('[data-chart-pane] canvas')).toBeVisible()
  const first = Number(await chart(page).getAttribute('data-points'))
  await expect
    .poll(async () => Number(await chart(page).getAttribute('data-points')))
    .toBeGreaterThan(first + 5)
  // The feed carries trades: the newest first, with the taker side.
  const trades = page.locator('[data-chart-pane] [data-trades] tbody tr')
  await expect.poll(() => trades.count()).toBeGreaterThan(3)
  await expect(page.locator('[data-trades] [data-trade-side="buy"]').first()).toBeVisible()
  await expect(page.locator('[data-trades] [data-trade-side="sell"]').first()).toBeVisible()
  await page.locator('[data-range-option="1m"]').click()
  await expect(chart(page)).toHaveAttribute('data-range', '1m')
  await expect(chart(page)).toHaveAttribute('data-resolution', 'raw')
  await page.locator('[data-action="close-chart"]').click()
  await expect(page.locator('[data-chart-pane]')).toHaveCount(0)
})

test('a sensor chart shows its limit bands and the alarm it raised; compare adds a ticker', async ({
  page
}) => {
  await page.goto(serve.url)
  await publisher.publishAsync('plant/boiler/temp', '70', { qos: 1 })
  const gauge = page.locator('[data-sensor="plant/boiler"]')
  await expect(gauge).toHaveAttribute('data-state', 'normal')
  await gauge.click()
  await expect(chart(page)).toHaveAttribute('data-chart', 'plant/boiler')
  await expect(chart(page)).toHaveAttribute('data-limits', 'warn alarm')
  await expect(chart(page)).toHaveAttribute('data-markers', '0')
  await publisher.publishAsync('plant/boiler/temp', '97', { qos: 1 })
  await expect(gauge).toHaveAttribute('data-state', 'alarm')
  // Two alarm points raised (warn and alarm), each a marker on the chart.
  await expect(chart(page)).toHaveAttribute('data-markers', '2')
  await expect
    .poll(async () => Number(await chart(page).getAttribute('data-points')))
    .toBeGreaterThanOrEqual(2)

  await page.locator('[data-field="compare"]').fill('desk/AAPL')
  await page.locator('[data-action="chart-compare"]').click()
  await expect(chart(page)).toHaveAttribute('data-compare', 'plant/boiler desk/AAPL')
  await expect(page.locator('[data-compared]')).toHaveCount(2)
  await page.locator('[data-compared="desk/AAPL"] [data-action="chart-remove"]').click()
  await expect(chart(page)).toHaveAttribute('data-compare', 'plant/boiler')
})

test('CSV export downloads what the chart shows, with units and ISO and epoch times', async ({ page }) => {
  await page.goto(serve.url)
  for (const v of [60, 61.5, 62.25]) {
    await publisher.publishAsync('plant/boiler/temp', String(v), { qos: 1 })
    await expect(page.locator('[data-sensor="plant/boiler"] [data-field="value"]')).toContainText(
      String(v).slice(0, 2)
    )
  }
  await page.locator('[data-sensor="plant/boiler"]').click()
  await page.locator('[data-range-option="1m"]').click()
  await expect(chart(page)).toHaveAttribute('data-range', '1m')
  await expect(chart(page)).toHaveAttribute('data-resolution', 'raw')
  // The range's history has arrived (not just the empty trace it starts from) before the export.
  await expect(chart(page)).toHaveAttribute('data-loading', 'false')
  await expect
    .poll(async () => Number(await chart(page).getAttribute('data-points')))
    .toBeGreaterThanOrEqual(3)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="chart-export-csv"]').click()
  ])
  expect(download.suggestedFilename()).toBe('plant_boiler.csv')
  const text = readFileSync(await download.path(), 'utf8')
  const lines = text.trim().split('\r\n')
  expect(lines[0]).toBe('time,epoch_ms,Boiler (°C)')
  const values = lines.slice(1).map((l) => l.split(','))
  expect(values.map((v) => Number(v[2]))).toEqual(expect.arrayContaining([60, 61.5, 62.25]))
  for (const [iso, ms] of values) expect(new Date(iso).getTime()).toBe(Math.round(Number(ms)))
})
