import { expect, test } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { Mosquitto, mosquittoUnavailable } from '../harness/mosquitto'
import { EdgeNode } from '../harness/sparkplugEdgeNode'
import { writeConfigDir, type ConfigDir } from './support/configFile'
import { startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * The topic explorer in Chromium against a real Mosquitto: the tree of every topic seen (levels
 * open and closed, a filter), a topic's messages with their MQTT 5 properties, the payload as
 * text, JSON, hex, base64 and decoded Sparkplug, a big payload said to be cut, "Add as gauge"
 * opening the sensor editor, and thousands of topics with only the rows in sight in the page.
 */
test.skip(mosquittoUnavailable() !== null, mosquittoUnavailable() ?? '')

let broker: Mosquitto
let serve: ServeProcess
let config: ConfigDir
let client: MqttClient
let edge: EdgeNode
const MANY = 5_000

test.beforeAll(async () => {
  broker = await Mosquitto.start()
  config = writeConfigDir({
    market: [],
    telemetry: [
      {
        id: 'plant',
        url: broker.url,
        subscriptions: [
          { topic: 'plant/#', qos: 1 },
          { topic: 'spBv1.0/#', qos: 0 },
          { topic: 'many/#', qos: 0 }
        ]
      }
    ]
  })
  client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'topics-e2e' })
  // Stored before Tickwire subscribes, so it arrives as the broker's retained value.
  await client.publishAsync('plant/boiler1/temp', '{"value": 21.5, "unit": "°C"}', {
    qos: 1,
    retain: true,
    properties: { contentType: 'application/json', userProperties: { line: 'A' } }
  })
  serve = await startServeOn(config)
  // The retained value arriving says the subscriptions are in place: nothing after it is missed.
  await expect
    .poll(
      async () => {
        const snapshot = (await (await fetch(`${serve.origin}/api/snapshot`)).json()) as {
          readings: { key: string }[]
        }
        return snapshot.readings.some((r) => r.key === 'plant/plant/boiler1/temp#value')
      },
      { timeout: 15_000 }
    )
    .toBe(true)
  await client.publishAsync('plant/boiler1/state', 'RUNNING', { qos: 0 })
  await client.publishAsync('plant/ids', '{"id":12345678901234567890,"tags":[],"at":{}}', { qos: 0 })
  await client.publishAsync('plant/boiler2/temp', '19.25', { qos: 0 })
  await client.publishAsync('plant/blob', Buffer.alloc(100_000, 0x41), { qos: 0 })
  await client.publishAsync('plant/raw', Buffer.from([0x00, 0x01, 0xfe, 0xff]), { qos: 0 })
  edge = new EdgeNode({ url: broker.url, group: 'Plant1', node: 'Edge1', device: 'Pump 3', bdSeq: 1 })
  await edge.start()
  await edge.data([{ alias: 1, type: 'Float', value: 82.25 }])
})

test.afterAll(async () => {
  await edge?.stop()
  await client?.endAsync()
  await serve?.stop()
  await broker?.stop()
  config?.remove()
})

