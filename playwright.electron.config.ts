import { defineConfig } from '@playwright/test'

/**
 * The desktop app under Playwright's `_electron`, against the built app (`npm run build` first).
 * Where the Electron binary is not installed every test skips and says why (test/electron/app.ts).
 */
export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  globalSetup: './test/electron/globalSetup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One app at a time: each launch starts the embedded demo and its servers.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']]
})
