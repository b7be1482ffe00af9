import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UpdateSettings } from '@shared/updateConfig'
import {
  applyUpdaterSettings,
  startUpdateFlow,
  type UpdaterSettingsPort
} from '../../../../src/main/update/updateFlow'

/**
 * The flow from electron-updater's events to the user, against a stand-in updater that behaves
 * as electron-updater does: a check emits 'update-available' or 'update-not-available', a
 * failure emits 'error' and rejects, a download emits 'update-downloaded'.
 */

const FEED = 'https://updates.example.com/tickwire'
const SHA = `${'A'.repeat(40)}+/${'b'.repeat(44)}==`
const release = (version: string) => ({
  version,
  files: [{ url: `Tickwire-${version}.AppImage`, sha512: SHA, size: 1000 }],
  releaseDate: '2025-11-03T09:12:44.120Z'
})

class FakeUpdater extends EventEmitter {
  offer: unknown = null
  /** The versions electron-updater itself would call available: newer ones. */
  newer = true
  failure: Error | null = null
  downloads = 0
  installs = 0

  async checkForUpdates(): Promise<unknown> {
    if (this.failure !== null) {
      this.emit('error', this.failure)
      throw this.failure
    }
    this.emit(this.newer ? 'update-available' : 'update-not-available', this.offer)
    return { updateInfo: this.offer }
  }

  async downloadUpdate(): Promise<unknown> {
    this.downloads += 1
    queueMicrotask(() =>
      this.emit('update-downloaded', { ...(this.offer as object), downloadedFile: '/tmp/x' })
    )
    return ['/tmp/x']
  }

  quitAndInstall(): void {
    this.installs += 1
  }
}

function setUp(settings: Partial<UpdateSettings> = {}, answer = false) {
  const updater = new FakeUpdater()
  const lines: string[] = []
  const notices: string[] = []
  const asked: string[] = []
  const flow = startUpdateFlow({
    updater,
    settings: { url: FEED, channel: 'latest', check: 'daily', ...settings },
    currentVersion: '1.4.2',
    askToRestart: async (version) => {
      asked.push(version)
      return answer
    },
    notify: (message) => notices.push(message),
    report: (line) => lines.push(line),
    firstDelayMs: 10,
    intervalMs: 1_000
  })
  return { updater, flow, lines, notices, asked }
}

