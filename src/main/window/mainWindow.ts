import { BrowserWindow, screen, shell } from 'electron'
import { isAppUrl, isExternalLinkAllowed, type AppEntry } from './appEntry'
import { MIN_WINDOW_SIZE, placeWindow, type WindowState, type WindowStateStore } from './windowState'

export interface MainWindowOptions {
  entry: AppEntry
  /** Built preload script (`out/preload/index.js`). */
  preload: string
  stateStore: WindowStateStore
  /** Window icon; only Linux uses it (Windows and macOS take it from the packaged app). */
  icon: string
}

/** Matches the renderer's background, so there is no white flash before the first paint. */
export const WINDOW_BACKGROUND = '#0b0f14'

/**
 * The one hardened window (DESIGN.md, Security): isolated, sandboxed, no Node in the page, no
 * navigation away from the app, no new windows. Its size and position are remembered.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { entry, stateStore } = options
  const displays = screen.getAllDisplays().map((d) => d.workArea)
  const placement = placeWindow(stateStore.load(), displays, screen.getPrimaryDisplay().workArea)
  if (stateStore.lastProblem !== null) console.warn(`tickwire: window state: ${stateStore.lastProblem}`)

  const win = new BrowserWindow({
    x: placement.x,
    y: placement.y,
    width: placement.width,
    height: placement.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    fullscreen: placement.fullScreen,
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
  if (placement.maximized && !placement.fullScreen) win.maximize()

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

  trackWindowState(win, stateStore)

  if (entry.kind === 'dev') void win.loadURL(entry.url)
  else void win.loadFile(entry.file)
  return win
}

function captureState(win: BrowserWindow): WindowState {
  return {
    // Normal bounds, so un-maximizing after a restart lands where the user left it.
    bounds: win.getNormalBounds(),
    maximized: win.isMaximized(),
    fullScreen: win.isFullScreen()
  }
}

function trackWindowState(win: BrowserWindow, store: WindowStateStore): void {
  const save = (): void => {
    if (!win.isDestroyed() && !win.isMinimized()) store.save(captureState(win))
  }
  win.on('resize', save)
  win.on('move', save)
  win.on('maximize', save)
  win.on('unmaximize', save)
  win.on('enter-full-screen', save)
  win.on('leave-full-screen', save)
  win.on('close', () => {
    save()
    store.flush()
  })
}
