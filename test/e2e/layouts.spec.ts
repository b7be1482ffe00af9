import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * Layouts, kiosk and themes in browser mode, on the embedded demo: what a desk arranges comes
 * back after a reload and by name (`?layout=`), is kept in the state directory's layouts.json,
 * a wall in kiosk mode has nothing to edit, and the page follows the OS theme unless told.
 */
let serve: ServeProcess
let stateDir: string

test.beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'tickwire-layouts-e2e-'))
  serve = await startServe(['--port', '0', '--state-dir', stateDir])
})
test.afterAll(async () => {
  expect(await serve.stop()).toBe(0)
  rmSync(stateDir, { recursive: true, force: true })
})

const url = (query = ''): string => `${serve.origin}/${query}`
const panel = (page: Page, name: string) => page.locator(`[data-panel="${name}"]`)

async function openMenu(page: Page): Promise<void> {
  const menu = page.locator('[data-layout-menu]')
  if ((await menu.getAttribute('open')) === null) await page.locator('[data-action="layout-menu"]').click()
}

test('panels carry data-panel; hiding one and filling the window come back after a reload', async ({
  page
}) => {
  await page.goto(url())
  for (const name of ['tickers', 'gauges', 'latency', 'alarms']) await expect(panel(page, name)).toBeVisible()
  await openMenu(page)
  await page.locator('[data-layout-panel="latency"]').uncheck()
  await expect(panel(page, 'latency')).toHaveCount(0)
  // Alarms take the bottom row alone.
  const row = await panel(page, 'alarms').boundingBox()
  const tickers = await panel(page, 'tickers').boundingBox()
  expect(row!.width).toBeGreaterThan(tickers!.width)
  await page.reload()
  await expect(panel(page, 'alarms')).toBeVisible()
  await expect(panel(page, 'latency')).toHaveCount(0)

  await openMenu(page)
  await page.locator('[data-layout-fill]').selectOption('gauges')
  await expect(panel(page, 'gauges')).toBeVisible()
  await expect(panel(page, 'tickers')).toHaveCount(0)
  await expect(panel(page, 'alarms')).toHaveCount(0)
  await page.locator('[data-action="reset-layout"]').click()
  for (const name of ['tickers', 'gauges', 'latency', 'alarms']) await expect(panel(page, name)).toBeVisible()
})

test('a splitter moves with the keyboard and is kept', async ({ page }) => {
  await page.goto(url())
  const splitter = page.locator('[data-splitter="columns"]')
  const before = (await panel(page, 'tickers').boundingBox())!.width
  await splitter.focus()
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft')
  await expect.poll(async () => (await panel(page, 'tickers').boundingBox())!.width).toBeLessThan(before - 50)
  const moved = Number(await splitter.getAttribute('aria-valuenow'))
  await page.reload()
  await expect(page.locator('[data-splitter="columns"]')).toHaveAttribute('aria-valuenow', String(moved))
  await page.locator('[data-splitter="columns"]').focus()
  await page.keyboard.press('End')
  await expect(page.locator('[data-splitter="columns"]')).toHaveAttribute('aria-valuenow', '80')
  await openMenu(page)
  await page.locator('[data-action="reset-layout"]').click()
})

