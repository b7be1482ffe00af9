import { expect, type ElectronApplication, type Page } from '@playwright/test'

/** Clicks an application menu item by its labels, e.g. `['View', 'New Window', 'Default layout']`. */
export async function clickMenu(app: ElectronApplication, path: string[]): Promise<void> {
  await app.evaluate(({ Menu }, labels) => {
    let items = Menu.getApplicationMenu()?.items ?? []
    for (const [depth, label] of labels.entries()) {
      const item = items.find((entry) => entry.label === label)
      if (!item) throw new Error(`no menu item ${labels.slice(0, depth + 1).join(' › ')}`)
      if (depth === labels.length - 1) {
        item.click()
        return
      }
      items = item.submenu?.items ?? []
    }
  }, path)
}

/** The labels of a menu's items (separators left out), e.g. of `['View']`. */
export async function menuLabels(app: ElectronApplication, path: string[]): Promise<string[]> {
  return app.evaluate(({ Menu }, labels) => {
    let items = Menu.getApplicationMenu()?.items ?? []
    for (const label of labels) items = items.find((entry) => entry.label === label)?.submenu?.items ?? []
    return items.filter((item) => item.type !== 'separator').map((item) => item.label)
  }, path)
}

/** Every open window's page URL and flags, in no particular order. */
export async function windowStates(
  app: ElectronApplication
): Promise<{ url: string; kiosk: boolean; alwaysOnTop: boolean; menuBar: boolean }[]> {
  return app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((win) => ({
      url: win.webContents.getURL(),
      kiosk: win.isKiosk(),
      alwaysOnTop: win.isAlwaysOnTop(),
      menuBar: win.isMenuBarVisible()
    }))
  )
}

/** Passes once the page's prices change: it receives frames from the engine. */
export async function expectPricesToMove(page: Page): Promise<void> {
  const cells = page.locator('[data-ticker] [data-field="last"]')
  await expect(cells.first()).toBeVisible()
  const before = (await cells.allInnerTexts()).join('|')
  await expect.poll(async () => (await cells.allInnerTexts()).join('|')).not.toBe(before)
}

/** Quits the app the way File › Quit does and waits for the process to end. */
export async function quitApp(app: ElectronApplication): Promise<number | null> {
  const child = app.process()
  if (child.exitCode !== null) return child.exitCode
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  // The process may end before the evaluation answers.
  await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined)
  return exited
}
