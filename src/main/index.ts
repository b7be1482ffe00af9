import { join, resolve } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  powerMonitor,
  safeStorage,
  session,
  type IpcMainEvent
} from 'electron'
import { IPC_MENU_CHANNEL } from '@shared/protocol'
import { safeStorageCipher } from './runtime/connections/secretCipher'
import { registerFilePicker } from './window/filePicker'
import icon from '../../resources/icon.png?asset'
import type { Disposable } from '@shared/disposable'
import { registerIpcTransport } from './ipc/ipc.electron'
import { aboutDetail, buildMenuTemplate } from './menuTemplate'
import { liveRelaunchArgs, relaunchArgs, replayRelaunchArgs } from './relaunchArgs'
import { readRecordingHeader } from './engine/recording/replayPlayer'
import { ownArgs, parseCliArgs } from './runtime/args'
import { installLastResortHandlers } from './runtime/lastResort'
import { loadConfig } from './runtime/loadConfig'
import { startRuntime, type Runtime } from './runtime/runtime'
import { Shutdown } from './shutdown'
import { describeStartupFailure, errorBoxIsGraphical } from './startupFailure'
import { isAppUrl, resolveAppEntry, type AppEntry } from './window/appEntry'
import { contentSecurityPolicy } from './window/contentSecurityPolicy'
import { createMainWindow } from './window/mainWindow'
import { applySessionPolicy } from './window/sessionPolicy'
import { WindowStateStore } from './window/windowState'

/**
 * The desktop app's main process: thin wiring around the engine (DESIGN.md, Layers). Order
 * matters: single-instance lock, then the command line and configuration (so a bad file fails
 * before anything opens), then window, transport and menu once Electron is ready.
 */

const STOP_DEADLINE_MS = 5_000

function fail(err: unknown): void {
  const { message, exitCode } = describeStartupFailure(err)
  console.error(message)
  if (errorBoxIsGraphical(process.platform, app.isReady()))
    dialog.showErrorBox('Tickwire cannot start', message)
  app.exit(exitCode)
}

function main(): void {
  installLastResortHandlers((line) => console.error(`tickwire: ${line}`))
  // A separate profile (and so a separate single-instance lock): one app per wall screen, and
  // tests that never touch the user's own settings.
  const userData = process.env.TICKWIRE_USER_DATA
  if (userData !== undefined && userData !== '') app.setPath('userData', resolve(userData))

  if (!app.requestSingleInstanceLock()) {
    // Another Tickwire is running; it focuses its window (see 'second-instance').
    app.quit()
    return
  }

  let runtimeStarting: Promise<Runtime>
  try {
    // Packaged: argv is [exe, ...args]; dev: [electron, appPath, ...args]. `ownArgs` drops the
    // switches Electron, Chromium and test drivers add, which the strict parser would refuse.
    const options = parseCliArgs(ownArgs(process.argv.slice(app.isPackaged ? 1 : 2)), process.env)
    // Not waiting for `ready`: a bad configuration is refused before Electron shows anything.
    // Watchlists live with the profile unless the command line puts them elsewhere.
    const stateDir = resolve(options.stateDir ?? app.getPath('userData'))
    // After `ready`: safeStorage (Keychain, DPAPI, libsecret) can only say what it offers then.
    // Nothing is shown before the runtime started, so a bad configuration still opens no window.
    runtimeStarting = app.whenReady().then(() =>
      startRuntime({
        configFile: options.config,
        demo: options.demo,
        stateDir,
        secretCipher: safeStorageCipher(safeStorage, process.platform),
        record: options.record === null ? null : resolve(options.record),
        replay: options.replay === null ? null : { ...options.replay, file: resolve(options.replay.file) }
      })
    )
  } catch (err) {
    fail(err)
    return
  }

  const entry = resolveAppEntry(process.env.ELECTRON_RENDERER_URL, join(__dirname, '../renderer/index.html'))
  const opened: Disposable[] = []
  let mainWindow: BrowserWindow | null = null

  const shutdown = new Shutdown(
    async () => {
      for (const item of opened.splice(0).reverse()) item.dispose()
      const runtime = await runtimeStarting.catch(() => null)
      await runtime?.stop()
    },
    STOP_DEADLINE_MS,
    (problem) => console.error(`tickwire: ${problem}`)
  )

  app.on('before-quit', (event) => {
    if (shutdown.done) return
    event.preventDefault()
    void shutdown.run().then(() => app.quit())
  })
  // `kill` and Ctrl+C from a terminal take the same clean path as File › Quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  })

  const stateStore = new WindowStateStore(join(app.getPath('userData'), 'window-state.json'))
  const openWindow = (): void => {
    mainWindow = createMainWindow({
      entry,
      preload: join(__dirname, '../preload/index.js'),
      stateStore,
      icon
    })
  }

  // `.catch` after `.then`: a failure while wiring the window up (IPC, menu, window) ends start-up
  // with the message, instead of leaving a windowless app holding its locks.
  Promise.all([runtimeStarting, app.whenReady()])
    .then(([runtime]) => {
      // Quit was asked for while starting: the shutdown already ran over `opened`.
      if (shutdown.requested) return
      opened.push(stateStore)
      // After a sleep, sockets may be dead without knowing it: every feed proves it is alive or
      // reconnects now, rather than after its watchdog.
      const onResume = (): void => runtime.engine.checkHealth()
      powerMonitor.on('resume', onResume)
      opened.push({ dispose: () => powerMonitor.off('resume', onResume) })
      opened.push(applySessionPolicy(session.defaultSession, contentSecurityPolicy(entry)))
      opened.push(
        registerIpcTransport({
          host: runtime.engine,
          isTrustedSender: (event) => isOurPage(event, mainWindow, entry),
          onRejected: (reason) => console.warn(`tickwire: ${reason}`)
        })
      )
      opened.push(
        registerFilePicker(
          () => mainWindow,
          (event) => isOurPage(event as unknown as IpcMainEvent, mainWindow, entry)
        )
      )
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate(
            { platform: process.platform, isPackaged: app.isPackaged, replaying: runtime.replay !== null },
            {
              openConfiguration: () => void openConfiguration(mainWindow),
              openRecording: () => void openRecording(mainWindow),
              backToLive: () => {
                app.relaunch({ args: liveRelaunchArgs(process.argv.slice(1)) })
                app.quit()
              },
              openConnections: () => mainWindow?.webContents.send(IPC_MENU_CHANNEL, 'open-connections'),
              showAbout: () => void showAbout(mainWindow)
            }
          )
        )
      )
      openWindow()
      app.on('activate', () => {
        // macOS: clicking the dock icon with no window open brings one back.
        if (BrowserWindow.getAllWindows().length === 0) openWindow()
      })
    })
    .catch((err: unknown) => fail(err))
}

