import { expect, test } from '@playwright/test'
import { FeedServer } from '../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * A collector (`republish`) shows its fan-out in the status bar: connected, ticks sent; with the
 * broker gone, reconnecting and the symbols waiting; back again, open.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let broker: Mosquitto
let feed: FeedServer
let config: ConfigDir
let serve: ServeProcess

test.beforeAll(async () => {
  broker = await Mosquitto.start()
  feed = await FeedServer.start()
  config = writeConfigDir({
    market: [deskFeed(feed.url)],
    telemetry: [],
    republish: { url: broker.url, prefix: 'e2e' }
  })
  serve = await startServeOn(config)
})
test.afterAll(async () => {
  await serve?.stop()
  await feed?.close()
  await broker?.stop()
  config?.remove()
})

const tick = (s: string, p: number) => ({ s, p, b: p - 0.01, a: p + 0.01, v: 1, E: Date.now() })

test('the OUT chip: open and counting, reconnecting with symbols waiting while the broker is away', async ({
  page
}) => {
  await page.goto(serve.url)
  const chip = page.locator('[data-republish]')
  await expect(chip).toHaveAttribute('data-state', 'open')
  await expect.poll(() => feed.openClients).toBe(1)
  for (let i = 0; i < 5; i++) feed.send([tick('AAPL', 190 + i), tick('MSFT', 410 + i)])
  await expect(chip.locator('[data-field="published"]')).toContainText('10')
  await broker.down()
  await expect(chip).not.toHaveAttribute('data-state', 'open')
  feed.send([tick('AAPL', 200), tick('MSFT', 420)])
  await expect(chip.locator('[data-field="waiting"]')).toContainText('2')
  await broker.up()
  await expect(chip).toHaveAttribute('data-state', 'open', { timeout: 20_000 })
  await expect(chip.locator('[data-field="published"]')).toContainText('12', { timeout: 20_000 })
})
