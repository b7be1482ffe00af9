import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A temp folder holding `desk.json` (the configuration) and `state/` (serve's --state-dir). */
export interface ConfigDir {
  dir: string
  configFile: string
  stateDir: string
  remove(): void
}

export function writeConfigDir(config: unknown): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-e2e-'))
  const configFile = join(dir, 'desk.json')
  writeFileSync(configFile, JSON.stringify(config))
  return {
    dir,
    configFile,
    stateDir: join(dir, 'state'),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The `desk` feed every e2e spec uses: a json-adapter feed on the test FeedServer speaking the
 * in-house message shape (`s`, `p`, `b`, `a`, `v`, `E` in ms) with the templated subscribe.
 */
export function deskFeed(url: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'desk',
    adapter: 'json',
    url,
    symbols: ['AAPL', 'MSFT'],
    mapping: { symbol: 's', price: 'p', bid: 'b', ask: 'a', volume: 'v', time: 'E', timeUnit: 'ms' },
    subscribe: { op: 'subscribe', symbols: '{{symbols}}' },
    ...overrides
  }
}