/** IPC is accepted only from the main frame of our window while it shows our own page. */
function isOurPage(event: IpcMainEvent, window: BrowserWindow | null, entry: AppEntry): boolean {
  const frame = event.senderFrame
  return (
    window !== null &&
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    frame !== null &&
    frame.parent === null &&
    isAppUrl(frame.url, entry)
  )
}

/** File › Open Configuration…: validate first, so a bad file never replaces a working app. */
async function openConfiguration(window: BrowserWindow | null): Promise<void> {
  const options = {
    title: 'Open Tickwire configuration',
    properties: ['openFile' as const],
    filters: [{ name: 'Tickwire configuration', extensions: ['json'] }]
  }
  const choice =
    window !== null ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  const file = choice.filePaths[0]
  if (choice.canceled || file === undefined) return
  try {
    await loadConfig(file)
  } catch (err) {
    dialog.showErrorBox('Configuration refused', describeStartupFailure(err).message)
    return
  }
  app.relaunch({ args: relaunchArgs(process.argv.slice(1), file) })
  app.quit()
}

/** File › Open Recording…: the recording is checked first; the app then restarts replaying it. */
async function openRecording(window: BrowserWindow | null): Promise<void> {
  const options = {
    title: 'Open a Tickwire recording',
    properties: ['openFile' as const],
    filters: [{ name: 'Tickwire recording', extensions: ['gz'] }]
  }
  const choice =
    window !== null ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  const file = choice.filePaths[0]
  if (choice.canceled || file === undefined) return
  try {
    await readRecordingHeader(file)
  } catch (err) {
    dialog.showErrorBox('Recording refused', describeStartupFailure(err).message)
    return
  }
  app.relaunch({ args: replayRelaunchArgs(process.argv.slice(1), file) })
  app.quit()
}

async function showAbout(window: BrowserWindow | null): Promise<void> {
  const options = {
    type: 'info' as const,
    title: 'About Tickwire',
    message: 'Tickwire',
    detail: aboutDetail(app.getVersion(), process.versions)
  }
  if (window !== null) await dialog.showMessageBox(window, options)
  else await dialog.showMessageBox(options)
}

main()
