import { expect, test } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * The Publish panel in Chromium against a real Mosquitto with an ACL: a message typed in the
 * form reaches a subscriber; a retained one asks first; the broker's ACL denial shows as refused
 * with its reason code; the journal lists each publish.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let broker: Mosquitto
let serve: ServeProcess
let config: ConfigDir
let listener: MqttClient
const received: { topic: string; payload: string; retain: boolean }[] = []

test.beforeAll(async () => {
  broker = await Mosquitto.start({
    users: { desk: 'desk-pw', listener: 'listener-pw' },
    acl: ['user desk', 'topic readwrite plant/#', 'user listener', 'topic read plant/#']
  })
  config = writeConfigDir({
    market: [],
    telemetry: [
      {
        id: 'plant',
        url: broker.url,
        username: 'desk',
        password: 'desk-pw',
        publish: true,
        subscriptions: [{ topic: 'plant/#', qos: 1 }]
      }
    ]
  })
  serve = await startServeOn(config)
  listener = await mqtt.connectAsync(broker.url, {
    username: 'listener',
    password: 'listener-pw',
    clientId: 'e2e-listener'
  })
  listener.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), retain: packet.retain })
  )
  await listener.subscribeAsync('plant/#', { qos: 1 })
})

test.afterAll(async () => {
  await listener?.endAsync()
  await serve?.stop()
  await broker?.stop()
  config?.remove()
})

test('publish from the panel: delivered, retained after confirming, refused by the ACL, journaled', async ({
  page
}) => {
  await page.goto(serve.url)
  await page.locator('[data-action="open-publish"]').click()
  const form = page.locator('[data-panel="publish"]')
  await expect(form.locator('select[name="source"]')).toHaveValue('plant')
  await form.locator('input[name="topic"]').fill('plant/boiler/setpoint')
  await form.locator('textarea[name="payload"]').fill('{"v": 72.5}')
  await form.locator('select[name="encoding"]').selectOption('json')
  await form.locator('select[name="qos"]').selectOption('1')
  await form.locator('[data-action="publish"]').click()
  await expect(form.locator('[data-publish-result]')).toHaveAttribute('data-publish-result', 'ok')
  await expect
    .poll(() => received.find((m) => m.topic === 'plant/boiler/setpoint')?.payload)
    .toBe('{"v": 72.5}')

  // Retained: asked first; nothing is sent until confirmed.
  await form.locator('input[name="topic"]').fill('plant/boiler/mode')
  await form.locator('textarea[name="payload"]').fill('AUTO')
  await form.locator('select[name="encoding"]').selectOption('text')
  await form.locator('input[name="retain"]').check()
  await form.locator('[data-action="publish"]').click()
  await expect(form.locator('[data-action="confirm-retained"]')).toBeVisible()
  // Publish again (or Enter) is not the confirmation: still nothing sent.
  await form.locator('[data-action="publish"]').click()
  await form.locator('input[name="topic"]').press('Enter')
  await page.waitForTimeout(300)
  expect(received.some((m) => m.topic === 'plant/boiler/mode')).toBe(false)
  await form.locator('[data-action="confirm-retained"]').click()
  await expect.poll(() => received.find((m) => m.topic === 'plant/boiler/mode')?.payload).toBe('AUTO')

  // The ACL lets desk write only under plant/: the broker says no, with its reason code.
  await form.locator('input[name="retain"]').uncheck()
  await form.locator('input[name="topic"]').fill('spBv1.0/G/NCMD/N')
  await form.locator('[data-action="publish"]').click()
  await expect(form.locator('[data-publish-result]')).toHaveAttribute('data-publish-result', 'refused')
  await expect(form.locator('[data-publish-result]')).toContainText('Not authorized (0x87)')

  await expect(form.locator('[data-publish-entry]')).toHaveCount(3)
  await expect(form.locator('[data-publish-entry]').first()).toHaveAttribute('data-publish-entry', 'refused')
})
