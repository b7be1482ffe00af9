import { expect, test } from '@playwright/test'
import type { StatsPayload } from '@shared/model'
import { FeedServer } from '../harness/feedServer'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * Issue 3's promise: a feed that stalls is visibly reconnecting within its watchdog time and
 * visibly live again afterwards, never silently frozen.
 */
let feed: FeedServer
let serve: ServeProcess
let config: ConfigDir

test.beforeAll(async () => {
  feed = await FeedServer.start()
  config = writeConfigDir({
    market: [
      deskFeed(feed.url, {
        symbols: ['AAPL'],
        watchdogMs: 2_000,
        staleAfterMs: 1_500,
        // Long enough that "reconnecting" is on screen for a while, not a blink a busy machine misses.
        reconnect: { initialDelayMs: 1_500, maxDelayMs: 2_000 }
      })
    ]
  })
  serve = await startServe(['--port', '0', '--config', config.configFile, '--state-dir', config.stateDir])
})

test.afterAll(async () => {
  expect(await serve?.stop()).toBe(0)
  await feed?.close()
  config?.remove()
})

test('a stalled feed shows reconnecting, then live again, and its row shows stale meanwhile', async ({
  page
}) => {
  await page.goto(serve.url)
  const chip = page.locator('[data-source="desk"]')
  await expect(chip).toHaveAttribute('data-state', 'open')
  feed.send({ s: 'AAPL', p: 101.25 })
  const row = page.locator('[data-ticker="desk/AAPL"]')
  await expect(row.locator('[data-field="last"]')).toHaveText('101.25')

  // The server keeps the socket open but says nothing more: a stalled feed.
  const connectionsBefore = feed.connections
  await expect(row).toHaveAttribute('data-stale', 'true', { timeout: 5_000 })
  await expect(chip).toHaveAttribute('data-state', 'reconnecting', { timeout: 6_000 })
  await expect.poll(() => feed.connections, { timeout: 6_000 }).toBeGreaterThan(connectionsBefore)
  await expect(chip).toHaveAttribute('data-state', 'open')

  // Live again: a new value shows and the row is no longer stale.
  feed.send({ s: 'AAPL', p: 102.5 })
  await expect(row.locator('[data-field="last"]')).toHaveText('102.50')
  await expect(row).toHaveAttribute('data-stale', 'false')

  const stats = (await (await page.request.get(`${serve.origin}/api/stats`)).json()) as StatsPayload
  const desk = stats.sources.find((s) => s.id === 'desk')!
  expect(desk.reconnects).toBeGreaterThanOrEqual(1)
  expect(desk.lastError).toMatch(/watchdog/)
})
