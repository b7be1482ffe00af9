import { guard } from '../faults'
import type { AdapterLink } from './marketAdapter'

export type BinanceMethod = 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'LIST_SUBSCRIPTIONS'

/** A control request on one connection, remembered until Binance answers its `id`. */
export interface BinanceRequest {
  id: number
  method: BinanceMethod
  /** The watched symbols it is about (empty for LIST_SUBSCRIPTIONS). */
  symbols: string[]
}

interface Queued {
  method: BinanceMethod
  symbols: string[]
  streams: string[]
}

/**
 * "WebSocket connections have a limit of 5 incoming messages per second" — pings, pongs and JSON
 * control messages all count, and a connection over it is dropped. Control messages therefore go
 * out at most one per `minIntervalMs` (400 ms: at most 3 a second, leaving room for the pong to
 * Binance's ping and MarketSource's own ping). Adjacent queued requests of the same method are
 * merged into one message, whose `params` may list many streams.
 */
export class BinanceRequests {
  private link: AdapterLink | null = null
  private queue: Queued[] = []
  private readonly inFlight = new Map<number, BinanceRequest>()
  /** Per connection, from 1: Binance only needs ids unique on the connection. */
  private nextId = 1
  private lastSentAt = -Infinity
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly minIntervalMs: number) {}

  /** A connection opened: requests go out on `link` from now on. */
  attach(link: AdapterLink): void {
    this.detach()
    this.link = link
  }

  /** The connection is gone: unanswered and queued requests die with it. */
  detach(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.link = null
    this.queue = []
    this.inFlight.clear()
    this.nextId = 1
    this.lastSentAt = -Infinity
  }

  /** Whether anything is queued or awaiting an answer. */
  get busy(): boolean {
    return this.queue.length > 0 || this.inFlight.size > 0
  }

  enqueue(method: BinanceMethod, symbols: string[], streams: string[]): void {
    if (this.link === null) return
    const tail = this.queue.at(-1)
    if (tail !== undefined && tail.method === method && method !== 'LIST_SUBSCRIPTIONS') {
      tail.symbols.push(...symbols)
      tail.streams.push(...streams)
    } else {
      this.queue.push({ method, symbols: [...symbols], streams: [...streams] })
    }
    this.pump()
  }

  /** Takes the request answered by `id` (undefined when none is outstanding). */
  answered(id: number): BinanceRequest | undefined {
    const request = this.inFlight.get(id)
    if (request !== undefined) this.inFlight.delete(id)
    return request
  }

  /** The oldest unanswered request: Binance answers in order, so an error without an id is its. */
  takeOldest(): BinanceRequest | undefined {
    const first = this.inFlight.values().next()
    if (first.done) return undefined
    this.inFlight.delete(first.value.id)
    return first.value
  }

  private pump(): void {
    if (this.link === null || this.timer !== null || this.queue.length === 0) return
    const wait = this.lastSentAt + this.minIntervalMs - Date.now()
    if (wait > 0) {
      // Guarded: a throw here would otherwise escape into the timer and end the process.
      const link = this.link
      this.timer = setTimeout(
        guard(
          'Binance request pacing',
          (context, err) => link.sink.fault(context, err),
          () => {
            this.timer = null
            this.pump()
          }
        ),
        wait
      )
      return
    }
    const next = this.queue.shift() as Queued
    const id = this.nextId++
    this.inFlight.set(id, { id, method: next.method, symbols: next.symbols })
    this.lastSentAt = Date.now()
    this.link.send(
      next.method === 'LIST_SUBSCRIPTIONS'
        ? { method: next.method, id }
        : { method: next.method, params: next.streams, id }
    )
    this.pump()
  }
}
