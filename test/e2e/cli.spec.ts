import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { runServeToExit, startServe } from './support/serveProcess'

let dir: string
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-cli-'))
})
test.afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('an invalid configuration is refused with one line naming the file and the field', async () => {
  const file = join(dir, 'bad.json')
  writeFileSync(
    file,
    JSON.stringify({
      market: [
        { id: 'desk', adapter: 'json', url: 'http://127.0.0.1:1/x', mapping: { symbol: 's', price: 'p' } }
      ]
    })
  )
  const result = await runServeToExit(['--port', '0', '--config', file])
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toContain(file)
  expect(lines[0]).toContain('$.market[0].url')
})

test('a missing configuration file is refused, naming it', async () => {
  const file = join(dir, 'absent.json')
  const result = await runServeToExit(['--port', '0', '--config', file])
  expect(result.code).toBe(2)
  expect(result.stderr.trim()).toBe(`${file}: $: file not found`)
})

test('an unknown flag is a usage error', async () => {
  const result = await runServeToExit(['--port', '0', '--frobnicate'])
  expect(result.code).toBe(2)
  expect(result.stderr).toMatch(/unknown argument "--frobnicate"/)
})

test('with a token, the URL carries it and the API demands it', async ({ request }) => {
  const serve = await startServe(['--port', '0', '--token', 'e2e-secret-token'])
  try {
    expect(serve.firstLine).toMatch(
      /^Tickwire serving at http:\/\/127\.0\.0\.1:\d+\/\?token=e2e-secret-token$/
    )
    expect((await request.get(`${serve.origin}/api/stats`)).status()).toBe(401)
    expect((await request.get(`${serve.origin}/api/stats?token=wrong`)).status()).toBe(401)
    expect((await request.get(`${serve.origin}/api/stats?token=e2e-secret-token`)).status()).toBe(200)
    const bearer = await request.get(`${serve.origin}/api/snapshot`, {
      headers: { Authorization: 'Bearer e2e-secret-token' }
    })
    expect(bearer.status()).toBe(200)
  } finally {
    expect(await serve.stop()).toBe(0)
  }
})