test('a named layout is saved in layouts.json and opened by ?layout=, in another page too', async ({
  page,
  browser
}) => {
  await page.goto(url())
  await openMenu(page)
  await page.locator('[data-layout-fill]').selectOption('alarms')
  await page.locator('[data-layout-name]').fill('Alarm wall')
  await page.locator('[data-action="save-layout"]').click()
  await expect(page.locator('[data-layout="Alarm wall"]')).toHaveAttribute('aria-current', 'true')
  // The address says which layout shows (a reload, a bookmark, a desktop window's restore).
  expect(new URL(page.url()).searchParams.get('layout')).toBe('Alarm wall')
  await expect
    .poll(() => {
      try {
        return JSON.parse(readFileSync(join(stateDir, 'layouts.json'), 'utf8')).layouts['Alarm wall']?.fill
      } catch {
        return undefined
      }
    })
    .toBe('alarms')
  await page.locator('[data-action="reset-layout"]').click()
  await expect(panel(page, 'tickers')).toBeVisible()
  expect(new URL(page.url()).searchParams.has('layout')).toBe(false)

  // A fresh browser (no local storage) opens it by name.
  const other = await browser.newContext()
  const second = await other.newPage()
  await second.goto(url('?layout=Alarm%20wall'))
  await expect(panel(second, 'alarms')).toBeVisible()
  await expect(panel(second, 'tickers')).toHaveCount(0)
  await expect(second.locator('[data-action="layout-menu"]')).toContainText('Alarm wall')
  // An unknown name says so and shows the default.
  await second.goto(url('?layout=Nope'))
  await expect(panel(second, 'tickers')).toBeVisible()
  await openMenu(second)
  await expect(second.locator('[data-layout-error]')).toContainText('no saved layout named “Nope”')
  await other.close()

  // Applied from the menu, then deleted.
  await openMenu(page)
  await page.locator('[data-layout="Alarm wall"]').click()
  await expect(panel(page, 'tickers')).toHaveCount(0)
  await openMenu(page)
  await page.locator('[data-layout-delete="Alarm wall"]').click()
  await expect(page.locator('[data-layout="Alarm wall"]')).toHaveCount(0)
  await page.locator('[data-action="reset-layout"]').click()
})

test('?kiosk=1 marks the page, hides every editing control and locks the layout; alarms stay acknowledgeable', async ({
  page
}) => {
  await page.goto(url('?kiosk=1'))
  await expect(page.locator('html')).toHaveAttribute('data-kiosk', 'true')
  await expect(panel(page, 'gauges')).toBeVisible()
  for (const hook of [
    '[data-action="layout-menu"]',
    '[data-action="open-connections"]',
    '[data-action="open-publish"]',
    '[data-action="open-topics"]',
    '[data-action="toggle-wall"]',
    '[data-splitter]',
    '[data-watchlist-input]'
  ])
    await expect(page.locator(hook).first()).toBeHidden()
  // A click on a gauge opens no chart: the layout stays as it is.
  await page.locator('[data-sensor]').first().click()
  await expect(panel(page, 'chart')).toHaveCount(0)
  await expect(page.locator('[data-action="remove-symbol"]').first()).toBeHidden()
  // The demo raises alarms; their Ack buttons are there.
  await expect(page.locator('[data-panel="alarms"] button', { hasText: 'Ack' }).first()).toBeVisible({
    timeout: 30_000
  })
  // An alarm's sensor name opens no editor there.
  await page.locator('[data-panel="alarms"] [data-alarm] .what button').first().click()
  await expect(page.locator('.editor')).toHaveCount(0)
  // The palette selects, but moves nothing: a kiosk wall stays the wall.
  await page.goto(url('?kiosk=1&view=wall'))
  await expect(panel(page, 'gauges')).toBeVisible()
  await page.keyboard.press('Control+K')
  await page.keyboard.type('AAPL')
  await page.keyboard.press('Enter')
  await expect(panel(page, 'tickers')).toHaveCount(0)
  await expect(page.locator('.board.wall')).toBeVisible()
  // The cursor hides when idle.
  await expect(page.locator('html')).toHaveAttribute('data-cursor-idle', 'true', { timeout: 10_000 })
  await page.mouse.move(200, 200)
  await expect(page.locator('html')).not.toHaveAttribute('data-cursor-idle', 'true')
})

test('follows the OS scheme, and ?theme= overrides it', async ({ page }) => {
  const background = (): Promise<string> =>
    page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(url())
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const darkBg = await background()
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  expect(await background()).not.toBe(darkBg)
  await page.goto(url('?theme=contrast'))
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast')
  expect(await background()).toBe('rgb(0, 0, 0)')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast')
  // The user's own choice, when the address says nothing.
  await page.goto(url())
  await openMenu(page)
  await page.locator('[data-theme-choice]').selectOption('light')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await openMenu(page)
  await page.locator('[data-theme-choice]').selectOption('system')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
})
