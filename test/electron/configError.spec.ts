import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { appEnv, electronBinary, mainEntry, repoRoot, SKIP_REASON } from './app'

const binary = electronBinary()

test.describe('a refused configuration', () => {
  test.skip(binary === null, SKIP_REASON)

  let dir: string
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-bad-config-'))
  })
  test.afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  test('exits with code 2 and one line naming the file and the bad field', async () => {
    const file = join(dir, 'desk.json')
    writeFileSync(
      file,
      JSON.stringify({
        market: [
          { id: 'desk', adapter: 'json', url: 'http://10.0.0.5/ticks', mapping: { symbol: 's', price: 'p' } }
        ]
      })
    )
    // Spawned directly: the app must exit before any window exists, which `_electron.launch` is not for.
    const child = spawn(binary as string, [mainEntry, '--config', file], {
      cwd: repoRoot,
      env: appEnv(join(dir, 'profile')),
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)))
    clearTimeout(timer)

    expect(code).toBe(2)
    expect(stderr).toContain(`${file}: $.market[0].url: must be a URL starting with ws:// or wss://`)
  })
})
