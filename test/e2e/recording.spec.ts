import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { FeedServer } from '../harness/feedServer'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServe, startServeOn, type ServeProcess } from './support/serveProcess'

/**
 * Record from the status bar, then replay the recording: the page says REPLAY unmistakably
 * (`data-replay="true"` on the root and the banner), pause and speed work, and the replay ends
 * on the values the live session showed.
 */
let feed: FeedServer
let config: ConfigDir
let serve: ServeProcess | null = null

test.beforeAll(async () => {
  feed = await FeedServer.start()
  config = writeConfigDir({ market: [deskFeed(feed.url, { symbols: ['AAPL', 'MSFT'] })] })
})

test.afterAll(async () => {
  await serve?.stop()
  await feed?.close()
  config?.remove()
})

test('record a session from the status bar and replay it', async ({ page }) => {
  serve = await startServeOn(config)
  await page.goto(serve.url)
  await expect(page.locator('html')).toHaveAttribute('data-replay', 'false')
  const record = page.locator('[data-action="toggle-recording"]')
  await expect(record).toHaveAttribute('data-recording', 'false')
  await record.click()
  await expect(record).toHaveAttribute('data-recording', 'true')
  for (let i = 1; i <= 30; i++) {
    feed.send({ s: i % 2 ? 'AAPL' : 'MSFT', p: 100 + i, b: 99 + i, a: 101 + i, v: i, E: Date.now() })
    await page.waitForTimeout(20)
  }
  await expect(page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('129.00')
  await expect(page.locator('[data-ticker="desk/MSFT"] [data-field="last"]')).toHaveText('130.00')
  await expect(record).toContainText(/REC \d/)
  await record.click()
  await expect(record).toHaveAttribute('data-recording', 'false')
  await serve.stop()

  const dir = join(config.stateDir, 'recordings')
  const [file] = readdirSync(dir)
  const connections = feed.connections
  serve = await startServe([
    '--replay',
    join(dir, file),
    '--speed',
    '1',
    '--port',
    '0',
    '--state-dir',
    config.stateDir
  ])
  await page.goto(serve.url)
  await expect(page.locator('html')).toHaveAttribute('data-replay', 'true')
  const bar = page.locator('[data-replay-bar]')
  await expect(bar).toContainText('REPLAY')
  await expect(bar).toContainText(file)
  await expect(page.locator('[data-action="toggle-recording"]')).toHaveCount(0)
  await page.locator('[data-action="replay-pause"]').click()
  await expect(bar).toHaveAttribute('data-replay-state', 'paused')
  await page.locator('[data-action="replay-pause"]').click()
  await page.locator('[data-replay-speed="max"]').click()
  await expect(bar).toHaveAttribute('data-replay-state', 'finished')
  await expect(page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('129.00')
  await expect(page.locator('[data-ticker="desk/MSFT"] [data-field="last"]')).toHaveText('130.00')
  expect(feed.connections).toBe(connections)
})
