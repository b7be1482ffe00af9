import { expect, test } from '@playwright/test'
import { electronBinary, launchApp, SKIP_REASON, type RunningApp } from './app'

const binary = electronBinary()

/** Reads the effective preferences (Electron has `getLastWebPreferences` but does not type it). */
interface EffectivePreferences {
  contextIsolation?: boolean
  sandbox?: boolean
  nodeIntegration?: boolean
  webSecurity?: boolean
}

test.describe.serial('the desktop app on the embedded demo', () => {
  test.skip(binary === null, SKIP_REASON)

  let running: RunningApp
  test.beforeAll(async () => {
    running = await launchApp(binary as string)
  })
  test.afterAll(async () => {
    await running?.close()
  })

  test('opens one window titled Tickwire', async () => {
    const windows = await running.app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ title: w.getTitle(), visible: w.isVisible() }))
    )
    expect(windows).toEqual([{ title: 'Tickwire', visible: true }])
  })

  test('shows demo tickers and gauges', async () => {
    await expect(running.page.locator('[data-ticker]').first()).toBeVisible()
    await expect(running.page.locator('[data-sensor]').first()).toBeVisible()
  })

  test('receives frames over the MessagePort: prices move', async () => {
    const lastCells = running.page.locator('[data-ticker] [data-field="last"]')
    await expect(lastCells.first()).toBeVisible()
    const before = (await lastCells.allInnerTexts()).join('|')
    await expect.poll(async () => (await lastCells.allInnerTexts()).join('|')).not.toBe(before)
  })

  test('exposes only the preload bridge to the page', async () => {
    const page = await running.page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown> & {
        tickwire?: { requestPort?: unknown; platform?: unknown; versions?: { electron?: unknown } }
      }
      return {
        require: typeof scope.require,
        process: typeof scope.process,
        requestPort: typeof scope.tickwire?.requestPort,
        platform: scope.tickwire?.platform,
        electron: scope.tickwire?.versions?.electron
      }
    })
    expect(page).toEqual({
      require: 'undefined',
      process: 'undefined',
      requestPort: 'function',
      platform: process.platform,
      electron: expect.stringMatching(/^\d+\.\d+\.\d+/)
    })
  })

  test('keeps the hardened web preferences', async () => {
    const preferences = await running.app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0].webContents as unknown as {
        getLastWebPreferences(): EffectivePreferences | null
      }
      const p = contents.getLastWebPreferences()
      return {
        contextIsolation: p?.contextIsolation,
        sandbox: p?.sandbox,
        nodeIntegration: p?.nodeIntegration,
        webSecurity: p?.webSecurity
      }
    })
    expect(preferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true
    })
  })

  test('refuses new windows, inline scripts and navigation away', async () => {
    const { page } = running
    const urlBefore = page.url()
    expect(urlBefore).toMatch(/^file:.*\/out\/renderer\/index\.html/)

    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/')
      )
    ).toBeNull()

    // The Content-Security-Policy allows scripts only from the app's own files.
    await page.addScriptTag({ content: 'globalThis.__tickwireInlineRan = true' }).catch(() => undefined)
    expect(
      await page.evaluate(() => (globalThis as Record<string, unknown>).__tickwireInlineRan)
    ).toBeUndefined()

    await page.evaluate(() => {
      ;(globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'
    })
    // A refused navigation leaves no event to wait for; give a real one time to start.
    await page.waitForTimeout(1_000)
    expect(page.url()).toBe(urlBefore)
    expect(await running.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    await expect(page.locator('[data-ticker]').first()).toBeVisible()
  })

  test('File › Connections… opens the Connections view, saying how secrets are kept here', async () => {
    await running.app.evaluate(({ Menu }) => {
      const file = Menu.getApplicationMenu()?.items.find((item) => item.label === 'File')
      const item = file?.submenu?.items.find((entry) => entry.label === 'Connections…')
      if (!item) throw new Error('no File › Connections… menu item')
      item.click()
    })
    const panel = running.page.locator('[data-panel="connections"]')
    await expect(panel).toBeVisible()
    // Desktop is admin: it may add connections; the demo's sources are listed, switchable.
    await expect(panel.locator('[data-action="add-broker"]')).toBeEnabled()
    await expect(panel.locator('[data-connection="plant"]')).toHaveAttribute('data-managed', 'true')
    // Encrypted by the OS keychain, or — on Linux without a keyring — told so plainly.
    await expect(panel.locator('[data-secret-storage]')).toHaveText(/encrypted with|file permissions only/)
    await panel.locator('[data-action="close-connections"]').click()
  })

  test('quits cleanly, exit code 0, when its window is closed', async () => {
    const child = running.app.process()
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    await running.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close())
    expect(await exited).toBe(0)
  })
})
