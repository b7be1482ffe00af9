import { expect, test } from '@playwright/test'
import { FeedServer } from '../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * A desk on a collector's fan-out, as its user sees it: a headless collector (`--no-view`)
 * republishes a feed to a real Mosquitto; the desk's page shows the same prices, and its latency
 * panel shows the two hops (exchange → collector, collector → here) under the feed, with numbers.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let broker: Mosquitto
let feed: FeedServer
let collectorConfig: ConfigDir
let deskConfig: ConfigDir
let collector: ServeProcess
let desk: ServeProcess

test.beforeAll(async () => {
  broker = await Mosquitto.start()
  feed = await FeedServer.start()
  collectorConfig = writeConfigDir({
    market: [deskFeed(feed.url)],
    republish: { url: broker.url, prefix: 'md', retain: true }
  })
  deskConfig = writeConfigDir({
    market: [{ id: 'desk', adapter: 'tickwire', url: broker.url, prefix: 'md', symbols: ['AAPL', 'MSFT'] }]
  })
  collector = await startServeOn(collectorConfig, ['--no-view'])
  desk = await startServeOn(deskConfig)
})
test.afterAll(async () => {
  await desk?.stop()
  await collector?.stop()
  await feed?.close()
  await broker?.stop()
  collectorConfig?.remove()
  deskConfig?.remove()
})

const tick = (s: string, p: number) => ({ s, p, b: p - 0.01, a: p + 0.01, v: 1, E: Date.now() - 3 })

test('the desk shows the collector’s prices and each hop’s latency', async ({ page }) => {
  await page.goto(desk.url)
  await expect.poll(() => feed.openClients).toBe(1)
  await expect(page.locator('[data-source="desk"]')).toHaveAttribute('data-state', 'open')
  for (let i = 0; i < 20; i++) {
    feed.send([tick('AAPL', 190 + i / 4), tick('MSFT', 410 + i / 4)])
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const aapl = page.locator('[data-ticker="desk/AAPL"]')
  await expect(aapl.locator('[data-field="last"]')).toContainText('194.75')
  await expect(page.locator('[data-ticker="desk/MSFT"] [data-field="bid"]')).toContainText('414.74')
  // The same numbers the collector holds.
  const snapshot = (await (await fetch(new URL('/api/snapshot', collector.url))).json()) as {
    tickers: { symbol: string; last: number }[]
  }
  expect(snapshot.tickers.find((t) => t.symbol === 'AAPL')?.last).toBe(194.75)

  for (const hop of ['upstream', 'relay']) {
    const row = page.locator(`[data-latency-source="desk"][data-latency-hop="${hop}"]`)
    await expect(row).toBeVisible()
    await expect(row.locator('[data-field="p50"]')).not.toHaveText('—', { timeout: 10_000 })
    await expect(page.locator(`[data-latency-histogram="desk/${hop}"]`)).toBeVisible()
  }
  await expect(page.locator('[data-latency-hop="upstream"]')).toContainText('exchange → collector')
  await expect(page.locator('[data-latency-hop="relay"]')).toContainText('collector → here')
})