describe('startUpdateFlow', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('downloads an accepted version, tells the user, and restarts only when they choose to', async () => {
    const { updater, flow, notices, asked } = setUp({}, true)
    updater.offer = release('1.5.0')
    await vi.advanceTimersByTimeAsync(10)
    expect(notices).toEqual(['Tickwire 1.5.0 is available; downloading it.'])
    expect(updater.downloads).toBe(1)
    expect(asked).toEqual(['1.5.0'])
    expect(updater.installs).toBe(1)
    flow.dispose()
  })

  it('never installs when the user says Later', async () => {
    const { updater, flow, lines, asked } = setUp({}, false)
    updater.offer = release('1.5.0')
    await vi.advanceTimersByTimeAsync(10)
    expect(asked).toEqual(['1.5.0'])
    expect(updater.installs).toBe(0)
    expect(lines.at(-1)).toMatch(/1\.5\.0 left for later/)
    // Offered again at the next check.
    await vi.advanceTimersByTimeAsync(1_000)
    expect(asked).toEqual(['1.5.0', '1.5.0'])
    expect(updater.installs).toBe(0)
    flow.dispose()
  })

  it('refuses a version outside the range out loud, once, and downloads nothing', async () => {
    const { updater, flow, lines, notices } = setUp({ allow: '~1.4.0' })
    updater.offer = release('1.5.0')
    await vi.advanceTimersByTimeAsync(10 + 3 * 1_000)
    expect(updater.downloads).toBe(0)
    expect(lines).toEqual(['update refused: 1.5.0 is outside the configured range "~1.4.0"'])
    expect(notices).toEqual(['Update refused: 1.5.0 is outside the configured range "~1.4.0"'])
    flow.dispose()
  })

  it('refuses a prerelease on the stable channel', async () => {
    const { updater, flow, lines } = setUp()
    updater.offer = release('1.5.0-beta.2')
    await vi.advanceTimersByTimeAsync(10)
    expect(updater.downloads).toBe(0)
    expect(lines).toEqual([expect.stringMatching(/^update refused: 1\.5\.0-beta\.2 is a prerelease/)])
    flow.dispose()
  })

  it('reports a downgrade the updater calls "not available", and says nothing when up to date', async () => {
    const { updater, flow, lines, notices } = setUp()
    updater.newer = false
    updater.offer = release('1.4.2')
    await vi.advanceTimersByTimeAsync(10)
    expect(lines).toEqual([])
    updater.offer = release('1.3.0')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(lines).toEqual(['update refused: 1.3.0 is older than the running 1.4.2: downgrades are refused'])
    expect(notices).toHaveLength(1)
    expect(updater.downloads).toBe(0)
    flow.dispose()
  })

  it('refuses hostile metadata before downloading, naming the field', async () => {
    const { updater, flow, lines } = setUp()
    updater.offer = {
      ...release('1.5.0'),
      files: [{ url: 'https://evil.example.net/x.AppImage', sha512: SHA }]
    }
    await vi.advanceTimersByTimeAsync(10)
    expect(updater.downloads).toBe(0)
    expect(lines).toEqual([
      expect.stringMatching(
        /^update refused: the feed's release metadata: \$\.files\[0\]\.url: points outside/
      )
    ])
    flow.dispose()
  })

  it('reports a failed check once, as one bounded line, and keeps checking', async () => {
    const { updater, flow, lines } = setUp()
    updater.failure = new Error(`Cannot parse update info: rawData: ${'x'.repeat(10_000)}\nsecond line`)
    await vi.advanceTimersByTimeAsync(10)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^update: Cannot parse update info/)
    expect(lines[0]).not.toContain('\n')
    expect(lines[0].length).toBeLessThan(400)
    updater.failure = null
    updater.offer = release('1.5.0')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(updater.downloads).toBe(1)
    flow.dispose()
  })

  it('dispose removes its listeners and stops checking', async () => {
    const { updater, flow } = setUp()
    const spy = vi.spyOn(updater, 'checkForUpdates')
    flow.dispose()
    for (const event of ['update-available', 'update-not-available', 'update-downloaded', 'error'])
      expect(updater.listenerCount(event)).toBe(0)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(spy).not.toHaveBeenCalled()
  })

  it('with check "never", never asks the feed', async () => {
    const { updater, flow } = setUp({ check: 'never' })
    const spy = vi.spyOn(updater, 'checkForUpdates')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(spy).not.toHaveBeenCalled()
    flow.dispose()
  })
})

/** electron-updater's `channel` setter turns `allowDowngrade` on, as AppUpdater.js does. */
class FakeSettings implements UpdaterSettingsPort {
  autoDownload = true
  autoInstallOnAppQuit = true
  allowDowngrade = false
  allowPrerelease = true
  feed: unknown = null
  private current: string | null = null
  get channel(): string | null {
    return this.current
  }
  set channel(value: string | null) {
    this.current = value
    this.allowDowngrade = true
  }
  setFeedURL(options: unknown): void {
    this.feed = options
  }
}

describe('applyUpdaterSettings', () => {
  it('points at the configured feed and turns off download, install on quit and downgrades', () => {
    const updater = new FakeSettings()
    applyUpdaterSettings(updater, { url: FEED, channel: 'beta', check: 'daily' })
    expect(updater.feed).toEqual({ provider: 'generic', url: FEED, channel: 'beta' })
    expect(updater.channel).toBe('beta')
    expect(updater.autoDownload).toBe(false)
    expect(updater.autoInstallOnAppQuit).toBe(false)
    expect(updater.allowDowngrade).toBe(false)
    expect(updater.allowPrerelease).toBe(false)
  })
})
