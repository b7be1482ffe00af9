import { expect, test } from '@playwright/test'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { EdgeNode } from '../harness/sparkplugEdgeNode'
import { writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * A Sparkplug B plant on the gauge board, in Chromium, from a real Mosquitto and an edge-node
 * simulator: the births' metrics appear as gauges with their names and units under their node's
 * group, follow the data, and say OFFLINE when the node's death certificate arrives.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let broker: Mosquitto
let serve: ServeProcess
let config: ConfigDir

test.beforeAll(async () => {
  broker = await Mosquitto.start()
  config = writeConfigDir({
    market: [],
    telemetry: [{ id: 'plant', url: broker.url, subscriptions: [{ topic: 'spBv1.0/#', qos: 0 }] }]
  })
  serve = await startServeOn(config)
})

test.afterAll(async () => {
  await serve?.stop()
  await broker?.stop()
  config?.remove()
})

test('a Sparkplug node’s metrics are gauges with their units, and go OFFLINE on its death', async ({
  page
}) => {
  await page.goto(serve.url)
  const edge = new EdgeNode({ url: broker.url, group: 'Plant1', node: 'Edge1', device: 'Pump 3', bdSeq: 1 })
  await edge.start()
  const pressure = page.locator('[data-sensor="plant/Plant1/Edge1/Pump 3/Pressure"]')
  await expect(pressure).toBeVisible()
  await expect(pressure.locator('.label')).toHaveText('Pressure')
  await expect(pressure.locator('.unit').first()).toHaveText('bar')
  await expect(pressure.locator('[data-field="value"]')).toContainText('4.2')
  await edge.data([{ alias: 10, type: 'Double', value: 6.75 }], true)
  await expect(pressure.locator('[data-field="value"]')).toContainText('6.75')
  const running = page.locator('[data-sensor="plant/Plant1/Edge1/Running"]')
  await expect(running).toHaveAttribute('data-kind', 'boolean')
  edge.kill()
  await expect(pressure).toHaveAttribute('data-state', 'stale', { timeout: 10_000 })
  await expect(pressure.locator('[data-stale-reason]')).toHaveText('OFFLINE')
  await expect(pressure.locator('[data-stale-reason]')).toHaveAttribute(
    'data-stale-reason',
    'offline (death certificate)'
  )
  await expect(running).toHaveAttribute('data-state', 'stale')
})
