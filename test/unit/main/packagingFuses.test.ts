import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'

const CONFIG = fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url))

/** The fuses a packaged build must flip, and to what (issue 12: a locked-down desk's build). */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true
} as const

describe('packaging config', () => {
  const config = load(readFileSync(CONFIG, 'utf8')) as Record<string, unknown>

  it('flips every required Electron fuse', () => {
    const fuses = config.electronFuses as Record<string, unknown> | undefined
    expect(fuses, 'electron-builder.yml has no electronFuses section').toBeTypeOf('object')
    for (const [fuse, value] of Object.entries(REQUIRED_FUSES))
      expect(fuses?.[fuse], `electronFuses.${fuse} must be ${value}`).toBe(value)
  })

  it('is a configuration electron-builder itself accepts', async () => {
    // electron-builder's own schema check, as `npm run package` runs it first.
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config')) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = await import('builder-util')
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('packs the app into an ASAR, which onlyLoadAppFromAsar requires', () => {
    expect(config.asar).toBe(true)
  })
})