test('the tree shows every level with its topics, opens and closes, and filters', async ({ page }) => {
  await page.goto(serve.url)
  await page.click('[data-action="open-topics"]')
  const panel = page.locator('[data-panel="topics"]')
  await expect(panel).toBeVisible()
  const temp = panel.locator('[data-topic="plant/boiler1/temp"]')
  await expect(temp).toBeVisible()
  await expect(temp).toContainText('{"value": 21.5')
  await expect(temp.locator('.flag')).toHaveText('R')
  await expect(panel.locator('[data-topic="plant/boiler1"]')).toContainText('2 topics')
  await expect(panel.locator('[data-topic="plant/raw"]')).toContainText('binary, 4 bytes')
  // Closing a level hides what is below it.
  await panel.locator('[data-topic="plant"] [data-action="toggle-level"]').click()
  await expect(temp).toHaveCount(0)
  await expect(panel.locator('[data-topic="plant"]')).toHaveAttribute('aria-expanded', 'false')
  await panel.locator('[data-topic="plant"] [data-action="toggle-level"]').click()
  await expect(temp).toBeVisible()
  // A level nothing was published to itself says what is below it.
  await panel.locator('[data-topic="plant/boiler1"] .name').click()
  await expect(panel.locator('[data-level-summary]')).toContainText('2 topics and')
  await panel.locator('[data-topic="plant/boiler1"] [data-action="toggle-level"]').click()
  await expect(temp).toBeVisible()
  // A filter: text, then an MQTT filter.
  await panel.locator('input[name="topic-filter"]').fill('boiler')
  await expect(panel.locator('[data-topic="plant/blob"]')).toHaveCount(0)
  await expect(temp).toBeVisible()
  await panel.locator('input[name="topic-filter"]').fill('plant/+/temp')
  await expect(panel.locator('[data-topic="plant/boiler2/temp"]')).toBeVisible()
  await expect(panel.locator('[data-topic="plant/boiler1/state"]')).toHaveCount(0)
  await panel.locator('input[name="topic-filter"]').fill('nothing-like-this')
  await expect(panel).toContainText('No topic matches')
  // Closing the explorer brings the board back.
  await page.click('[data-action="close-topics"]')
  await expect(panel).toHaveCount(0)
  await expect(page.locator('[data-sensor="plant/plant/boiler2/temp"]')).toBeVisible()
})

test('a topic’s messages with MQTT 5 properties, and the payload as text, JSON, hex and base64', async ({
  page
}) => {
  await page.goto(serve.url)
  await page.click('[data-action="open-topics"]')
  const panel = page.locator('[data-panel="topics"]')
  await panel.locator('[data-topic="plant/boiler1/temp"]').click()
  const inspector = panel.locator('[data-topic-inspector]')
  await expect(inspector).toHaveAttribute('data-inspected-topic', 'plant/boiler1/temp')
  await expect(inspector.locator('[data-topic-message]').first()).toContainText('retained')
  await expect(inspector.locator('[data-message-properties]')).toContainText('application/json')
  await expect(inspector.locator('[data-message-properties]')).toContainText('user: line')
  // A JSON object opens as JSON, laid out.
  const json = inspector.locator('[data-payload-view="json"]')
  await expect(json).toHaveAttribute('data-selected', 'true')
  await expect(json.locator('pre')).toHaveText('{\n  "value": 21.5,\n  "unit": "°C"\n}')
  await inspector.locator('[data-payload-view="hex"]').click()
  await expect(inspector.locator('[data-payload-view="hex"] pre')).toBeVisible()
  await expect(inspector.locator('[data-payload-view="hex"] pre')).toContainText('00000000  7b 22 76 61')
  await inspector.locator('[data-payload-view="base64"]').click()
  await expect(inspector.locator('[data-payload-view="base64"] pre')).toHaveText(
    Buffer.from('{"value": 21.5, "unit": "°C"}').toString('base64')
  )
  await inspector.locator('[data-payload-view="text"]').click()
  await expect(inspector.locator('[data-payload-view="text"] pre')).toHaveText(
    '{"value": 21.5, "unit": "°C"}'
  )
  // The chosen view holds for the next topic; JSON keeps every literal as sent (no rounding through a double).
  await panel.locator('[data-topic="plant/ids"]').click()
  await inspector.locator('[data-payload-view="json"]').click()
  await expect(inspector.locator('[data-payload-view="json"] pre')).toHaveText(
    '{\n  "id": 12345678901234567890,\n  "tags": [],\n  "at": {}\n}'
  )
  await panel.locator('[data-topic="plant/boiler1/temp"]').click()
  // Its value is on the board: "Add as gauge" opens the sensor editor for it.
  await inspector
    .locator('[data-board-sensor="plant/plant/boiler1/temp#value"] [data-action="add-gauge"]')
    .click()
  await expect(panel).toHaveCount(0)
  await expect(page.locator('[data-sensor-editor="plant/plant/boiler1/temp#value"]')).toBeVisible()
})

