import { afterEach, describe, expect, it } from 'vitest'
import type { TickwireConfig } from '@shared/config'
import type { Tick } from '@shared/model'
import { Engine } from '../../../src/main/engine/engine'
import { wallNow } from '../../../src/main/engine/clock'
import { FRAME_SPACING_MS, FRAMES_IN_FLIGHT } from '../../../src/main/engine/viewSession'
import { MAX_MERGED_ACKS } from '@shared/protocol'
import { createMemoryViewLink, RecordingView } from '../../harness/memoryViewLink'
import { waitFor } from '../../harness/waitFor'

// Never started: no sockets; values are pushed through the engine's source-facing methods.
const config: TickwireConfig = {
  market: [
    {
      id: 'desk',
      adapter: 'json',
      url: 'ws://127.0.0.1:9/feed',
      symbols: [],
      mapping: { symbol: 's', price: 'p', timeUnit: 'ms' },
      staleAfterMs: 30_000,
      reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
      maxMessageBytes: 1024 * 1024
    }
  ],
  telemetry: []
}

const tick = (symbol: string, last: number): Tick => ({
  source: 'desk',
  symbol,
  last,
  time: null,
  receivedAt: wallNow()
})
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30))

let engine: Engine
afterEach(async () => {
  await engine.stop()
})

function attach(): { view: RecordingView; close: () => void } {
  const { engineSide, viewSide } = createMemoryViewLink()
  engine.attachView(engineSide)
  return { view: new RecordingView(viewSide), close: () => viewSide.close() }
}

