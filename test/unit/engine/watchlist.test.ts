import { afterEach, describe, expect, it } from 'vitest'
import { configSchema, type TickwireConfig } from '@shared/config'
import type { EngineMessage } from '@shared/protocol'
import { Engine } from '../../../src/main/engine/engine'
import { wallNow } from '../../../src/main/engine/clock'
import type { LiveSources } from '../../../src/main/engine/sources/liveSources'
import { createMemoryViewLink, RecordingView } from '../../harness/memoryViewLink'
import { waitFor } from '../../harness/waitFor'

// Mostly never started: no sockets. Watchlist edits before start shape what sources subscribe.
const config: TickwireConfig = configSchema.parse({
  market: [
    {
      id: 'desk',
      adapter: 'json',
      url: 'ws://127.0.0.1:9/feed',
      symbols: ['AAPL', 'MSFT'],
      mapping: { symbol: 's', price: 'p' }
    },
    { id: 'bn', adapter: 'binance', url: 'ws://127.0.0.1:9/stream', symbols: ['BTCUSDT'] }
  ],
  telemetry: [{ id: 'plant', url: 'mqtt://127.0.0.1:9', subscriptions: [{ topic: 'plant/#' }] }]
})

let engine: Engine
afterEach(async () => {
  await engine.stop()
})

function attach(): RecordingView {
  const { engineSide, viewSide } = createMemoryViewLink()
  engine.attachView(engineSide)
  const view = new RecordingView(viewSide)
  view.link.send({ type: 'ready' })
  return view
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30))

describe('engine watchlists', () => {
  it('reports every market source with its adapter, and carries them in hello', async () => {
    engine = new Engine(config)
    expect(engine.watchlists()).toEqual([
      { source: 'desk', adapter: 'json', symbols: ['AAPL', 'MSFT'], statuses: {} },
      { source: 'bn', adapter: 'binance', symbols: ['BTCUSDT'], statuses: {} }
    ])
    const view = attach()
    const hello = await waitFor(() => view.ofType('hello')[0], 'hello')
    expect(hello.watchlists).toEqual(engine.watchlists())
  })

  it('applies a change, tells every view and the persistence listener', async () => {
    engine = new Engine(config)
    const a = attach()
    const b = attach()
    await waitFor(() => a.ofType('hello')[0] && b.ofType('hello')[0], 'hellos')
    const changes: [string, readonly string[]][] = []
    const listening = engine.onWatchlistChange((source, symbols) => changes.push([source, symbols]))
    const reply = await a.command('setWatchlist', { source: 'desk', symbols: ['AAPL', 'NVDA', 'NVDA'] })
    expect(reply).toMatchObject({ type: 'reply', ok: true, result: { symbols: ['AAPL', 'NVDA'] } })
    const pushed = await waitFor(() => b.ofType('watchlists')[0], 'watchlists on the other view')
    expect(pushed.watchlists[0]).toEqual({
      source: 'desk',
      adapter: 'json',
      symbols: ['AAPL', 'NVDA'],
      statuses: {}
    })
    await waitFor(() => a.ofType('watchlists')[0], 'watchlists on the sender')
    expect(changes).toEqual([['desk', ['AAPL', 'NVDA']]])
    expect(a.refusals()).toEqual([])

    // The same list again changes nothing and sends nothing.
    expect((await a.command('setWatchlist', { source: 'desk', symbols: ['AAPL', 'NVDA'] })).ok).toBe(true)
    await settle()
    expect(b.ofType('watchlists')).toHaveLength(1)
    expect(changes).toHaveLength(1)

    listening.dispose()
    expect(engine.setWatchlist('desk', ['AAPL'])).toBeNull()
    expect(changes).toHaveLength(1)
  })

  it('refuses unknown, telemetry and invalid edits to the sender only, changing nothing', async () => {
    engine = new Engine(config)
    const a = attach()
    const b = attach()
    await waitFor(() => a.ofType('hello')[0] && b.ofType('hello')[0], 'hellos')
    const before = engine.watchlists()
    const [unknown, telemetry, invalid, empty] = await Promise.all([
      a.refusal('setWatchlist', { source: 'nope', symbols: ['A'] }),
      a.refusal('setWatchlist', { source: 'plant', symbols: ['A'] }),
      a.refusal('setWatchlist', { source: 'desk', symbols: ['OK', 'has\ttab'] }),
      a.refusal('setWatchlist', { source: 'bn', symbols: [] })
    ])
    expect(unknown).toMatch(/^watchlist change refused: .*no market source "nope"/)
    expect(telemetry).toMatch(/"plant" is a telemetry source/)
    // The refusal names the bad field.
    expect(invalid).toMatch(/^watchlist change refused: symbols\[1\]: /)
    expect(empty).toMatch(/binance adapter needs at least one symbol/)
    await settle()
    expect(engine.watchlists()).toEqual(before)
    expect(b.ofType('reply')).toEqual([])
    expect(b.ofType('watchlists')).toEqual([])
    // Refused commands are answered, not counted as protocol noise.
    expect(engine.rejectedViewMessages).toBe(0)
  })

  it('an empty json list means every symbol; removed symbols leave the snapshot', () => {
    engine = new Engine(config)
    for (const symbol of ['AAPL', 'MSFT', 'TSLA'])
      engine.applyTick({ source: 'desk', symbol, last: 1, time: null, receivedAt: wallNow() }, 30_000)
    expect(engine.snapshot().tickers.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT'])
    expect(engine.setWatchlist('desk', ['MSFT'])).toBeNull()
    expect(engine.snapshot().tickers.map((t) => t.symbol)).toEqual(['MSFT'])
    expect(engine.setWatchlist('desk', [])).toBeNull()
    expect(engine.snapshot().tickers.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT', 'TSLA'])
  })

  it("pushes the exchange's verdicts on watched symbols when they change", async () => {
    // Started (the state push runs only then), with nothing listening on the feeds' port.
    engine = new Engine({ ...config, telemetry: [] }, { statsIntervalMs: 60_000 })
    engine.start()
    const view = attach()
    await waitFor(() => view.ofType('hello')[0], 'hello')
    // The channel is the adapters' sink; report a verdict through it as an adapter would.
    const channel = (engine as unknown as { sources: LiveSources }).sources.channel('bn')!
    channel.symbolStatus('BTCUSDT', 'rejected', 'Invalid symbol')
    const pushed = await waitFor(
      () =>
        view
          .ofType('watchlists')
          .find((m: Extract<EngineMessage, { type: 'watchlists' }>) => m.watchlists[1].statuses.BTCUSDT),
      'a verdict'
    )
    expect(pushed.watchlists[1].statuses).toEqual({
      BTCUSDT: { status: 'rejected', detail: 'Invalid symbol' }
    })
  })
})
