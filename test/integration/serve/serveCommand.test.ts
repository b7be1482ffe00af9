/** The `npm run serve` composition with the real runtime (engine + demo) on 127.0.0.1:0. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '@shared/configError'
import { UsageError } from '../../../src/main/runtime/args'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-serve-cmd-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
})
const stateDirs: string[] = []
afterAll(() => {
  for (const d of [dir, ...stateDirs]) rmSync(d, { recursive: true, force: true })
})

/** Each command its own state dir: never the user's own, and never one locked by another command. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const stateDir = mkdtempSync(join(tmpdir(), 'tickwire-serve-state-'))
  stateDirs.push(stateDir)
  return { TICKWIRE_STATE_DIR: stateDir, ...extra }
}

function capture(): {
  stdout: string[]
  stderr: string[]
  io: { stdout(l: string): void; stderr(l: string): void }
} {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, io: { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) } }
}

async function portRefuses(port: number): Promise<boolean> {
  const probe = createServer()
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

describe('startServeCommand', () => {
  it('prints the URL first, serves the demo, and stop() frees the port', async () => {
    const out = capture()
    const running = await startServeCommand(['--port', '0'], env(), out.io, dir)
    try {
      expect(out.stdout[0]).toMatch(/^Tickwire serving at http:\/\/127\.0\.0\.1:\d+\/$/)
      expect(running.url).toBe(out.stdout[0].replace('Tickwire serving at ', ''))
      expect(out.stderr).toEqual([])
      const stats = (await (await fetch(new URL('/api/stats', running.url))).json()) as {
        sources: { id: string }[]
      }
      expect(stats.sources.map((s) => s.id)).toEqual(['demo', 'plant'])
      expect(await (await fetch(running.url)).text()).toContain('<title>t</title>')
    } finally {
      await running.stop()
    }
    expect(await portRefuses(Number(new URL(running.url).port))).toBe(true)
  })

  it('puts a --token or TICKWIRE_TOKEN in the URL and enforces it', async () => {
    const runs: RunningServeCommand[] = []
    try {
      const a = capture()
      runs.push(await startServeCommand(['--port', '0', '--token', 'a b'], env(), a.io, dir))
      expect(a.stdout[0]).toMatch(/^Tickwire serving at http:\/\/127\.0\.0\.1:\d+\/\?token=a%20b$/)
      const b = capture()
      runs.push(
        await startServeCommand(['--port', '0', '--no-demo'], env({ TICKWIRE_TOKEN: 'env-tok' }), b.io, dir)
      )
      expect(b.stdout[0]).toMatch(/\/\?token=env-tok$/)
      const origin = new URL(runs[1].url).origin
      expect((await fetch(`${origin}/api/stats`)).status).toBe(401)
      expect((await fetch(runs[1].url.replace('/?', '/api/stats?'))).status).toBe(200)
    } finally {
      await Promise.all(runs.map((r) => r.stop()))
    }
  })

  it('refuses an invalid configuration with ConfigError before printing or starting anything', async () => {
    const file = join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        market: [{ id: 'x', adapter: 'json', url: 'http://nope', mapping: { symbol: 's', price: 'p' } }]
      })
    )
    const out = capture()
    const failure = startServeCommand(['--port', '0', '--config', file], env(), out.io, dir)
    await expect(failure).rejects.toBeInstanceOf(ConfigError)
    await expect(failure).rejects.toThrow('$.market[0].url')
    expect(out.stdout).toEqual([])
  })

  it('refuses unknown arguments with UsageError', async () => {
    await expect(startServeCommand(['--frobnicate'], env(), capture().io, dir)).rejects.toBeInstanceOf(
      UsageError
    )
  })

  it('stops the runtime again when the port is taken', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const out = capture()
      await expect(
        startServeCommand(['--port', String(port), '--no-demo'], env(), out.io, dir)
      ).rejects.toThrow(/EADDRINUSE/)
      expect(out.stdout).toEqual([])
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})
