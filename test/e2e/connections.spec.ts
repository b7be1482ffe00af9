import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
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
