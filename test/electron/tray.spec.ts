import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { electronBinary, launchApp, SKIP_REASON } from './app'

const binary = electronBinary()

/** The tray's state as the main process keeps it for automation (`globalThis.__tickwireTray`). */
interface TrayStatus {
  toolTip: string
  unacked: number
  muted: boolean
}

test('the tray tooltip counts unacknowledged alarms', async () => {
  test.skip(binary === null, SKIP_REASON)
  // A replayed recording: one reading past both the warning (80) and the alarm (95) limit.
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-electron-tray-'))
  const t = Date.now()
  const config = {
    market: [],
    telemetry: [
      {
        id: 'plant',
        url: 'mqtt://127.0.0.1:9',
        subscriptions: [{ topic: 'plant/#', qos: 0 }],
        sensors: [
          { topic: 'plant/tank1/temp', id: 'tank1-temp', label: 'Tank 1', unit: '°C', warn: 80, alarm: 95 }
        ]
      }
    ]
  }
  const lines = [
    JSON.stringify({ tickwire: 'recording', version: 1, startedAt: t, config }),
    JSON.stringify({ t, s: 'plant', st: 'open' }),
    JSON.stringify({ t: t + 10, s: 'plant', tp: 'plant/tank1/temp', p: '97.5', q: 0 })
  ]
  const file = join(dir, 'alarms.ndjson.gz')
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`))
  const running = await launchApp(binary as string, ['--replay', file, '--speed', 'max'])
  const status = (): Promise<TrayStatus | undefined> =>
    running.app.evaluate(() => (globalThis as { __tickwireTray?: TrayStatus }).__tickwireTray)
  try {
    await expect.poll(async () => (await status())?.toolTip).toBe('Tickwire — 2 unacknowledged alarms')
    await expect(running.page.locator('[data-sensor="plant/tank1-temp"]')).toHaveAttribute(
      'data-state',
      'alarm'
    )
    // The page's Tone switch and the tray's Mute Tone tick agree, whichever is used.
    const tone = running.page.locator('[data-setting="tone"]')
    await tone.check()
    await expect.poll(async () => (await status())?.muted).toBe(false)
    await tone.uncheck()
    await expect.poll(async () => (await status())?.muted).toBe(true)
  } finally {
    await running.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
