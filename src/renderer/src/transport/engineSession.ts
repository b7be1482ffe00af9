import { DisposableStore, toDisposable, type Disposable } from '@shared/disposable'
import { MAX_MERGED_ACKS } from '@shared/protocol'
import { STEP_MS } from '@shared/wallClock'
import type { SourceWatchlist, StatsPayload } from '@shared/model'
import type { AlarmSummary } from '@shared/alarms'
import { FrameScheduler } from '../frame/frameScheduler'
import type { FrameBatch } from '../frame/frameBuffer'
import { createAfterPaint } from '../frame/afterPaint'
import type { EngineClient, LinkState } from './engineClient'
import { ClockSync } from './clockSync'
import { localNow } from './clockOffset'
import type { ParsedEngineMessage } from './engineMessage'
import { SensorPresentations } from './sensorPresentations'

/** Where the session delivers what it learns (the Pinia stores, in the app). */
export interface EngineSessionSink {
  linkState(state: LinkState): void
  hello(message: Extract<ParsedEngineMessage, { type: 'hello' }>): void
  stats(stats: StatsPayload): void
  /** Every market source's watchlist (also carried by `hello`). */
  watchlists(watchlists: SourceWatchlist[]): void
  /** Open, shelved and recently closed alarms (the initial ones arrive with `hello`). */
  alarms(alarms: AlarmSummary): void
  /** `offsetMs` is what is applied (0 when the view shares the engine's clock). */
  clock(offsetMs: number, rttMs: number, sharedClock: boolean): void
  error(message: string): void
  /** Applies one merged batch of frames; called inside requestAnimationFrame. */
  apply(batch: FrameBatch): void
}

/**
 * One machine means one clock only while the measurement agrees: an engine whose clock was set
 * apart (a system clock step the other side has not taken up yet) is measured like a remote one.
 */
export function clockShared(sameMachine: boolean, measuredOffset: number, rtt: number): boolean {
  return sameMachine && Math.abs(measuredOffset) <= Math.max(STEP_MS, rtt)
}

/**
 * Runs one engine client: routes messages to the sink, paces frames to animation frames, acks
 * after paint in the engine's clock, and keeps the clock offset measured.
 */
export function startEngineSession(client: EngineClient, sink: EngineSessionSink): Disposable {
  const store = new DisposableStore()
  let offset = 0
  const presentations = new SensorPresentations()
  /** A fresh hello was asked for (values of a sensor never presented); one ask until it comes. */
  let resyncAsked = false
  const afterPaint = store.add(createAfterPaint())
  const clock = store.add(
    new ClockSync(client, localNow, (best) => {
      const shared = clockShared(client.sharesEngineClock, best.offset, best.rtt)
      offset = shared ? 0 : best.offset
      sink.clock(offset, best.rtt, shared)
    })
  )
  const frames = store.add(
    new FrameScheduler({
      requestFrame: (cb) => requestAnimationFrame(cb),
      cancelFrame: (handle) => cancelAnimationFrame(handle),
      afterPaint: (cb) => afterPaint.schedule(cb),
      now: localNow,
      apply: (batch) => sink.apply(batch),
      ack: (seqs, paintedAtLocal) => {
        const seq = seqs[seqs.length - 1]
        const paintedAt = paintedAtLocal + offset
        // Never more than the engine's few frames in flight; a longer list would be refused.
        const merged = seqs.slice(Math.max(0, seqs.length - 1 - MAX_MERGED_ACKS), -1)
        client.send(
          merged.length === 0 ? { type: 'ack', seq, paintedAt } : { type: 'ack', seq, paintedAt, merged }
        )
      }
    })
  )

  const onState = (state: LinkState): void => {
    frames.reset()
    if (state === 'open') clock.restart()
    else clock.stop()
    sink.linkState(state)
  }

  store.add(client.onStateChange(onState))
  store.add(
    client.onMessage((message) => {
      switch (message.type) {
        case 'hello':
          frames.reset()
          resyncAsked = false
          presentations.replace(message.snapshot.readings)
          sink.hello(message)
          break
        case 'sensors':
          presentations.remember(message.sensors)
          break
        case 'frame': {
          const unknownBefore = presentations.unknown
          frames.push({
            seq: message.seq,
            tickers: message.tickers,
            readings: message.readings.length === 0 ? [] : presentations.join(message.readings)
          })
          // Out of step with the engine (it presents a sensor before its first value): rather
          // than leave that sensor missing, ask for the whole picture again.
          if (presentations.unknown > unknownBefore && !resyncAsked) {
            resyncAsked = true
            client.send({ type: 'ready' })
          }
          break
        }
        case 'stats':
          sink.stats(message.stats)
          break
        case 'watchlists':
          sink.watchlists(message.watchlists)
          break
        case 'alarms':
          sink.alarms(message.alarms)
          break
        case 'pong':
          clock.pong(message.t0, message.engineTime)
          break
        case 'error':
          sink.error(message.message)
          break
      }
    })
  )
  store.add(toDisposable(() => client.close()))
  onState(client.state)
  return store
}
