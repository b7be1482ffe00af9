import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { FeedServer } from '../harness/feedServer'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * A new user's first minute: `serve --no-demo`, open Connections, add a broker (with its
 * password), test it, save it, see its gauges; restart Tickwire and find it again.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let broker: Mosquitto
let publisher: MqttClient
let serve: ServeProcess | null = null
let dir: string

test.beforeAll(async () => {
  broker = await Mosquitto.start({ users: { plant: 's3cret-pw' } })
  publisher = await mqtt.connectAsync(broker.url, { username: 'plant', password: 's3cret-pw' })
  dir = mkdtempSync(join(tmpdir(), 'tickwire-e2e-conn-'))
})

test.afterAll(async () => {
  await publisher?.endAsync()
  await serve?.stop()
  await broker?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const startServing = (): Promise<ServeProcess> =>
  startServe(['--no-demo', '--port', '0', '--state-dir', join(dir, 'state')])
const panel = (page: Page) => page.locator('[data-panel="connections"]')
const field = (page: Page, name: string) => panel(page).locator(`[name="${name}"]`)

test('add a broker from the UI, test it, save it, see its gauges, and find it after a restart', async ({
  page
}) => {
  serve = await startServing()
  await page.goto(serve.url)
  // Nothing configured yet: both empty panels keep the layout's split.
  await expect(page.locator('[data-panel="tickers"]')).toContainText('No market feeds configured')
  await expect(page.locator('[data-panel="gauges"]')).toContainText('No telemetry brokers configured')
  await expect(page.locator('[data-splitter="columns"]')).toHaveCount(1)
  await page.locator('[data-action="open-connections"]').click()
  await expect(panel(page)).toBeVisible()
  await expect(panel(page).locator('[data-secret-storage]')).toContainText('file permissions only')
  await panel(page).locator('[data-action="add-broker"]').click()

  await field(page, 'id').fill('plant')
  await field(page, 'url').fill(broker.url)
  await field(page, 'username').fill('plant')
  await field(page, 'password').fill('wrong')
  await field(page, 'topic').fill('e2e/#')
  await field(page, 'qos').selectOption('1')

  await panel(page).locator('[data-action="test-connection"]').click()
  await expect(panel(page).locator('[data-test-result]')).toHaveAttribute('data-test-result', 'auth', {
    timeout: 12_000
  })
  await expect(panel(page).locator('[data-test-result]')).toContainText('Authentication refused')

  await field(page, 'password').fill('s3cret-pw')
  await panel(page).locator('[data-action="test-connection"]').click()
  await expect(panel(page).locator('[data-test-result="ok"]')).toContainText('QoS 1', { timeout: 12_000 })

  await panel(page).locator('[data-action="save-connection"]').click()
  const row = panel(page).locator('[data-connection="plant"]')
  await expect(row).toHaveAttribute('data-state', 'open')
  await expect(row).toHaveAttribute('data-managed', 'false')

  await publisher.publishAsync('e2e/boiler', '42.5', { qos: 1, retain: true })
  await panel(page).locator('[data-action="close-connections"]').click()
  const gauge = page.locator('[data-sensor="plant/e2e/boiler"]')
  await expect(gauge.locator('[data-field="value"]')).toContainText('42.5')
  // A broker and no market feed: the empty tickers panel narrows to a column with its hint, and
  // the gauges take the row.
  const width = async (name: string): Promise<number> =>
    (await page.locator(`[data-panel="${name}"]`).boundingBox())?.width ?? 0
  await expect.poll(() => width('tickers')).toBeLessThanOrEqual(320)
  expect(await width('gauges')).toBeGreaterThan(2 * (await width('tickers')))
  await expect(page.locator('[data-splitter="columns"]')).toHaveCount(0)
  await expect(page.locator('[data-panel="tickers"]')).toContainText('Add a feed under Connections')

  // Restart: the connection comes back from the state directory, password included.
  await serve.stop()
  serve = await startServing()
  await page.goto(serve.url)
  await expect(page.locator('[data-sensor="plant/e2e/boiler"] [data-field="value"]')).toContainText('42.5')
  await page.locator('[data-action="open-connections"]').click()
  await expect(panel(page).locator('[data-connection="plant"]')).toHaveAttribute('data-state', 'open')
  // Editing shows the password as set, never its value.
  await panel(page).locator('[data-connection="plant"] [data-action="edit-connection"]').click()
  await expect(field(page, 'password')).toHaveValue('')
  await expect(panel(page).locator('[data-secret-state="set"]')).toBeVisible()
  expect(await page.content()).not.toContain('s3cret-pw')
})

test('add an in-house JSON feed: test it, pick the mapping from a sample by clicking, save, see it tick', async ({
  page
}) => {
  const feed = await FeedServer.start()
  // The feed streams updates, paced by a timer, as an in-house feed would.
  const pacer = setInterval(() => feed.send({ data: { sym: 'AAPL', px: 189.25, ts: Date.now() } }), 200)
  try {
    serve ??= await startServing()
    await page.goto(serve.url)
    await page.locator('[data-action="open-connections"]').click()
    await panel(page).locator('[data-action="add-market"]').click()
    await field(page, 'adapter').selectOption('json')
    await field(page, 'id').fill('desk')
    await field(page, 'url').fill(feed.url)
    await field(page, 'symbols').fill('AAPL')
    await panel(page).locator('[data-action="test-connection"]').click()
    await expect(panel(page).locator('[data-test-result="ok"]')).toBeVisible({ timeout: 12_000 })

    const pickAs = async (target: string, path: string): Promise<void> => {
      await panel(page).locator('[data-pick-target]').selectOption(target)
      await panel(page).locator(`[data-sample-path="${path}"]`).click()
    }
    await pickAs('symbol', 'data.sym')
    await pickAs('price', 'data.px')
    await pickAs('time', 'data.ts')
    await expect(field(page, 'mapping.symbol')).toHaveValue('data.sym')
    await expect(field(page, 'mapping.price')).toHaveValue('data.px')
    await expect(panel(page).locator('[data-preview-field="price"]')).toContainText('189.25')

    await panel(page).locator('[data-action="save-connection"]').click()
    await expect(panel(page).locator('[data-connection="desk"]')).toHaveAttribute('data-state', 'open')
    await panel(page).locator('[data-action="close-connections"]').click()
    await expect(page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('189.25')
  } finally {
    clearInterval(pacer)
    await feed.close()
  }
})

test('add a collector’s fan-out (tickwire) from the UI: test it, save it, see the prices, find it after a restart', async ({
  page
}) => {
  // The collector's retained prices, as `republish` with `retain: true` leaves them.
  const state = (sym: string, last: number) =>
    JSON.stringify({
      v: 1,
      sym,
      last,
      bid: last - 0.5,
      ask: last + 0.5,
      et: Date.now() - 4,
      rt: Date.now() - 2
    })
  await publisher.publishAsync('md/eu/kraken/BTC%2FUSD', state('BTC/USD', 64000.5), { qos: 1, retain: true })
  await publisher.publishAsync('md/eu/kraken/ETH%2FUSD', state('ETH/USD', 3100.25), { qos: 1, retain: true })
  await serve?.stop()
  serve = await startServing()
  await page.goto(serve.url)
  await page.locator('[data-action="open-connections"]').click()
  await panel(page).locator('[data-action="add-market"]').click()
  await field(page, 'adapter').selectOption('tickwire')
  await expect(field(page, 'url')).toHaveValue('mqtt://127.0.0.1:1883')
  // Broker fields for a relayed feed; none of a telemetry broker's subscriptions or will.
  await expect(field(page, 'topic')).toHaveCount(0)
  await expect(field(page, 'will.topic')).toHaveCount(0)
  await field(page, 'id').fill('crypto')
  await field(page, 'url').fill(broker.url)
  await field(page, 'prefix').fill('md/eu')
  await field(page, 'source').fill('kraken')
  await field(page, 'username').fill('plant')
  await field(page, 'password').fill('s3cret-pw')
  await field(page, 'symbols').fill('BTC/USD\nETH/USD')
  await panel(page).locator('[data-action="test-connection"]').click()
  await expect(panel(page).locator('[data-test-result="ok"]')).toContainText('tick', { timeout: 12_000 })

  await panel(page).locator('[data-action="save-connection"]').click()
  await expect(panel(page).locator('[data-connection="crypto"]')).toHaveAttribute('data-state', 'open')
  await panel(page).locator('[data-action="close-connections"]').click()
  await expect(page.locator('[data-ticker="crypto/BTC/USD"] [data-field="last"]')).toContainText('64,000.5')
  await expect(page.locator('[data-source="crypto"] .kind')).toHaveText('RELAY')

  await serve.stop()
  serve = await startServing()
  await page.goto(serve.url)
  await expect(page.locator('[data-ticker="crypto/ETH/USD"] [data-field="last"]')).toContainText('3,100.25')
  // The saved password is shown as set, never its value: not in the list, not in the edit form.
  await page.locator('[data-action="open-connections"]').click()
  await panel(page).locator('[data-connection="crypto"] [data-action="edit-connection"]').click()
  await expect(field(page, 'prefix')).toHaveValue('md/eu')
  await expect(field(page, 'password')).toHaveValue('')
  await expect(panel(page).locator('[data-secret-state="set"]')).toBeVisible()
  expect(await page.content()).not.toContain('s3cret-pw')
  await publisher.publishAsync('md/eu/kraken/BTC%2FUSD', '', { qos: 1, retain: true })
  await publisher.publishAsync('md/eu/kraken/ETH%2FUSD', '', { qos: 1, retain: true })
})
