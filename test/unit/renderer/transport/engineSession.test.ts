import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ViewMessage } from '@shared/protocol'
import type { Disposable } from '@shared/disposable'
import { EngineClientBase } from '@renderer/transport/engineClient'
import { localNow } from '@renderer/transport/clockOffset'
import { startEngineSession, type EngineSessionSink } from '@renderer/transport/engineSession'
import type { ParsedEngineMessage } from '@renderer/transport/engineMessage'
import type { FrameBatch } from '@renderer/frame/frameBuffer'
import { presentationOf, updateOf } from '@shared/sensorParts'
import { sensorReading } from '../frame/fixtures'
import { waitFor } from '../../../harness/waitFor'

/** An in-memory engine end: records what the view sends, lets the test play the engine. */
class LoopClient extends EngineClientBase {
  readonly kind = 'ws' as const
  readonly sent: ViewMessage[] = []
  constructor(readonly sharesEngineClock: boolean) {
    super()
  }
  send(message: ViewMessage): void {
    this.sent.push(message)
  }
  close(): void {
    this.finishClose()
  }
  open(): void {
    this.setState('open')
  }
  engine(message: ParsedEngineMessage): void {
    this.deliver(message)
  }
}

beforeAll(() => {
  // Node has MessageChannel (after-paint) but no animation frames: a 16 ms timer stands in.
  const g = globalThis as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown }
  g.requestAnimationFrame ??= (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 16)
  g.cancelAnimationFrame ??= (h: ReturnType<typeof setTimeout>) => clearTimeout(h)
})

let session: Disposable | null = null
afterEach(() => session?.dispose())

/** A sink that ignores everything but what the test overrides. */
function sink(overrides: Partial<EngineSessionSink>): EngineSessionSink {
  return {
    linkState: () => {},
    hello: () => {},
    stats: () => {},
    watchlists: () => {},
    alarms: () => {},
    clock: () => {},
    error: () => {},
    apply: () => {},
    ...overrides
  }
}

const ENGINE_AHEAD_MS = 5_000

async function ackAfterClockSync(shared: boolean) {
  const client = new LoopClient(shared)
  const clocks: number[] = []
  session = startEngineSession(client, sink({ clock: (offset) => clocks.push(offset) }))
  client.open()
  const ping = await waitFor(() => client.sent.find((m) => m.type === 'ping'), 'a ping')
  if (ping.type !== 'ping') throw new Error('not a ping')
  // An engine whose clock reads 5 s ahead of ours.
  client.engine({ type: 'pong', t0: ping.t0, engineTime: localNow() + ENGINE_AHEAD_MS })
  await waitFor(() => clocks.length > 0, 'a clock estimate')
  client.engine({ type: 'frame', seq: 1, sentAt: 0, tickers: [], readings: [] })
  const before = localNow()
  const ack = await waitFor(() => client.sent.find((m) => m.type === 'ack'), 'an ack')
  if (ack.type !== 'ack') throw new Error('not an ack')
  return { paintedMinusLocal: ack.paintedAt - before, clock: clocks[0] }
}

describe('startEngineSession paint times', () => {
  it('on this machine, measures anyway once the clocks disagree by more than a step (a clock set apart)', async () => {
    // The loop's engine runs ENGINE_AHEAD_MS ahead: one machine, but not one clock any more.
    const { paintedMinusLocal, clock } = await ackAfterClockSync(true)
    expect(clock).toBeGreaterThan(ENGINE_AHEAD_MS - 50)
    expect(paintedMinusLocal).toBeGreaterThan(ENGINE_AHEAD_MS - 50)
    expect(paintedMinusLocal).toBeLessThan(ENGINE_AHEAD_MS + 1_000)
  })

  it('converts paint times to the engine clock for a view on another machine', async () => {
    const { paintedMinusLocal, clock } = await ackAfterClockSync(false)
    expect(clock).toBeGreaterThan(ENGINE_AHEAD_MS - 50)
    expect(paintedMinusLocal).toBeGreaterThan(ENGINE_AHEAD_MS - 50)
    expect(paintedMinusLocal).toBeLessThan(ENGINE_AHEAD_MS + 1_000)
  })
})

describe('startEngineSession sensor presentation', () => {
  it('joins frame values with the presentation the hello and later "sensors" messages gave', async () => {
    const client = new LoopClient(true)
    const batches: FrameBatch[] = []
    session = startEngineSession(client, sink({ apply: (batch) => batches.push(batch) }))
    client.open()
    const boiler = sensorReading('plant/boiler', 70, { label: 'Boiler', unit: '°C', staleReason: 'old' })
    client.engine({
      type: 'hello',
      protocol: 1,
      engineTime: 0,
      demo: false,
      snapshot: { tickers: [], readings: [boiler], alarms: [] },
      stats: {
        uptimeMs: 0,
        windowMs: 0,
        sources: [],
        display: {
          frames: 0,
          superseded: 0,
          latencyMs: { count: 0, p50: null, p95: null, p99: null, max: null }
        }
      }
    })
    const pump = sensorReading('plant/pump', true, { label: 'Pump', unit: '' })
    client.engine({ type: 'sensors', sensors: [presentationOf(pump)] })
    client.engine({
      type: 'frame',
      seq: 1,
      sentAt: 0,
      tickers: [],
      readings: [
        updateOf({ ...boiler, value: 71, staleReason: undefined }),
        updateOf(pump),
        // Never presented: an engine out of step; dropped rather than shown without a label.
        updateOf(sensorReading('plant/ghost', 1))
      ]
    })
    await waitFor(() => batches[0], 'the frame applied')
    // The ghost's value had no presentation: the view asks for a fresh hello, once until it comes.
    const readies = (): number => client.sent.filter((m) => m.type === 'ready').length
    expect(readies()).toBe(1)
    const ghost = {
      type: 'frame' as const,
      seq: 2,
      sentAt: 0,
      tickers: [],
      readings: [updateOf(sensorReading('plant/ghost', 2))]
    }
    client.engine(ghost)
    expect(readies()).toBe(1)
    expect(batches[0].readings).toEqual([
      sensorReading('plant/boiler', 71, { label: 'Boiler', unit: '°C' }),
      sensorReading('plant/pump', true, { label: 'Pump', unit: '' })
    ])
  })
})
