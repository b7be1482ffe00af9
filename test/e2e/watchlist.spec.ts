import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { FeedServer } from '../harness/feedServer'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * The watchlist end to end: a real feed server behind a `json` adapter with a subscribe template.
 * Symbols added and removed in the UI reach the feed as exact subscribe messages, an added symbol
 * ticks on screen, and the choice survives a restart of serve with the same --state-dir.
 */

let feed: FeedServer
let serve: ServeProcess | null = null
let config: ConfigDir
let configFile: string
let stateDir: string

const serveArgs = (): string[] => ['--port', '0', '--config', configFile, '--state-dir', stateDir]
const subscribes = (): unknown[] => feed.received.map((text) => JSON.parse(text) as unknown)

/** Row keys top to bottom, as painted (rows are absolutely positioned). */
async function rowOrder(page: Page): Promise<string[]> {
  const rows = await page
    .locator('[data-ticker]')
    .evaluateAll((els) =>
      els.map((e) => ({ key: e.getAttribute('data-ticker') ?? '', top: e.getBoundingClientRect().top }))
    )
  return rows.sort((a, b) => a.top - b.top).map((r) => r.key)
}

test.beforeAll(async () => {
  feed = await FeedServer.start()
  config = writeConfigDir({ market: [deskFeed(feed.url)], telemetry: [] })
  stateDir = config.stateDir
  configFile = config.configFile
})

test.afterAll(async () => {
  await serve?.stop()
  await feed?.close()
  config?.remove()
})

test('add, tick, remove, filter and sort through the UI; the watchlist survives a restart', async ({
  page
}) => {
  serve = await startServe(serveArgs())
  await expect.poll(subscribes).toEqual([{ op: 'subscribe', symbols: ['AAPL', 'MSFT'] }])
  await page.goto(serve.url)

  const now = Date.now()
  feed.send({ s: 'AAPL', p: 189.32, v: 1000, E: now })
  feed.send({ s: 'MSFT', p: 412.25, v: 500, E: now })
  await expect(page.locator('[data-ticker="desk/MSFT"] [data-field="last"]')).toHaveText('412.25')

  // Client-side validation: nothing is sent for a symbol with a double space.
  const input = page.locator('[data-watchlist-input="desk"]')
  await input.fill('BAD  SYM')
  await input.press('Enter')
  await expect(page.locator('[data-watchlist-problem="desk"]')).toBeVisible()
  await expect(input).toHaveValue('BAD  SYM')

  // Add: the feed gets the full new list, the row shows at once, awaiting data.
  await input.fill('NVDA')
  await input.press('Enter')
  await expect(input).toHaveValue('')
  await expect(page.locator('[data-watchlist-problem="desk"]')).toHaveCount(0)
  const nvda = page.locator('[data-ticker="desk/NVDA"]')
  await expect(nvda).toHaveAttribute('data-watch', 'awaiting')
  await expect(nvda.locator('[data-field="last"]')).toHaveText('—')
  await expect(nvda.locator('[data-field="watch-status"]')).toHaveText('awaiting data')
  await expect.poll(() => subscribes().at(-1)).toEqual({ op: 'subscribe', symbols: ['AAPL', 'MSFT', 'NVDA'] })

  // It ticks.
  feed.send({ s: 'NVDA', p: 131.07, b: 131.06, a: 131.08, v: 2000, E: Date.now() })
  await expect(nvda.locator('[data-field="last"]')).toHaveText('131.07')
  await expect(nvda).toHaveAttribute('data-watch', 'live')

  // Remove through the row's × control.
  const msft = page.locator('[data-ticker="desk/MSFT"]')
  await msft.hover()
  await msft.locator('[data-action="remove-symbol"]').click()
  await expect(msft).toHaveCount(0)
  await expect.poll(() => subscribes().at(-1)).toEqual({ op: 'subscribe', symbols: ['AAPL', 'NVDA'] })
  // A late tick for the removed symbol does not bring the row back.
  feed.send({ s: 'MSFT', p: 413, E: Date.now() })
  feed.send({ s: 'AAPL', p: 189.5, E: Date.now() })
  await expect(page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('189.50')
  await expect(msft).toHaveCount(0)

  // Filter.
  const filter = page.locator('[data-grid-filter]')
  await filter.fill('nv')
  await expect(page.locator('[data-ticker]')).toHaveCount(1)
  await expect(nvda).toHaveCount(1)
  await filter.fill('')
  await expect(page.locator('[data-ticker]')).toHaveCount(2)

  // Sort by last: ascending, then descending, with the indicator on the header.
  const byLast = page.locator('[data-sort="last"]')
  await byLast.click()
  await expect(byLast).toContainText('▲')
  await expect.poll(() => rowOrder(page)).toEqual(['desk/NVDA', 'desk/AAPL'])
  await byLast.click()
  await expect(byLast).toContainText('▼')
  await expect.poll(() => rowOrder(page)).toEqual(['desk/AAPL', 'desk/NVDA'])
  await page.locator('[data-sort="symbol"]').click()
  await expect.poll(() => rowOrder(page)).toEqual(['desk/AAPL', 'desk/NVDA'])
  await page.locator('[data-sort="symbol"]').click()
  await expect.poll(() => rowOrder(page)).toEqual(['desk/NVDA', 'desk/AAPL'])

  // Filter and sort survive a reload (localStorage).
  await filter.fill('a')
  await page.reload()
  await expect(page.locator('[data-grid-filter]')).toHaveValue('a')
  await expect(page.locator('[data-sort="symbol"]')).toContainText('▼')
  await page.locator('[data-grid-filter]').fill('')

  // Restart serve with the same state directory and configuration.
  expect(await serve.stop()).toBe(0)
  const saved = join(stateDir, 'watchlists.json')
  expect(existsSync(saved)).toBe(true)
  expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual({
    version: 1,
    watchlists: { desk: ['AAPL', 'NVDA'] }
  })
  const before = feed.received.length
  serve = await startServe(serveArgs())
  await expect
    .poll(() => subscribes().slice(before))
    .toEqual([{ op: 'subscribe', symbols: ['AAPL', 'NVDA'] }])
  await page.goto(serve.url)
  await expect(page.locator('[data-ticker="desk/NVDA"]')).toHaveAttribute('data-watch', 'awaiting')
  await expect(page.locator('[data-ticker="desk/AAPL"]')).toHaveCount(1)
  await expect(page.locator('[data-ticker="desk/MSFT"]')).toHaveCount(0)
  feed.send({ s: 'NVDA', p: 132.5, E: Date.now() })
  await expect(page.locator('[data-ticker="desk/NVDA"] [data-field="last"]')).toHaveText('132.50')
  feed.send({ s: 'MSFT', p: 414, E: Date.now() })
  feed.send({ s: 'AAPL', p: 190, E: Date.now() })
  await expect(page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('190.00')
  await expect(page.locator('[data-ticker="desk/MSFT"]')).toHaveCount(0)
  expect(await serve.stop()).toBe(0)
  serve = null
})
