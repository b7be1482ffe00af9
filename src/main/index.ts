import { join, resolve } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  powerMonitor,
  safeStorage,
  session,
  type IpcMainEvent,
  type WebContents
} from 'electron'
import { safeStorageCipher } from './runtime/connections/secretCipher'
import { registerFilePicker } from './window/filePicker'
import icon from '../../resources/icon.png?asset'
import type { Disposable } from '@shared/disposable'
import { IPC_TONE_CHANNEL } from '@shared/protocol'
import { AppMenu } from './appMenu'
import { registerIpcTransport } from './ipc/ipc.electron'
import { aboutDetail } from './menuTemplate'
import { liveRelaunchArgs, relaunchArgs, replayRelaunchArgs } from './relaunchArgs'
import { readRecordingHeader } from './engine/recording/replayPlayer'
import { ownArgs, parseCliArgs, refuseOtherMode } from './runtime/args'
import { installLastResortHandlers } from './runtime/lastResort'
import { loadConfig } from './runtime/loadConfig'
import { startRuntime, type Runtime } from './runtime/runtime'
import { Shutdown } from './shutdown'
import { secondLaunch } from './window/secondLaunch'
import { startUpdates } from './update/updater.electron'
import { describeStartupFailure, errorBoxIsGraphical } from './startupFailure'
import { isAppUrl, resolveAppEntry, type AppEntry } from './window/appEntry'
import { startAppTray } from './tray/appTray.electron'
import { AppWindows } from './window/appWindows'
import { contentSecurityPolicy } from './window/contentSecurityPolicy'
import { applySessionPolicy } from './window/sessionPolicy'
import { WindowSet } from './window/windowSet'
import { WINDOW_STATE_FILE, WindowSetFile } from './window/windowSetFile'

