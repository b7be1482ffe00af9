import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { electronBinary, launchApp, SKIP_REASON } from './app'

const binary = electronBinary()

/** The desktop app started with `--replay FILE`: marked REPLAY, the recorded values shown, nothing live. */
test('replays a recording given on the command line', async () => {
  test.skip(binary === null, SKIP_REASON)
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-electron-replay-'))
  const t = Date.now()
  const config = {
    market: [
      {
        id: 'desk',
        adapter: 'json',
        url: 'ws://127.0.0.1:9/',
        symbols: ['AAPL'],
        mapping: { symbol: 's', price: 'p', timeUnit: 'ms' }
      }
    ],
    telemetry: []
  }
  const lines = [
    JSON.stringify({ tickwire: 'recording', version: 1, startedAt: t, config }),
    JSON.stringify({ t, s: 'desk', st: 'open' }),
    JSON.stringify({ t: t + 10, s: 'desk', x: JSON.stringify({ s: 'AAPL', p: 187.25 }) })
  ]
  const file = join(dir, 'session.ndjson.gz')
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`))
  const running = await launchApp(binary as string, ['--replay', file, '--speed', 'max'])
  try {
    await expect(running.page.locator('html')).toHaveAttribute('data-replay', 'true')
    await expect(running.page.locator('[data-replay-bar]')).toContainText('session.ndjson.gz')
    await expect(running.page.locator('[data-ticker="desk/AAPL"] [data-field="last"]')).toHaveText('187.25')
  } finally {
    await running.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
