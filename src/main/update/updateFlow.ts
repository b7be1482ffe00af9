import { DisposableStore, toDisposable, type Disposable } from '@shared/disposable'
import type { UpdateSettings } from '@shared/updateConfig'
import { diagnosticText } from '@shared/visibleText'
import { readFeedRelease } from './feedRelease'
import { quoted } from './quoted'
import { judgeVersion, type UpdatePolicy } from './updatePolicy'
import { scheduleUpdateChecks } from './updateSchedule'

/**
 * From electron-updater's events to what the user sees (issue 12), without Electron: the
 * updater and the dialogs are handed in, so tests drive this with an EventEmitter.
 *
 * A check runs on the schedule; an offered release is read (`readFeedRelease`) and judged
 * (`judgeVersion`) before anything is downloaded; a refusal is reported and shown once per
 * version, never silent; a download finished is offered as "Restart now / Later", and only the
 * user's "Restart now" installs. Nothing installs on quit.
 */

/** The part of electron-updater's `AppUpdater` this uses. */
export interface UpdaterPort {
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: unknown) => void
  ): unknown
  on(event: 'error', listener: (err: Error) => void): unknown
  removeListener(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: unknown) => void
  ): unknown
  removeListener(event: 'error', listener: (err: Error) => void): unknown
  checkForUpdates(): Promise<unknown>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(): void
}

/** The settings of `AppUpdater` this sets; `channel`'s setter turns `allowDowngrade` on. */
export interface UpdaterSettingsPort {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowDowngrade: boolean
  allowPrerelease: boolean
  channel: string | null
  setFeedURL(options: { provider: 'generic'; url: string; channel: string }): void
}

export interface UpdateFlowOptions {
  updater: UpdaterPort
  settings: UpdateSettings & { url: string }
  /** The running version (`app.getVersion()`). */
  currentVersion: string
  /** Asks the user; resolves true for "Restart now". */
  askToRestart(version: string): Promise<boolean>
  /** Something the user should see without being interrupted (a notification). */
  notify(message: string): void
  /** One line for the log (stderr). */
  report(line: string): void
  firstDelayMs?: number
  intervalMs?: number
}

/** Longest error text reported from the updater. */
const MAX_ERROR_TEXT = 300
/** Refusals remembered so each is shown once; past this many, the memory starts over. */
const MAX_NOTED = 64

/**
 * Sets electron-updater up for the configured feed: the generic provider at `url`, the channel,
 * no download before the policy accepted, nothing installed on quit, no downgrades (set after
 * the channel, whose setter allows them).
 */
export function applyUpdaterSettings(
  updater: UpdaterSettingsPort,
  settings: UpdateSettings & { url: string }
): void {
  updater.setFeedURL({ provider: 'generic', url: settings.url, channel: settings.channel })
  updater.channel = settings.channel
  updater.autoDownload = false
  updater.autoInstallOnAppQuit = false
  // GitHub provider only; for the generic feed the channel and `judgeVersion` decide.
  updater.allowPrerelease = false
  updater.allowDowngrade = false
}

/** An updater error as one bounded line: electron-updater's messages can quote a whole hostile file. */
function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return diagnosticText(text.split('\n', 1)[0], MAX_ERROR_TEXT)
}

function versionOf(info: unknown): unknown {
  return typeof info === 'object' && info !== null && 'version' in info ? info.version : undefined
}

export function startUpdateFlow(options: UpdateFlowOptions): Disposable {
  const { updater, settings, report } = options
  const policy: UpdatePolicy = {
    current: options.currentVersion,
    channel: settings.channel,
    allow: settings.allow
  }
  const store = new DisposableStore()
  const noted = new Set<string>()
  const seenErrors = new WeakSet<object>()
  let disposed = false
  let asking = false

  const refuse = (key: string, line: string): void => {
    if (noted.has(key)) return
    if (noted.size >= MAX_NOTED) noted.clear()
    noted.add(key)
    report(`update refused: ${line}`)
    options.notify(`Update refused: ${line}`)
  }

  const onError = (err: Error): void => {
    if (typeof err === 'object' && err !== null) seenErrors.add(err)
    report(`update: ${errorText(err)}`)
  }
  /** A rejection the 'error' event has already reported is not reported twice. */
  const unlessSeen = (err: unknown): void => {
    if (typeof err === 'object' && err !== null && seenErrors.has(err)) return
    report(`update: ${errorText(err)}`)
  }

  const onAvailable = (info: unknown): void => {
    if (disposed) return
    const read = readFeedRelease(info, settings.url)
    if (!read.ok) return refuse(`feed:${read.reason}`, `the feed's release metadata: ${read.reason}`)
    const verdict = judgeVersion(read.release.version, policy)
    if (!verdict.accepted) {
      if (verdict.kind === 'same-version') return
      return refuse(`${verdict.kind}:${read.release.version}`, verdict.reason)
    }
    report(`update ${verdict.version} available from ${new URL(settings.url).origin}: downloading`)
    options.notify(`Tickwire ${verdict.version} is available; downloading it.`)
    updater.downloadUpdate().catch(unlessSeen)
  }

  // electron-updater says "not available" for an older version: a downgrade, refused out loud.
  const onNotAvailable = (info: unknown): void => {
    if (disposed) return
    const version = versionOf(info)
    if (typeof version !== 'string') return
    const verdict = judgeVersion(version, policy)
    if (!verdict.accepted && verdict.kind !== 'same-version')
      refuse(`${verdict.kind}:${version.slice(0, 300)}`, verdict.reason)
  }

  const onDownloaded = (info: unknown): void => {
    if (disposed || asking) return
    const version = versionOf(info)
    const verdict = judgeVersion(typeof version === 'string' ? version : '', policy)
    if (!verdict.accepted) return refuse(`downloaded:${quoted(version)}`, verdict.reason)
    asking = true
    report(`update ${verdict.version} downloaded: asking whether to restart now`)
    options
      .askToRestart(verdict.version)
      .then((restart) => {
        if (disposed) return
        if (restart) updater.quitAndInstall()
        else report(`update ${verdict.version} left for later: offered again at the next check`)
      })
      .catch(unlessSeen)
      .finally(() => {
        asking = false
      })
  }

  updater.on('update-available', onAvailable)
  updater.on('update-not-available', onNotAvailable)
  updater.on('update-downloaded', onDownloaded)
  updater.on('error', onError)
  store.add(
    toDisposable(() => {
      disposed = true
      updater.removeListener('update-available', onAvailable)
      updater.removeListener('update-not-available', onNotAvailable)
      updater.removeListener('update-downloaded', onDownloaded)
      updater.removeListener('error', onError)
    })
  )
  store.add(
    scheduleUpdateChecks(settings.check, {
      check: async () => {
        await updater.checkForUpdates()
      },
      onError: unlessSeen,
      firstDelayMs: options.firstDelayMs,
      intervalMs: options.intervalMs
    })
  )
  return store
}