/**
 * The desktop app's main process: thin wiring around the engine (DESIGN.md, Layers). Order
 * matters: single-instance lock, then the command line and configuration (so a bad file fails
 * before anything opens), then windows, transport, menu and tray once Electron is ready.
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
  let cli: { kiosk: boolean; layout: string | null }
  try {
    // Packaged: argv is [exe, ...args]; dev: [electron, appPath, ...args]. `ownArgs` drops the
    // switches Electron, Chromium and test drivers add, which the strict parser would refuse.
    const options = parseCliArgs(ownArgs(process.argv.slice(app.isPackaged ? 1 : 2)), process.env)
    refuseOtherMode(options, 'desktop')
    cli = { kiosk: options.kiosk, layout: options.layout }
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
  let windows: AppWindows | null = null

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
    // The windows open now are the ones the next start restores; closing them to quit forgets none.
    windows?.quitting()
    if (shutdown.done) return
    event.preventDefault()
    void shutdown.run().then(() => app.quit())
  })
  // `kill` and Ctrl+C from a terminal take the same clean path as File › Quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Another Tickwire was started on this profile: this one comes to the front instead.
  app.on('second-instance', (_event, argv) => {
    const asked = secondLaunch(argv, app.isPackaged)
    if (asked.kind === 'open' && windows?.canOpen) windows.openNew(asked.layout)
    else windows?.showFirst()
  })

  // `.catch` after `.then`: a failure while wiring the windows up (IPC, menu, windows) ends
  // start-up with the message, instead of leaving a windowless app holding its locks.
  Promise.all([runtimeStarting, app.whenReady()])
    .then(([runtime]) => {
      // Quit was asked for while starting: the shutdown already ran over `opened`.
      if (shutdown.requested) return
      const report = (problem: string): void => console.warn(`tickwire: ${problem}`)
      // After a sleep, sockets may be dead without knowing it: every feed proves it is alive or
      // reconnects now, rather than after its watchdog.
      const onResume = (): void => runtime.engine.checkHealth()
      powerMonitor.on('resume', onResume)
      opened.push({ dispose: () => powerMonitor.off('resume', onResume) })
      // Linux and macOS: a system shutdown may close the windows before any quit event.
      const onSystemShutdown = (): void => windows?.quitting()
      powerMonitor.on('shutdown', onSystemShutdown)
      opened.push({ dispose: () => powerMonitor.off('shutdown', onSystemShutdown) })
      opened.push(applySessionPolicy(session.defaultSession, contentSecurityPolicy(entry)))

      const set = new WindowSet(
        new WindowSetFile(join(app.getPath('userData'), WINDOW_STATE_FILE), (problem) =>
          report(`window state: ${problem}`)
        )
      )
      const appWindows = new AppWindows({
        entry,
        preload: join(__dirname, '../preload/index.js'),
        icon,
        set,
        kiosk: cli.kiosk,
        onChange: () => menu.refresh(),
        onPageLoaded: (win) => {
          tray.refreshWindow(win)
          if (tray.muted) appWindows.send(win, 'mute-tone')
        }
      })
      windows = appWindows
      opened.push(appWindows)
      const target = (): BrowserWindow | null => appWindows.menuTarget()

      opened.push(
        registerIpcTransport({
          host: runtime.engine,
          isTrustedSender: (event) => isOurPage(event, appWindows, entry),
          onRejected: report
        })
      )
      opened.push(
        registerFilePicker(
          (contents) => BrowserWindow.fromWebContents(contents),
          (event) => isOurPage(event, appWindows, entry)
        )
      )

      const menu = new AppMenu(
        () => ({
          platform: process.platform,
          isPackaged: app.isPackaged,
          replaying: runtime.replay !== null,
          layouts: runtime.layouts.names(),
          focused: appWindows.focusedState(),
          canOpenWindow: appWindows.canOpen
        }),
        {
          openConfiguration: () => void openConfiguration(target()),
          openRecording: () => void openRecording(target()),
          backToLive: () => {
            app.relaunch({ args: liveRelaunchArgs(process.argv.slice(1)) })
            app.quit()
          },
          openConnections: () => appWindows.send(target(), 'open-connections'),
          showAbout: () => void showAbout(target()),
          newWindow: (layout) => appWindows.openNew(layout),
          toggleAlwaysOnTop: () => appWindows.toggleAlwaysOnTop(target()),
          leaveKiosk: () => appWindows.leaveKiosk(target()),
          showShortcuts: () => appWindows.send(target(), 'show-shortcuts')
        },
        () => appWindows.hideKioskMenuBars()
      )
      opened.push(menu)
      // View › New Window lists the saved layouts: a save or delete rebuilds it.
      opened.push(runtime.layouts.onChange(() => menu.refresh()))
      menu.build()

      const tray = startAppTray({
        icon,
        alarms: runtime.engine.alarms,
        windows: () => appWindows.all(),
        show: () => appWindows.showFirst(),
        setMuted: (muted, except) =>
          appWindows.broadcast(muted ? 'mute-tone' : 'unmute-tone', except ?? null),
        quit: () => app.quit(),
        report
      })
      opened.push(tray)
      // The page's own Tone switch: the tray's tick and the other windows follow it.
      const onTone = (event: IpcMainEvent, on: unknown): void => {
        if (typeof on !== 'boolean' || !isOurPage(event, appWindows, entry)) return
        tray.toneFromPage(on, BrowserWindow.fromWebContents(event.sender))
      }
      ipcMain.on(IPC_TONE_CHANNEL, onTone)
      opened.push({ dispose: () => ipcMain.off(IPC_TONE_CHANNEL, onTone) })

      if (cli.layout !== null && runtime.layouts.get(cli.layout) === undefined)
        report(`--layout: no saved layout is named ${JSON.stringify(cli.layout)}`)
      appWindows.restore(cli.layout)
      // Only from the configured feed, only as often as configured (no `update` section: never).
      opened.push(startUpdates({ settings: runtime.update, window: target, report }))
      app.on('activate', () => {
        // macOS: clicking the dock icon with no window open brings the last one back.
        if (appWindows.all().length === 0) appWindows.restore(null)
      })
    })
    .catch((err: unknown) => fail(err))
}

/** IPC is accepted only from the main frame of one of our windows while it shows our own page. */
function isOurPage(
  event: { sender: WebContents; senderFrame: IpcMainEvent['senderFrame'] },
  windows: AppWindows,
  entry: AppEntry
): boolean {
  const frame = event.senderFrame
  return windows.owns(event.sender) && frame !== null && frame.parent === null && isAppUrl(frame.url, entry)
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
