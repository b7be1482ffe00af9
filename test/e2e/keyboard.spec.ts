import { expect, test, type Page } from '@playwright/test'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * Keyboard-first on the embedded demo: the palette (Ctrl+K) jumps to a sensor or symbol and
 * selects it, the arrows move the selection, shortcuts open a chart and acknowledge alarms, and
 * the help lists them.
 */
let serve: ServeProcess

test.beforeAll(async () => {
  serve = await startServe(['--port', '0'])
})
test.afterAll(async () => {
  expect(await serve.stop()).toBe(0)
})

async function palette(page: Page, query: string): Promise<void> {
  await page.keyboard.press('Control+K')
  const dialog = page.locator('[role="dialog"][data-palette]')
  await expect(dialog).toBeVisible()
  await expect(dialog.locator('input')).toBeFocused()
  await page.keyboard.type(query)
}

test('Ctrl+K jumps to a sensor far down the board: scrolled into view and selected', async ({ page }) => {
  // Small enough that the last gauges start out of view.
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(serve.url)
  await expect(page.locator('[data-sensor]').first()).toBeVisible()
  const target = page.locator('[data-sensor="plant/t202-temp"]')
  // Out of view to start with (the board renders only what is in view).
  await expect(target).not.toBeInViewport()
  await palette(page, 'T-202 temp')
  await expect(page.locator('[data-palette-item="sensor:plant/t202-temp"]')).toHaveAttribute(
    'aria-selected',
    'true'
  )
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-palette]')).toHaveCount(0)
  await expect(target).toHaveAttribute('data-selected', 'true')
  await expect(target).toBeInViewport()
  await expect(page.locator('[data-selected="true"]')).toHaveCount(1)
})

test('a symbol is found by name, and the arrows and Enter move and chart from there', async ({ page }) => {
  await page.goto(serve.url)
  await expect(page.locator('[data-ticker]').first()).toBeVisible()
  await palette(page, 'USDCHF')
  await page.keyboard.press('Enter')
  const row = page.locator('[data-ticker="demo/USDCHF"]')
  await expect(row).toHaveAttribute('data-selected', 'true')
  await expect(row).toBeInViewport()
  // Up one row in the grid's order (by symbol): USDCAD.
  await page.keyboard.press('ArrowUp')
  await expect(page.locator('[data-ticker="demo/USDCAD"]')).toHaveAttribute('data-selected', 'true')
  await expect(row).not.toHaveAttribute('data-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-panel="chart"]')).toBeVisible()
  await expect(page.locator('[data-panel="chart"]')).toContainText('USDCAD')
  await page.keyboard.press('Escape')
  await expect(page.locator('[data-selected="true"]')).toHaveCount(0)
})

test('a hidden panel comes back for the row the palette asked for', async ({ page }) => {
  await page.goto(serve.url)
  await page.locator('[data-action="layout-menu"]').click()
  await page.locator('[data-layout-fill]').selectOption('alarms')
  await page.locator('[data-action="layout-menu"]').click()
  await expect(page.locator('[data-panel="tickers"]')).toHaveCount(0)
  await palette(page, 'ETH-USD')
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-ticker="demo/ETH-USD"]')).toHaveAttribute('data-selected', 'true')
  await page.locator('[data-action="layout-menu"]').click()
  await page.locator('[data-action="reset-layout"]').click()
})

test('A acknowledges the selected sensor’s alarms, Shift+A all of them', async ({ page }) => {
  await page.goto(serve.url)
  const open = page.locator('[data-panel="alarms"] [data-alarm][data-alarm-state$="-unacked"]')
  // The demo's excursions are random (about five a minute over its 18 sensors): 40 s saw none
  // now and then in CI; 100 s leaves that to about one run in ten thousand.
  test.setTimeout(150_000)
  await expect(open.first()).toBeVisible({ timeout: 100_000 })
  const key = await open.first().getAttribute('data-alarm-key')
  expect(key).not.toBeNull()
  await palette(page, key!)
  // As in the first test: the sensor is the chosen result before Enter goes to it.
  await expect(page.locator(`[data-palette-item="sensor:${key}"]`)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-palette]')).toHaveCount(0)
  await expect(page.locator(`[data-sensor="${key}"]`)).toHaveAttribute('data-selected', 'true')
  await page.keyboard.press('a')
  await expect
    .poll(() =>
      page.locator(`[data-panel="alarms"] [data-alarm-key="${key}"][data-alarm-state$="-unacked"]`).count()
    )
    .toBe(0)
  await page.keyboard.press('Shift+A')
  await expect
    .poll(() => page.locator('[data-panel="alarms"] [data-alarm-state$="-unacked"]').count())
    .toBe(0)
})

test('focus goes back where it was; keys inside another panel are that panel’s; Esc closes it', async ({
  page
}) => {
  await page.goto(serve.url)
  const filter = page.locator('[data-grid-filter]')
  await filter.focus()
  await page.keyboard.press('Control+K')
  await expect(page.locator('[data-palette-input]')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(filter).toBeFocused()
  // In the Connections panel, W is not the wall view.
  await page.locator('[data-action="open-connections"]').click()
  const connections = page.locator('[data-panel="connections"]')
  await expect(connections).toBeVisible()
  await connections.locator('button').first().focus()
  await page.keyboard.press('w')
  await expect(page.locator('.board.wall')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(connections).toHaveCount(0)
})

test('? lists the shortcuts; Esc closes it, and the palette with it', async ({ page }) => {
  await page.goto(serve.url)
  await page.locator('body').press('?')
  const help = page.locator('[role="dialog"][data-shortcuts]')
  await expect(help).toBeVisible()
  await expect(help).toContainText('Ctrl+K')
  await expect(help.locator('[data-shortcut="ack-all"]')).toContainText('Shift+A')
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)
  await palette(page, 'zzzz-nothing')
  await expect(page.locator('[data-palette]')).toContainText('Nothing matches')
  await page.keyboard.press('Escape')
  await expect(page.locator('[data-palette]')).toHaveCount(0)
})