describe('view sessions', () => {
  it('answers ready with a hello carrying the snapshot and stats', async () => {
    engine = new Engine(config, { demo: true })
    engine.applyTick(tick('A', 1), 30_000)
    const { view } = attach()
    view.link.send({ type: 'ready' })
    const hello = await waitFor(() => view.ofType('hello')[0], 'hello')
    expect(hello).toMatchObject({ protocol: 1, demo: true })
    expect(hello.snapshot.tickers.map((t) => [t.key, t.last])).toEqual([['desk/A', 1]])
    expect(hello.stats.sources[0]).toMatchObject({ id: 'desk', kind: 'market', messages: 0 })
  })

  it('keeps at most FRAMES_IN_FLIGHT frames unacked, paced apart, and coalesces the rest until an ack', async () => {
    engine = new Engine(config)
    const { view } = attach()
    view.link.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0], 'hello')

    for (let i = 1; i <= FRAMES_IN_FLIGHT; i++) {
      engine.applyTick(tick('A', i), 30_000)
      await waitFor(() => view.ofType('frame')[i - 1], `frame ${i}`)
    }
    const frames = view.ofType('frame')
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3, 4])
    for (let i = 1; i < frames.length; i++)
      expect(frames[i].sentAt - frames[i - 1].sentAt).toBeGreaterThanOrEqual(FRAME_SPACING_MS - 0.5)

    // The window is full: updates accumulate; A twice more (1 superseded), B once.
    engine.applyTick(tick('A', 10), 30_000)
    engine.applyTick(tick('B', 5), 30_000)
    engine.applyTick(tick('A', 11), 30_000)
    await settle()
    expect(view.ofType('frame')).toHaveLength(FRAMES_IN_FLIGHT)
    expect(engine.stats().display.superseded).toBe(1)

    // One paint merged frames 1-4: only A=4 reached the screen, so one display sample, not four.
    view.link.send({ type: 'ack', seq: 4, paintedAt: wallNow(), merged: [1, 2, 3] })
    const fifth = await waitFor(() => view.ofType('frame')[FRAMES_IN_FLIGHT], 'a frame after the ack')
    expect(fifth.seq).toBe(5)
    expect(fifth.tickers.map((t) => [t.key, t.last])).toEqual([
      ['desk/A', 11],
      ['desk/B', 5]
    ])
    // The key says the source and symbol; a frame does not repeat them.
    expect(fifth.tickers[0]).not.toHaveProperty('symbol')
    expect(engine.stats().display.latencyMs.count).toBe(1)
    view.link.send({ type: 'ack', seq: 5, paintedAt: wallNow() })
    await waitFor(() => engine.stats().display.latencyMs.count === 3, 'A=11 and B=5 painted')
    expect(engine.stats().display.frames).toBe(2)
  })

  it('drops invalid messages and acks for frames not in flight, without losing credit', async () => {
    engine = new Engine(config)
    const { view } = attach()
    view.link.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0], 'hello')
    engine.applyTick(tick('A', 1), 30_000)
    await waitFor(() => view.ofType('frame')[0], 'frame')
    const send = (m: unknown): void => view.link.send(m as never)
    send({ type: 'ack', seq: 7, paintedAt: 1 })
    send({ type: 'ack', seq: 1, paintedAt: 'later' })
    send({ type: 'ack', seq: 1, paintedAt: wallNow(), merged: new Array(MAX_MERGED_ACKS + 1).fill(0) })
    send({ type: 'ack', seq: 1, paintedAt: wallNow(), merged: ['0'] })
    send({ type: 'bogus' })
    send('text')
    await waitFor(() => engine.rejectedViewMessages === 6, 'six rejected messages')
    expect(engine.stats().display.frames).toBe(0)
    view.link.send({ type: 'ack', seq: 1, paintedAt: wallNow() })
    await waitFor(() => engine.stats().display.frames === 1, 'the valid ack recorded')
    // Acking it again is not a second paint.
    view.link.send({ type: 'ack', seq: 1, paintedAt: wallNow() })
    await waitFor(() => engine.rejectedViewMessages === 7, 'a repeated ack rejected')
    engine.applyTick(tick('A', 2), 30_000)
    await waitFor(() => view.ofType('frame')[1], 'frames go on')
  })

  it('counts a value superseded once, engine-wide, however many views missed it', async () => {
    engine = new Engine(config)
    const a = attach()
    const b = attach()
    for (const { view } of [a, b]) view.link.send({ type: 'ready' })
    await waitFor(() => a.view.ofType('hello')[0] && b.view.ofType('hello')[0], 'two hellos')
    engine.applyTick(tick('A', 1), 30_000)
    await waitFor(() => a.view.ofType('frame')[0] && b.view.ofType('frame')[0], 'first frames')
    // Neither view has acked: two values of A are replaced before any view is sent them.
    engine.applyTick(tick('A', 2), 30_000)
    engine.applyTick(tick('A', 3), 30_000)
    engine.applyTick(tick('A', 4), 30_000)
    await settle()
    expect(engine.stats().display.superseded).toBe(2)
    // View a gets A=4; a later value that only view b misses was still seen by a view: not superseded.
    a.view.link.send({ type: 'ack', seq: 1, paintedAt: wallNow() })
    await waitFor(() => a.view.ofType('frame')[1], 'a second frame for a')
    engine.applyTick(tick('A', 5), 30_000)
    await settle()
    expect(engine.stats().display.superseded).toBe(2)
  })

  it('refuses paint times before the frame was sent or in the future, keeping the credit', async () => {
    engine = new Engine(config)
    const { view } = attach()
    view.link.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0], 'hello')
    engine.applyTick(tick('A', 1), 30_000)
    const first = await waitFor(() => view.ofType('frame')[0], 'frame')
    view.link.send({ type: 'ack', seq: first.seq, paintedAt: wallNow() + 3_600_000 })
    engine.applyTick(tick('A', 2), 30_000)
    const second = await waitFor(() => view.ofType('frame')[1], 'frame after a forged ack')
    view.link.send({ type: 'ack', seq: second.seq, paintedAt: second.sentAt - 60_000 })
    engine.applyTick(tick('A', 3), 30_000)
    const third = await waitFor(() => view.ofType('frame')[2], 'frame after a backdated ack')
    expect(engine.rejectedViewMessages).toBe(2)
    expect(engine.stats().display.latencyMs.count).toBe(0)
    view.link.send({ type: 'ack', seq: third.seq, paintedAt: wallNow() })
    await waitFor(() => engine.stats().display.latencyMs.count === 1, 'a plausible paint recorded')
    expect(engine.stats().display.latencyMs.max!).toBeLessThan(1_000)
  })

  it('answers ping with pong and ends the session when the link closes', async () => {
    engine = new Engine(config)
    const { view, close } = attach()
    view.link.send({ type: 'ping', t0: 123 })
    const pong = await waitFor(() => view.ofType('pong')[0], 'pong')
    expect(pong.t0).toBe(123)
    expect(pong.engineTime).toBeGreaterThan(0)
    view.link.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0], 'hello')
    close()
    engine.applyTick(tick('A', 1), 30_000)
    await settle()
    expect(view.ofType('frame')).toHaveLength(0)
    expect(engine.stats().display.superseded).toBe(0)
  })

  it('sends no frames before ready and none after the disposable is disposed', async () => {
    engine = new Engine(config)
    const { engineSide, viewSide } = createMemoryViewLink()
    const session = engine.attachView(engineSide)
    const view = new RecordingView(viewSide)
    engine.applyTick(tick('A', 1), 30_000)
    await settle()
    expect(view.messages).toEqual([])
    viewSide.send({ type: 'ready' })
    await waitFor(() => view.ofType('hello')[0], 'hello')
    session.dispose()
    engine.applyTick(tick('A', 2), 30_000)
    await settle()
    expect(view.ofType('frame')).toHaveLength(0)
  })
})
