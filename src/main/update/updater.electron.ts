import { app, dialog, Notification, type BrowserWindow, type MessageBoxOptions } from 'electron'
import { autoUpdater, type Logger } from 'electron-updater'
import { toDisposable, type Disposable } from '@shared/disposable'
import { DEFAULT_UPDATE_SETTINGS, type UpdateSettings } from '@shared/updateConfig'
import { diagnosticText } from '@shared/visibleText'
import { applyUpdaterSettings, startUpdateFlow } from './updateFlow'

export interface UpdatesOptions {
  /** The configuration's `update` section; absent: never check. */
  settings: UpdateSettings | null | undefined
  /** The window a dialog belongs to, when there is one. */
  window(): BrowserWindow | null
  report(line: string): void
}

const RESTART_NOW = 0
const LATER = 1

/**
 * The Electron side of updates (issue 12): electron-updater set up from the configuration,
 * `updateFlow.ts` deciding, a notification when an update is available or refused, and a
 * "Restart now / Later" dialog when one is downloaded. With no `update` section, or `check:
 * "never"`, nothing is set up at all: electron-updater is not even constructed.
 */
export function startUpdates(options: UpdatesOptions): Disposable {
  const settings = options.settings ?? DEFAULT_UPDATE_SETTINGS
  const url = settings.url
  if (settings.check === 'never' || url === undefined) return toDisposable(() => {})

  const updater = autoUpdater
  // Its own chatter stays out of the log; warnings are kept; errors arrive as 'error' events.
  const logger: Logger = {
    info: () => {},
    warn: (message: unknown) => options.report(`updater: ${diagnosticText(String(message), 300)}`),
    error: () => {}
  }
  updater.logger = logger
  // Not packaged (npm start), or on Linux not an AppImage: electron-updater would skip every
  // check; say so once instead of scheduling checks that do nothing.
  if (!updater.isUpdaterActive()) {
    options.report(
      `updates from ${new URL(url).origin} are configured, but this build cannot update itself: no checks`
    )
    return toDisposable(() => {})
  }
  applyUpdaterSettings(updater, { ...settings, url })

  return startUpdateFlow({
    updater,
    settings: { ...settings, url },
    currentVersion: app.getVersion(),
    report: options.report,
    notify: (message) => {
      if (Notification.isSupported()) new Notification({ title: 'Tickwire', body: message }).show()
    },
    askToRestart: async (version) => {
      const box: MessageBoxOptions = {
        type: 'info',
        title: 'Update ready',
        message: `Tickwire ${version} is ready to install.`,
        detail:
          'Restart now to install it. Later keeps this version running; the update is offered again at the next check.',
        buttons: ['Restart now', 'Later'],
        defaultId: RESTART_NOW,
        cancelId: LATER,
        noLink: true
      }
      const window = options.window()
      const { response } =
        window !== null && !window.isDestroyed()
          ? await dialog.showMessageBox(window, box)
          : await dialog.showMessageBox(box)
      return response === RESTART_NOW
    }
  })
}
