import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../../..')
const TOOL = join(ROOT, 'tools/electronegativity/check.ts')
// Each run starts tsx and Electronegativity: a couple of seconds, more on a loaded machine.
const TIMEOUT = 60_000

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function check(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', TOOL, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr })
    })
  })
}

const fixtures: string[] = []

/** A temporary input directory with `files`, and an allowlist (`allow.json`, outside the input). */
function fixture(
  files: Record<string, string>,
  entries: unknown[] = []
): { input: string; allowlist: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-eng-test-'))
  fixtures.push(dir)
  const input = join(dir, 'src')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(input, name)), { recursive: true })
    writeFileSync(join(input, name), text)
  }
  const allowlist = join(dir, 'allow.json')
  writeFileSync(allowlist, JSON.stringify({ entries }))
  return { input, allowlist }
}

afterEach(() => {
  for (const dir of fixtures.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const BAD_WINDOW = `import { BrowserWindow } from 'electron'

export function open(): BrowserWindow {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false } // eng-disable NODE_INTEGRATION_JS_CHECK
  })
  return win
}
`

const BAD_SFC = `<template>
  <webview src="http://example.com/" nodeintegration></webview>
</template>

<script setup lang="ts">
const parts: Array<string> = []
eval('1 + ' + parts.join(''))
</script>
`

/** Hardened but for one thing: the URL goes to openExternal unchecked. */
const ONE_FINDING = {
  'main/window.ts': `import { BrowserWindow, session, shell } from 'electron'

session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
const win = new BrowserWindow({
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' }
})
win.webContents.on('will-navigate', (event) => event.preventDefault())
win.webContents.setWindowOpenHandler(({ url }) => {
  void shell.openExternal(url)
  return { action: 'deny' }
})
`,
  'renderer/index.html': `<!doctype html>
<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'" /></head></html>
`
}

const OPEN_EXTERNAL_ENTRY = {
  check: 'OPEN_EXTERNAL_JS_CHECK',
  file: '', // set per fixture: outside the repository, paths are absolute
  excerpt: 'void shell.openExternal(url)',
  reason: 'test fixture'
}

describe('tools/electronegativity/check', () => {
  it(
    'passes on the real src with the checked-in allowlist',
    async () => {
      const run = await check()
      expect(run.stderr).toBe('')
      expect(run.stdout).toMatch(/^electronegativity: 0 new findings \(\d+ allowlisted\) in \d+ files/)
      expect(run.code).toBe(0)
    },
    TIMEOUT
  )

  it(
    'fails on an unsafe BrowserWindow and names each finding, even under an eng-disable comment',
    async () => {
      const { input, allowlist } = fixture({ 'main/window.ts': BAD_WINDOW, 'renderer/Bad.vue': BAD_SFC })
      const run = await check('--input', input, '--allowlist', allowlist)
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      const window = join(input, 'main/window.ts')
      expect(run.stderr).toContain(`NODE_INTEGRATION_JS_CHECK at ${window}:5:`)
      expect(run.stderr).toContain(`CONTEXT_ISOLATION_JS_CHECK at ${window}:5:`)
      // A Vue SFC's script and template are checked, at their lines in the .vue file.
      const sfc = join(input, 'renderer/Bad.vue')
      expect(run.stderr).toContain(`DANGEROUS_FUNCTIONS_JS_CHECK at ${sfc}:7:`)
      expect(run.stderr).toContain(`NODE_INTEGRATION_HTML_CHECK at ${sfc}:2:`)
      expect(run.stderr).toMatch(/electronegativity: \d+ new findings, 0 stale allowlist entries/)
    },
    TIMEOUT
  )

  it(
    'accepts an allowlisted finding by its excerpt, wherever its line has moved',
    async () => {
      const shifted = {
        ...ONE_FINDING,
        'main/window.ts': `// moved\n// down\n${ONE_FINDING['main/window.ts']}`
      }
      const dir = fixture(shifted)
      const entry = { ...OPEN_EXTERNAL_ENTRY, file: join(dir.input, 'main/window.ts') }
      writeFileSync(dir.allowlist, JSON.stringify({ entries: [entry] }))
      const run = await check('--input', dir.input, '--allowlist', dir.allowlist)
      expect(run.stderr).toBe('')
      expect(run.stdout).toMatch(/^electronegativity: 0 new findings \(1 allowlisted\)/)
      expect(run.code).toBe(0)
    },
    TIMEOUT
  )

  it(
    'fails on allowlist entries that no longer match',
    async () => {
      const dir = fixture(ONE_FINDING)
      const file = join(dir.input, 'main/window.ts')
      const entries = [
        { ...OPEN_EXTERNAL_ENTRY, file, count: 2 },
        { check: 'SANDBOX_JS_CHECK', file, excerpt: 'new BrowserWindow(', reason: 'test fixture' }
      ]
      writeFileSync(dir.allowlist, JSON.stringify({ entries }))
      const run = await check('--input', dir.input, '--allowlist', dir.allowlist)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`stale allowlist entry OPEN_EXTERNAL_JS_CHECK in ${file}`)
      expect(run.stderr).toContain('matches 1 of 2 findings')
      expect(run.stderr).toContain(`stale allowlist entry SANDBOX_JS_CHECK in ${file}`)
      expect(run.stderr).toMatch(/0 new findings, 2 stale allowlist entries/)
    },
    TIMEOUT
  )

  it(
    'refuses an allowlist entry without a reason',
    async () => {
      const dir = fixture(ONE_FINDING, [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'x.ts', excerpt: 'x' }])
      const run = await check('--input', dir.input, '--allowlist', dir.allowlist)
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('$.entries[0].reason: must be a non-empty string')
    },
    TIMEOUT
  )
})
