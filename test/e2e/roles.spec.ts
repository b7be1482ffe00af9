import { expect, test } from '@playwright/test'
import { FeedServer } from '../harness/feedServer'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * Roles in the page: a wall screen's viewer token sees everything and can change nothing (the
 * controls are disabled, saying why); the operator token edits watchlists but not sensor limits.
 */

let feed: FeedServer
let serve: ServeProcess | null = null
let config: ConfigDir

test.beforeAll(async () => {
  feed = await FeedServer.start()
  config = writeConfigDir({ market: [deskFeed(feed.url)], telemetry: [] })
  serve = await startServe(['--port', '0', '--config', config.configFile, '--state-dir', config.stateDir], {
    TICKWIRE_VIEWER_TOKEN: 'wall-screen',
    TICKWIRE_TOKEN: 'desk-operator'
  })
})

test.afterAll(async () => {
  await serve?.stop()
  await feed?.close()
  config?.remove()
})

const origin = (): string => new URL(serve!.url).origin

test('a viewer token shows live data with every change disabled; an operator may edit watchlists', async ({
  page
}) => {
  await page.goto(`${origin()}/?token=wall-screen`)
  feed.send({ s: 'AAPL', p: 189.32, v: 1000, E: Date.now() })
  await expect(page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('189.32')
  const input = page.locator('[data-watchlist-input="desk"]')
  await expect(input).toBeDisabled()
  await expect(input).toHaveAttribute('title', /operator role/)
  await expect(page.locator('[data-ticker="desk/AAPL"] [data-action="remove-symbol"]')).toHaveCount(0)

  await page.goto(`${origin()}/?token=desk-operator`)
  await expect(page.locator('[data-watchlist-input="desk"]')).toBeEnabled()
  await page.locator('[data-watchlist-input="desk"]').fill('NVDA')
  await page.locator('[data-watchlist-input="desk"]').press('Enter')
  await expect
    .poll(() => feed.received.map((t) => JSON.parse(t) as unknown))
    .toContainEqual({ op: 'subscribe', symbols: ['AAPL', 'MSFT', 'NVDA'] })
})
