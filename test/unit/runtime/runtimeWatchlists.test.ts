import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configSchema } from '@shared/config'
import { startRuntime, withSavedWatchlists, type Runtime } from '../../../src/main/runtime/runtime'

const config = configSchema.parse({
  market: [
    {
      id: 'desk',
      adapter: 'json',
      url: 'ws://127.0.0.1:9/feed',
      symbols: ['AAPL'],
      mapping: { symbol: 's', price: 'p' }
    },
    { id: 'bn', adapter: 'binance', url: 'ws://127.0.0.1:9/stream', symbols: ['BTCUSDT'] }
  ]
})

describe('withSavedWatchlists', () => {
  it('replaces the symbols of configured sources only, skipping lists the adapter cannot take', () => {
    const problems: string[] = []
    const saved = new Map([
      ['desk', ['MSFT', 'NVDA']],
      ['bn', []],
      ['gone', ['X']]
    ])
    const out = withSavedWatchlists(config, saved, (p) => problems.push(p))
    expect(out.market.map((m) => [m.id, m.symbols])).toEqual([
      ['desk', ['MSFT', 'NVDA']],
      ['bn', ['BTCUSDT']]
    ])
    expect(problems).toEqual([
      'ignoring the saved watchlist of bn: the binance adapter needs at least one symbol'
    ])
    // The configuration itself is not changed.
    expect(config.market[0].symbols).toEqual(['AAPL'])
  })
})

describe('startRuntime with a state directory', () => {
  let dir: string
  let runtime: Runtime | null = null
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-runtime-'))
  })
  afterEach(async () => {
    await runtime?.stop()
    runtime = null
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts with the saved list, saves edits on stop, and shrugs off a corrupt file', async () => {
    const configFile = join(dir, 'desk.json')
    writeFileSync(configFile, JSON.stringify({ market: [config.market[0]] }))
    const stateDir = join(dir, 'state')
    const problems: string[] = []
    const options = { configFile, demo: false, stateDir, reportProblem: (p: string) => problems.push(p) }

    runtime = await startRuntime(options)
    expect(runtime.engine.watchlists()[0].symbols).toEqual(['AAPL'])
    expect(runtime.engine.setWatchlist('desk', ['AAPL', 'TSLA'])).toBeNull()
    await runtime.stop()
    expect(JSON.parse(readFileSync(join(stateDir, 'watchlists.json'), 'utf8'))).toEqual({
      version: 1,
      watchlists: { desk: ['AAPL', 'TSLA'] }
    })

    runtime = await startRuntime(options)
    expect(runtime.engine.watchlists()[0].symbols).toEqual(['AAPL', 'TSLA'])
    await runtime.stop()

    writeFileSync(join(stateDir, 'watchlists.json'), 'garbage')
    runtime = await startRuntime(options)
    expect(runtime.engine.watchlists()[0].symbols).toEqual(['AAPL'])
    expect(problems).toEqual([expect.stringMatching(/ignoring saved watchlists .*: not valid JSON/)])
  })
})
