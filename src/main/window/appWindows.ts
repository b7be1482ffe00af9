import { BrowserWindow, screen, type Display, type WebContents } from 'electron'
import type { Disposable } from '@shared/disposable'
import { IPC_MENU_CHANNEL, type MenuCommand } from '@shared/protocol'
import type { AppEntry } from './appEntry'
import { isKioskExitInput } from './kioskExit'
import { createMainWindow, loadPage } from './mainWindow'
import { layoutFromUrl, pageLoad } from './pageQuery'
import type { WindowSet, WindowToRestore } from './windowSet'
import type { SavedWindow } from './windowSetFile'
import {
  cascadePlacement,
  placeOnDisplay,
  targetDisplay,
  type DisplayArea,
  type WindowPlacement
} from './windowState'

export interface AppWindowsOptions {
  entry: AppEntry
  /** Built preload script (`out/preload/index.js`). */
  preload: string
  icon: string
  set: WindowSet
  /** `--kiosk`: the windows opened at start are kiosk windows. */
  kiosk: boolean
  /** What the menu shows changed: another window focused, always-on-top or kiosk toggled, a window opened or closed. */
  onChange(): void
  /** A window's page (re)loaded: it may need the tone state or the taskbar overlay again. */
  onPageLoaded(win: BrowserWindow): void
}

interface OpenWindow {
  id: number
  layout: string | null
  /** The page was loaded with `?kiosk=1` (and the window is a kiosk) until the exit keys. */
  kiosk: boolean
}

/**
 * The desktop's windows: every one on the same engine (each page has its own view session over
 * IPC), each on its own layout, all remembered in the `WindowSet` and reopened at the next start.
 * Thin Electron wiring: where a window goes is `windowState.ts`, what is remembered
 * `windowSet.ts`, the kiosk exit keys `kioskExit.ts`, the page's query `pageQuery.ts`.
 */
export class AppWindows implements Disposable {
  private readonly windows = new Map<BrowserWindow, OpenWindow>()

  constructor(private readonly options: AppWindowsOptions) {}

  /** Opens the windows to restore (the ones open at the last quit); `layout` for the first. */
  restore(layout: string | null): void {
    for (const spec of this.options.set.toRestore(layout)) this.openFrom(spec, this.options.kiosk)
  }

  /** View › New Window: a window on `layout`, cascaded from the focused one. */
  openNew(layout: string | null): BrowserWindow | null {
    if (this.options.set.full) return null
    const from = this.focused() ?? this.first()
    const bounds = from?.getNormalBounds() ?? null
    const display = bounds === null ? screen.getPrimaryDisplay() : screen.getDisplayMatching(bounds)
    return this.open(cascadePlacement(bounds, display.workArea), displayArea(display), {
      layout,
      alwaysOnTop: false,
      kiosk: false
    })
  }

  /** Every open window, first opened first. */
  all(): BrowserWindow[] {
    return [...this.windows.keys()].filter((win) => !win.isDestroyed())
  }

  first(): BrowserWindow | null {
    return this.all()[0] ?? null
  }

  /** The focused window when it is one of ours. */
  focused(): BrowserWindow | null {
    const win = BrowserWindow.getFocusedWindow()
    return win !== null && this.windows.has(win) && !win.isDestroyed() ? win : null
  }

  /** True when `contents` is the page of one of our windows (the IPC sender check). */
  owns(contents: WebContents): boolean {
    return this.all().some((win) => win.webContents === contents)
  }

  /**
   * The window the application menu acts on: the focused one, else the first (a menu can be
   * used while no window has focus: macOS, or a display server without a window manager).
   */
  menuTarget(): BrowserWindow | null {
    return this.focused() ?? this.first()
  }

  /** What the menu shows of `menuTarget()`: its Always on Top tick, whether it is a kiosk. */
  focusedState(): { alwaysOnTop: boolean; kiosk: boolean } | null {
    const win = this.menuTarget()
    if (win === null) return null
    return { alwaysOnTop: win.isAlwaysOnTop(), kiosk: this.windows.get(win)?.kiosk === true }
  }

  get canOpen(): boolean {
    return !this.options.set.full
  }

  /** Tray › Show and a second launch: the first window restored and focused, or one opened. */
  showFirst(): void {
    const win = this.first()
    if (win === null) {
      this.restore(null)
      return
    }
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }

  send(win: BrowserWindow | null, command: MenuCommand): void {
    if (win !== null && !win.isDestroyed()) win.webContents.send(IPC_MENU_CHANNEL, command)
  }

  /** To every window, or every window but `except` (the one the change came from). */
  broadcast(command: MenuCommand, except: BrowserWindow | null = null): void {
    for (const win of this.all()) if (win !== except) this.send(win, command)
  }

  toggleAlwaysOnTop(win: BrowserWindow | null): void {
    const open = win === null ? undefined : this.windows.get(win)
    if (win === null || open === undefined || win.isDestroyed()) return
    win.setAlwaysOnTop(!win.isAlwaysOnTop())
    // 'always-on-top-changed' says the same where the platform reports it; this does not depend on it.
    this.options.set.update(open.id, { alwaysOnTop: win.isAlwaysOnTop() })
    this.options.onChange()
  }

