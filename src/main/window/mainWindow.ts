import { BrowserWindow, shell } from 'electron'
import { isAppUrl, isExternalLinkAllowed, type AppEntry } from './appEntry'
import type { PageLoad } from './pageQuery'
import { MIN_WINDOW_SIZE, type WindowPlacement } from './windowState'

export interface MainWindowOptions {
  entry: AppEntry
  /** Built preload script (`out/preload/index.js`). */
  preload: string
  /** Window icon; only Linux uses it (Windows and macOS take it from the packaged app). */
  icon: string
  placement: WindowPlacement
  /** `--kiosk`: full screen, no way out but the documented keys (and no menu bar). */
  kiosk: boolean
  alwaysOnTop: boolean
  /** The page with its query (`?layout=`, `?kiosk=1`). */
  page: PageLoad
}

/** Matches the renderer's background, so there is no white flash before the first paint. */
export const WINDOW_BACKGROUND = '#0b0f14'

/**
 * One hardened window (DESIGN.md, Security): isolated, sandboxed, no Node in the page, no
 * navigation away from the app, no new windows. Every desktop window is made here; where it
 * goes, and what is remembered of it, is `appWindows.ts`.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { entry, placement } = options

  const win = new BrowserWindow({
    x: placement.x,
    y: placement.y,
    width: placement.width,
    height: placement.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    fullscreen: placement.fullScreen && !options.kiosk,
    kiosk: options.kiosk,
    alwaysOnTop: options.alwaysOnTop,
    title: 'Tickwire',
    backgroundColor: WINDOW_BACKGROUND,
    show: false,
    ...(process.platform === 'linux' ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false
    }
  })
  if (options.kiosk) win.setMenuBarVisibility(false)
  else if (placement.maximized && !placement.fullScreen) win.maximize()

  win.once('ready-to-show', () => win.show())
  // The window title stays "Tickwire" whatever the page sets, so wall-screen tooling can find it.
  win.on('page-title-updated', (event) => event.preventDefault())

  const contents = win.webContents
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, entry)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })

  loadPage(win, options.page)
  return win
}

/** Loads (or reloads, with another query) the app's page into a window. */
export function loadPage(win: BrowserWindow, page: PageLoad): void {
  const loading =
    page.kind === 'file' ? win.loadFile(page.file, { query: page.query }) : win.loadURL(page.url)
  // A load the window abandons (closed, or replaced by the next load) is not an error to report.
  loading.catch(() => undefined)
}
