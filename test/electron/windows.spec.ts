import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { electronBinary, launchApp, SKIP_REASON } from './app'
import { clickMenu, expectPricesToMove, menuLabels, quitApp, windowStates } from './desktop'

const binary = electronBinary()

/** A saved layout, as layouts.json keeps it (the gauges alone in the window). */
const GAUGES_ONLY = {
  panels: { tickers: false, gauges: true, latency: false, alarms: false },
  fill: 'gauges',
  split: { columns: 0.636, rows: 0.34, bottom: 0.5 }
}

function profileWithLayout(): string {
  const userData = mkdtempSync(join(tmpdir(), 'tickwire-electron-windows-'))
  // The state directory is the profile unless --state-dir says otherwise.
  writeFileSync(
    join(userData, 'layouts.json'),
    JSON.stringify({ version: 1, layouts: { Wall: GAUGES_ONLY } })
  )
  return userData
}

const savedWindows = (userData: string): { layout: string | null; alwaysOnTop: boolean }[] =>
  (JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as { windows: [] }).windows

test.describe('several desktop windows on one engine', () => {
  test.skip(binary === null, SKIP_REASON)

  test('View › New Window opens another window; both receive live values', async () => {
    const running = await launchApp(binary as string)
    try {
      const opened = running.app.waitForEvent('window')
      await clickMenu(running.app, ['View', 'New Window', 'Default layout'])
      const second = await opened
      expect(await windowStates(running.app)).toHaveLength(2)
      await expectPricesToMove(running.page)
      await expectPricesToMove(second)
      await expect(second.locator('[data-sensor]').first()).toBeVisible()
    } finally {
      await running.close()
    }
  })

  test('View › New Window lists the saved layouts and opens one with ?layout=', async () => {
    const userData = profileWithLayout()
    const running = await launchApp(binary as string, [], { userData })
    try {
      expect(await menuLabels(running.app, ['View', 'New Window'])).toEqual(['Default layout', 'Wall'])
      const opened = running.app.waitForEvent('window')
      await clickMenu(running.app, ['View', 'New Window', 'Wall'])
      const wall = await opened
      expect(new URL(wall.url()).searchParams.get('layout')).toBe('Wall')
      await expectPricesToMove(running.page)
      await expect(wall.locator('[data-sensor]').first()).toBeVisible()
    } finally {
      await running.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })

  test('the windows open at quit are restored at the next start, with their layouts', async () => {
    const userData = profileWithLayout()
    try {
      const first = await launchApp(binary as string, [], { userData })
      for (const layout of ['Wall', 'Default layout']) {
        const opened = first.app.waitForEvent('window')
        await clickMenu(first.app, ['View', 'New Window', layout])
        await opened
      }
      expect(await windowStates(first.app)).toHaveLength(3)
      expect(await quitApp(first.app)).toBe(0)
      expect(savedWindows(userData).map((w) => w.layout)).toEqual([null, 'Wall', null])

      const again = await launchApp(binary as string, [], { userData })
      try {
        await expect.poll(async () => (await windowStates(again.app)).length).toBe(3)
        const layouts = (await windowStates(again.app)).map((w) => new URL(w.url).searchParams.get('layout'))
        expect(layouts.sort()).toEqual(['Wall', null, null].sort())
        await expectPricesToMove(again.page)
      } finally {
        await again.close()
      }
    } finally {
      rmSync(userData, { recursive: true, force: true })
    }
  })

  test('closing a secondary window forgets it: one window is remembered', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'tickwire-electron-windows-'))
    try {
      const first = await launchApp(binary as string, [], { userData })
      const opened = first.app.waitForEvent('window')
      await clickMenu(first.app, ['View', 'New Window', 'Default layout'])
      await opened
      // The newest window (ids only grow), closed as its close button would.
      await first.app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()
          .sort((a, b) => b.id - a.id)[0]
          .close()
      )
      await expect.poll(async () => (await windowStates(first.app)).length).toBe(1)
      expect(await quitApp(first.app)).toBe(0)
      expect(savedWindows(userData)).toHaveLength(1)
    } finally {
      rmSync(userData, { recursive: true, force: true })
    }
  })

  test('--layout NAME opens the first window on that layout', async () => {
    const userData = profileWithLayout()
    const running = await launchApp(binary as string, ['--layout', 'Wall'], { userData })
    try {
      expect(new URL(running.page.url()).searchParams.get('layout')).toBe('Wall')
    } finally {
      await running.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })

  test('View › Always on Top toggles the window and is remembered for it', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'tickwire-electron-windows-'))
    const running = await launchApp(binary as string, [], { userData })
    const checked = (): Promise<boolean | undefined> =>
      running.app.evaluate(
        ({ Menu }) =>
          Menu.getApplicationMenu()
            ?.items.find((item) => item.label === 'View')
            ?.submenu?.items.find((item) => item.label === 'Always on Top')?.checked
      )
    try {
      expect((await windowStates(running.app))[0].alwaysOnTop).toBe(false)
      await clickMenu(running.app, ['View', 'Always on Top'])
      await expect.poll(async () => (await windowStates(running.app))[0].alwaysOnTop).toBe(true)
      await expect.poll(checked).toBe(true)
      await expect.poll(() => savedWindows(userData)[0]?.alwaysOnTop).toBe(true)

      await clickMenu(running.app, ['View', 'Always on Top'])
      await expect.poll(async () => (await windowStates(running.app))[0].alwaysOnTop).toBe(false)
      await expect.poll(checked).toBe(false)
    } finally {
      await running.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })
})