  /** The kiosk exit keys (or View › Leave Kiosk Mode): an ordinary window with its menu bar, reloaded without `?kiosk=1`. */
  leaveKiosk(win: BrowserWindow | null): void {
    const open = win === null ? undefined : this.windows.get(win)
    if (win === null || open === undefined || !open.kiosk || win.isDestroyed()) return
    open.kiosk = false
    win.setKiosk(false)
    win.setMenuBarVisibility(true)
    loadPage(win, pageLoad(this.options.entry, { layout: open.layout, kiosk: false }))
    this.options.onChange()
  }

  /** After the application menu is replaced: kiosk windows keep theirs hidden. */
  hideKioskMenuBars(): void {
    for (const [win, open] of this.windows)
      if (open.kiosk && !win.isDestroyed()) win.setMenuBarVisibility(false)
  }

  /** Quit has begun: the windows open now are the ones restored next time. */
  quitting(): void {
    for (const win of this.all()) this.record(win)
    this.options.set.quitting()
  }

  dispose(): void {
    this.quitting()
    this.options.set.dispose()
  }

  private openFrom(spec: WindowToRestore, kiosk: boolean): BrowserWindow | null {
    const primary = displayArea(screen.getPrimaryDisplay())
    const displays = screen.getAllDisplays().map(displayArea)
    const placement: WindowPlacement =
      spec.saved === null
        ? cascadePlacement(null, primary.workArea)
        : placeOnDisplay(spec.saved, spec.saved.display, displays, primary)
    const on = targetDisplay(spec.saved?.display ?? null, displays, primary)
    return this.open(placement, on, {
      layout: spec.layout,
      alwaysOnTop: spec.saved?.alwaysOnTop ?? false,
      kiosk
    })
  }

  private open(
    placement: WindowPlacement,
    display: DisplayArea,
    settings: { layout: string | null; alwaysOnTop: boolean; kiosk: boolean }
  ): BrowserWindow | null {
    const { layout, alwaysOnTop, kiosk } = settings
    const area = display.workArea
    // Until the window reports where it is (never, for a kiosk): where it was put.
    const id = this.options.set.add({
      bounds: {
        x: placement.x ?? area.x + Math.round((area.width - placement.width) / 2),
        y: placement.y ?? area.y + Math.round((area.height - placement.height) / 2),
        width: placement.width,
        height: placement.height
      },
      maximized: placement.maximized,
      fullScreen: placement.fullScreen,
      alwaysOnTop,
      layout,
      display
    })
    if (id === null) return null
    const win = createMainWindow({
      entry: this.options.entry,
      preload: this.options.preload,
      icon: this.options.icon,
      placement,
      kiosk,
      alwaysOnTop,
      page: pageLoad(this.options.entry, { layout, kiosk })
    })
    this.windows.set(win, { id, layout, kiosk })
    this.track(win, id)
    this.record(win)
    this.options.onChange()
    return win
  }

  private track(win: BrowserWindow, id: number): void {
    const record = (): void => this.record(win)
    win.on('resize', record)
    win.on('move', record)
    win.on('maximize', record)
    win.on('unmaximize', record)
    win.on('enter-full-screen', record)
    win.on('leave-full-screen', record)
    win.on('always-on-top-changed', (_event, alwaysOnTop) => {
      this.options.set.update(id, { alwaysOnTop })
      this.options.onChange()
    })
    win.on('focus', () => this.options.onChange())
    // The last state before it goes (a close during quit changes nothing: see WindowSet).
    win.on('close', record)
    // Windows: a shutdown or log-off closes windows without a quit; they are all kept.
    win.on('session-end', () => this.quitting())
    win.on('closed', () => {
      this.windows.delete(win)
      this.options.set.closed(id)
      this.options.onChange()
    })

    const contents = win.webContents
    contents.on('before-input-event', (event, input) => {
      if (this.windows.get(win)?.kiosk !== true || !isKioskExitInput(input, process.platform)) return
      event.preventDefault()
      this.leaveKiosk(win)
    })
    // The page may switch layouts and keep its URL in step: the window reopens on what it showed.
    contents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
      const open = this.windows.get(win)
      if (!isMainFrame || open === undefined) return
      open.layout = layoutFromUrl(url)
      this.options.set.update(id, { layout: open.layout })
    })
    contents.on('did-finish-load', () => this.options.onPageLoaded(win))
  }

  /** Saves where the window is now; not while minimized, nor while a kiosk fills the display. */
  private record(win: BrowserWindow): void {
    const open = this.windows.get(win)
    if (open === undefined || win.isDestroyed() || win.isMinimized() || win.isKiosk()) return
    // Normal bounds, so un-maximizing after a restart lands where the user left it.
    const bounds = win.getNormalBounds()
    const change: Partial<SavedWindow> = {
      bounds,
      maximized: win.isMaximized(),
      fullScreen: win.isFullScreen(),
      alwaysOnTop: win.isAlwaysOnTop(),
      display: displayArea(screen.getDisplayMatching(bounds))
    }
    this.options.set.update(open.id, change)
  }
}

function displayArea(display: Display): DisplayArea {
  const { x, y, width, height } = display.workArea
  return { id: display.id, workArea: { x, y, width, height } }
}
