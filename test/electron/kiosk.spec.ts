import { expect, test } from '@playwright/test'
import { electronBinary, launchApp, SKIP_REASON } from './app'
import { expectPricesToMove, menuLabels, windowStates } from './desktop'

const binary = electronBinary()

test('--kiosk: a kiosk window without a menu bar, the page in kiosk mode, left with Ctrl/Cmd+Shift+Alt+K', async () => {
  test.skip(binary === null, SKIP_REASON)
  const running = await launchApp(binary as string, ['--kiosk'])
  try {
    const [win] = await windowStates(running.app)
    expect(win.kiosk).toBe(true)
    if (process.platform !== 'darwin') expect(win.menuBar).toBe(false)
    expect(new URL(running.page.url()).searchParams.get('kiosk')).toBe('1')
    await expect(running.page.locator('html')).toHaveAttribute('data-kiosk', 'true')
    await expectPricesToMove(running.page)
    // Nothing in the menu changes what the wall shows.
    const view = await menuLabels(running.app, ['View'])
    expect(view).toContain('Leave Kiosk Mode')
    expect(view).not.toContain('New Window')
    expect(await menuLabels(running.app, ['File'])).not.toContain('Open Configuration…')

    // The documented keys, typed at the window (caught by its before-input-event).
    await running.app.evaluate(({ BrowserWindow }, mac) => {
      const contents = BrowserWindow.getAllWindows()[0].webContents
      const modifiers: ('control' | 'meta' | 'shift' | 'alt')[] = [mac ? 'meta' : 'control', 'shift', 'alt']
      contents.sendInputEvent({ type: 'keyDown', keyCode: 'K', modifiers })
      contents.sendInputEvent({ type: 'keyUp', keyCode: 'K', modifiers })
    }, process.platform === 'darwin')

    await expect.poll(async () => (await windowStates(running.app))[0].kiosk).toBe(false)
    await expect.poll(() => new URL(running.page.url()).searchParams.get('kiosk')).toBeNull()
    await expect(running.page.locator('html')).not.toHaveAttribute('data-kiosk', 'true')
    if (process.platform !== 'darwin') expect((await windowStates(running.app))[0].menuBar).toBe(true)
    await expect.poll(() => menuLabels(running.app, ['View'])).toContain('New Window')
    await expectPricesToMove(running.page)
  } finally {
    await running.close()
  }
})
