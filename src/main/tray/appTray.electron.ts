import { app, Menu, nativeImage, Tray, type BrowserWindow, type NativeImage } from 'electron'
import { DisposableStore, toDisposable, type Disposable } from '@shared/disposable'
import { alarmIndicators, type AlarmIndicators } from './alarmStatus'
import { RED_DOT_SIZE, redDotBitmap } from './redDot'
import { trayMenuTemplate } from './trayMenu'
import { watchUnackedAlarms, type AlarmSource } from './unackedAlarms'

export interface AppTrayOptions {
  /** resources/icon.png */
  icon: string
  /** The engine's alarms (`engine.alarms`). */
  alarms: AlarmSource
  /** Every open window (the taskbar overlay goes on each). */
  windows(): BrowserWindow[]
  show(): void
  /** Mute Tone ticked (`true`) or unticked: tell the windows (all but `except`, where it came from). */
  setMuted(muted: boolean, except?: BrowserWindow | null): void
  quit(): void
  report(problem: string): void
}

export interface AppTray extends Disposable {
  readonly muted: boolean
  /** A window opened or reloaded: it gets the overlay the others have. */
  refreshWindow(win: BrowserWindow): void
  /** The user switched the tone in the page of `from`: the tick follows, the other windows too. */
  toneFromPage(on: boolean, from: BrowserWindow | null): void
}

/**
 * Where the tray's state can be read from the main process (Playwright's `app.evaluate`, which
 * has no other way to see a tooltip): `globalThis.__tickwireTray`. Not reachable from any page.
 */
export const TRAY_STATUS_GLOBAL = '__tickwireTray'
export interface TrayStatus {
  toolTip: string
  unacked: number
  muted: boolean
}

/**
 * The tray icon (Show, Mute Tone, Quit) and the unacknowledged-alarm count on it and on the
 * platform's badge: the tooltip everywhere, the dock badge on macOS, a red dot overlay on every
 * taskbar button on Windows, the launcher count on Linux where the launcher has one. What each
 * says comes from `alarmIndicators`; updates are throttled by `watchUnackedAlarms`.
 */
export function startAppTray(options: AppTrayOptions): AppTray {
  const platform = process.platform
  const store = new DisposableStore()
  let tray: Tray | null = null
  try {
    const size = platform === 'linux' ? 22 : 16
    tray = new Tray(nativeImage.createFromPath(options.icon).resize({ width: size, height: size }))
    const created = tray
    store.add(toDisposable(() => created.destroy()))
    // Windows and Linux: a click on the icon brings the app up; macOS opens the menu.
    if (platform !== 'darwin') tray.on('click', () => options.show())
  } catch (err) {
    options.report(`no tray icon (${err instanceof Error ? err.message : String(err)})`)
  }

  let overlay: NativeImage | null = null
  let muted = false
  let unacked = 0
  let shown: AlarmIndicators = alarmIndicators(0, platform)

  const setOverlay = (win: BrowserWindow): void => {
    if (shown.overlay === null || win.isDestroyed()) return
    if (shown.overlay === 'none') {
      win.setOverlayIcon(null, '')
      return
    }
    overlay ??= nativeImage.createFromBitmap(redDotBitmap(), { width: RED_DOT_SIZE, height: RED_DOT_SIZE })
    win.setOverlayIcon(overlay, shown.overlay.description)
  }

  const render = (): void => {
    shown = alarmIndicators(unacked, platform)
    const status: TrayStatus = { toolTip: shown.tooltip, unacked, muted }
    ;(globalThis as Record<string, unknown>)[TRAY_STATUS_GLOBAL] = status
    if (tray !== null && !tray.isDestroyed()) {
      tray.setToolTip(shown.tooltip)
      tray.setContextMenu(
        Menu.buildFromTemplate(
          trayMenuTemplate(
            { status: shown.tooltip, muted },
            {
              show: () => options.show(),
              setMuted: (next) => {
                muted = next
                options.setMuted(next)
                render()
              },
              quit: () => options.quit()
            }
          )
        )
      )
    }
    if (shown.dockBadge !== null) app.dock?.setBadge(shown.dockBadge)
    if (shown.badgeCount !== null) app.setBadgeCount(shown.badgeCount)
    for (const win of options.windows()) setOverlay(win)
  }

  store.add(
    watchUnackedAlarms(options.alarms, (count) => {
      unacked = count
      render()
    })
  )
  store.add(
    toDisposable(() => {
      delete (globalThis as Record<string, unknown>)[TRAY_STATUS_GLOBAL]
    })
  )

  return {
    get muted() {
      return muted
    },
    toneFromPage(on: boolean, from: BrowserWindow | null) {
      if (muted === !on) return
      muted = !on
      options.setMuted(muted, from)
      render()
    },
    refreshWindow: setOverlay,
    dispose: () => store.dispose()
  }
}
