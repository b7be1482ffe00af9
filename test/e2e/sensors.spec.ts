import { expect, test, type Page } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * A sensor edited from the UI: a lower alarm limit turns the gauge red at once, a limit the engine
 * would refuse is refused in the editor, and the edit survives a restart of serve with the same
 * state directory (the value comes back as the broker's retained one, tagged as such).
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

const KEY = 'plant/pump1-temp'

let broker: Mosquitto
let publisher: MqttClient
let serve: ServeProcess | null = null
let config: ConfigDir

test.beforeAll(async () => {
  broker = await Mosquitto.start()
  config = writeConfigDir({
    telemetry: [
      {
        id: 'plant',
        url: broker.url,
        subscriptions: [{ topic: 'plant/#', qos: 1 }],
        sensors: [
          {
            topic: 'plant/pump1/temp',
            id: 'pump1-temp',
            label: 'Pump 1 bearing',
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
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-sensors-publisher' })
})

test.afterAll(async () => {
  await publisher?.endAsync()
  await serve?.stop()
  await broker?.stop()
  config?.remove()
})

const startServing = (): Promise<ServeProcess> => startServeOn(config)

const gauge = (page: Page) => page.locator(`[data-sensor="${KEY}"]`)
const editor = (page: Page) => page.locator(`[data-sensor-editor="${KEY}"]`)
const setting = (page: Page, field: string) => editor(page).locator(`[data-setting="${field}"]`)

test('an alarm limit edited in the UI changes the state and survives a restart', async ({ page }) => {
  serve = await startServing()
  await page.goto(serve.url)
  // Retained, so the restarted serve gets the value back from the broker.
  await publisher.publishAsync('plant/pump1/temp', '85', { qos: 1, retain: true })
  await expect(gauge(page)).toHaveAttribute('data-state', 'warn')
  // The card's age keeps counting on the board's clock with no new value.
  const age = gauge(page).locator('.age')
  const before = await age.textContent()
  await expect.poll(() => age.textContent(), { timeout: 5_000 }).not.toBe(before)
  await expect(age).toHaveText(/^\d+(\.\d)?s$/)

  // A gauge opens its chart; the chart's Settings… opens the editor.
  await gauge(page).click()
  await page.locator('[data-chart-pane] [data-action="edit-sensor"]').click()
  await expect(editor(page)).toBeVisible()
  await expect(setting(page, 'alarm')).toHaveValue('95')

  // Refused before sending: the high alarm may not sit below the high warn.
  await setting(page, 'alarm').fill('70')
  await editor(page).locator('[data-action="save-sensor"]').click()
  await expect(editor(page).locator('[data-editor-problem]')).toContainText('alarm')
  await expect(gauge(page)).toHaveAttribute('data-state', 'warn')

  await setting(page, 'alarm').fill('84')
  await setting(page, 'label').fill('Pump 1 bearing (edited)')
  await editor(page).locator('[data-action="save-sensor"]').click()
  await expect(gauge(page)).toHaveAttribute('data-state', 'alarm')
  await expect(gauge(page)).toContainText('Pump 1 bearing (edited)')
  await expect(editor(page)).toContainText('Edited from the UI')

  await serve.stop()
  serve = await startServing()
  await page.goto(serve.url)
  await expect(gauge(page)).toHaveAttribute('data-state', 'alarm')
  await expect(gauge(page)).toHaveAttribute('data-retained', 'true')
  await expect(gauge(page).locator('[data-retained-tag]')).toBeVisible()
  await expect(gauge(page)).toContainText('Pump 1 bearing (edited)')
  await gauge(page).click()
  await page.locator('[data-chart-pane] [data-action="edit-sensor"]').click()
  await expect(setting(page, 'alarm')).toHaveValue('84')

  // Reset to configured: back to 95, so 85 is a warning again.
  await editor(page).locator('[data-action="reset-sensor"]').click()
  await expect(gauge(page)).toHaveAttribute('data-state', 'warn')
  await expect(setting(page, 'alarm')).toHaveValue('95')
  await expect(gauge(page)).toContainText('Pump 1 bearing')
  await publisher.publishAsync('plant/pump1/temp', '', { qos: 1, retain: true })
})