test('a big payload is shown cut with its size said; a binary one opens as hex', async ({ page }) => {
  await page.goto(serve.url)
  await page.click('[data-action="open-topics"]')
  const panel = page.locator('[data-panel="topics"]')
  await panel.locator('[data-topic="plant/blob"]').click()
  const inspector = panel.locator('[data-topic-inspector]')
  await expect(inspector.locator('[data-payload-truncated]')).toContainText('of 97.7 KB (100,000 bytes)')
  await expect(inspector.locator('[data-payload-view="text"]')).toHaveAttribute('data-selected', 'true')
  await panel.locator('[data-topic="plant/raw"]').click()
  await expect(inspector.locator('[data-payload-view="hex"]')).toHaveAttribute('data-selected', 'true')
  await expect(inspector.locator('[data-payload-view="hex"] pre')).toContainText('00 01 fe ff')
  await expect(inspector.locator('[data-payload-view="json"]')).toContainText('not JSON')
})

test('a Sparkplug message is decoded, an alias named from the birth, and a metric added as gauge', async ({
  page
}) => {
  await page.goto(serve.url)
  await page.click('[data-action="open-topics"]')
  const panel = page.locator('[data-panel="topics"]')
  const ndata = panel.locator('[data-topic="spBv1.0/Plant1/NDATA/Edge1"]')
  await expect(ndata).toContainText('Sparkplug B')
  await ndata.click()
  const sparkplug = panel.locator('[data-payload-view="sparkplug"]')
  await expect(sparkplug).toHaveAttribute('data-selected', 'true')
  const metric = sparkplug.locator('[data-metric="Boiler/Temperature"]')
  await expect(metric).toContainText('Float')
  await expect(metric).toContainText('82.25')
  await panel.locator('[data-topic="spBv1.0/Plant1/DBIRTH/Edge1/Pump 3"]').click()
  await expect(sparkplug.locator('[data-metric="Pressure"]')).toContainText('bar')
  await sparkplug.locator('[data-metric="Pressure"] [data-action="add-gauge"]').click()
  await expect(page.locator('[data-sensor-editor="plant/Plant1/Edge1/Pump 3/Pressure"]')).toBeVisible()
})

test('thousands of topics: only the rows in sight are in the page, and the last one scrolls into view', async ({
  page
}) => {
  for (let i = 0; i < MANY; i++) client.publish(`many/line${Math.floor(i / 100)}/sensor${i % 100}`, String(i))
  await page.goto(serve.url)
  await page.click('[data-action="open-topics"]')
  const panel = page.locator('[data-panel="topics"]')
  await expect(panel.locator('[data-topic-count]')).toContainText(/^5,0\d\d topics$/, { timeout: 20_000 })
  expect(await panel.locator('[data-topic]').count()).toBeLessThan(120)
  await panel.locator('[role="tree"]').evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(panel.locator('[data-topic="spBv1.0/Plant1/NDATA/Edge1"]')).toBeVisible()
  // Natural order: sensor99 comes after sensor10, line49 is the last line.
  await panel.locator('input[name="topic-filter"]').fill('many/line49/')
  await expect(panel.locator('[data-topic="spBv1.0/Plant1/NDATA/Edge1"]')).toHaveCount(0)
  // A new filter shows its rows from the top.
  await expect(panel.locator('[data-topic="many/line49/sensor0"]')).toBeVisible()
  await expect(panel.locator('[data-topic="many/line49/sensor99"]')).toHaveCount(0)
  const shown = await panel
    .locator('[data-topic^="many/line49/sensor"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-topic')))
  expect(shown.slice(0, 3)).toEqual(['many/line49/sensor0', 'many/line49/sensor1', 'many/line49/sensor2'])
})
