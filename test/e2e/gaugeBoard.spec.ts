import { expect, test, type Locator } from '@playwright/test'
import type { MqttClient } from 'mqtt'
import { mosquittoUnavailable } from '../harness/mosquitto'
import { startPlantRig, type PlantRig } from './support/plantRig'

/**
 * A plant of thousands of sensors: the board renders the rows in view, not every gauge, and every
 * gauge is still reached by scrolling, with live values.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

const GROUPS = 30
const PER_GROUP = 100
const topic = (g: number, i: number): string => `plant/line${g}/s${i}`
const key = (g: number, i: number): string => `mill/${topic(g, i)}`

let rig: PlantRig
let publisher: MqttClient

test.beforeAll(async () => {
  rig = await startPlantRig('board', (url) => [
    {
      id: 'mill',
      url,
      subscriptions: [{ topic: 'plant/#' }],
      // Far down the board, in alarm from the first value.
      sensors: [{ topic: topic(GROUPS - 1, 98), id: 'hot', label: 's98', alarm: 50 }]
    }
  ])
  publisher = rig.publisher
})

test.afterAll(async () => {
  await rig?.stop()
})

/** The number a card's value shows, whatever its decimals and digit grouping. */
async function expectValue(card: Locator, value: number): Promise<void> {
  await expect
    .poll(async () =>
      Number(
        (await card.locator('[data-field="value"]').innerText()).replace(/,/g, '').replace('\u2212', '-')
      )
    )
    .toBe(value)
}

async function publishAll(offset: number): Promise<void> {
  for (let g = 0; g < GROUPS; g++)
    for (let i = 0; i < PER_GROUP; i++) publisher.publish(topic(g, i), String(g * PER_GROUP + i + offset))
  // QoS 0 in order on one connection: a QoS 1 publish after them has been delivered after them.
  await publisher.publishAsync('plant/zz/done', String(offset), { qos: 1 })
}

for (const view of ['', '?view=wall']) {
  test(`3,000 sensors${view ? ' on the wall' : ''}: only the rows in view are in the page, the last one scrolls in live`, async ({
    page
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await publishAll(0)
    await page.goto(rig.serve.url + view)
    const board = page.locator('.board')
    await expect(board.locator('.panel-meta')).toContainText(`${GROUPS * PER_GROUP + 1} gauges`, {
      timeout: 20_000
    })
    await expectValue(page.locator(`[data-sensor="${key(0, 0)}"]`), 0)
    const rendered = await page.locator('[data-sensor]').count()
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(400)
    await expect(page.locator(`[data-sensor="${key(GROUPS - 1, PER_GROUP - 1)}"]`)).toHaveCount(0)

    await board.locator('.scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    const last = page.locator(`[data-sensor="${key(GROUPS - 1, PER_GROUP - 1)}"]`)
    await expect(last).toBeInViewport()
    await expectValue(last, GROUPS * PER_GROUP - 1)
    await expect(page.locator(`[data-sensor="${key(0, 0)}"]`)).toHaveCount(0)
    // Live: a new value for a card that came into view shows on it.
    publisher.publish(topic(GROUPS - 1, PER_GROUP - 1), '-7')
    await expectValue(last, -7)
    expect(await page.locator('[data-sensor]').count()).toBeLessThan(400)
    await board.locator('.scroll').evaluate((el) => {
      el.scrollTop = 0
    })
    await expect(page.locator(`[data-sensor="${key(0, 0)}"]`)).toBeInViewport()
  })
}

test('a sensor opened from its alarm, far down the board, is scrolled into view and selected', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await publishAll(0)
  await page.goto(rig.serve.url)
  const hot = page.locator('[data-sensor="mill/hot"]')
  await expect(page.locator('[data-alarm]')).toHaveCount(1, { timeout: 20_000 })
  await expect(hot).toHaveCount(0)
  await page.locator('[data-alarm] button.link').click()
  await expect(page.locator('[data-sensor-editor="mill/hot"]')).toBeVisible()
  await expect(hot).toBeInViewport()
  await expect(hot).toHaveAttribute('data-state', 'alarm')
  await expect(hot).toHaveClass(/selected/)
})
