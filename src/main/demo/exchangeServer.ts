import { createServer } from 'node:http'
import { WebSocketServer, WebSocket, type RawData } from 'ws'
import { FeedPacer } from './feedPacer'
import { encodeQuote, parseExchangeCommand } from './exchangeProtocol'
import { DEMO_INSTRUMENTS, type InstrumentSpec } from './instruments'
import { PriceWalk } from './priceWalk'
import { createRandom, type Random } from './prng'
import { closeHttpServer, closeWebSocketServer, listen, urlHost } from './serverLifecycle'

export interface ExchangeOptions {
  host?: string
  /** 0 lets the OS choose. */
  port?: number
  /** Average aggregate messages per second over all symbols, before bursts. */
  ratePerSec?: number
  instruments?: readonly InstrumentSpec[]
  random?: Random
  /** Timer period of the pacer. */
  tickMs?: number
}

export interface RunningExchange {
  /** e.g. `ws://127.0.0.1:40123/ticks` */
  readonly url: string
  readonly port: number
  readonly symbols: readonly string[]
  counters(): ExchangeCounters
  stop(): Promise<void>
}

export interface ExchangeCounters {
  connections: number
  sent: number
  /** Quotes not sent to a client whose socket buffer was full (it sees a sequence gap). */
  droppedSlowClient: number
  /** Client frames that were not a valid command. */
  badCommands: number
}

export const EXCHANGE_PATH = '/ticks'
export const DEFAULT_EXCHANGE_RATE = 300

/** A client this far behind is treated like an exchange treats a slow consumer: it misses quotes. */
const SLOW_CLIENT_BUFFER_BYTES = 4 * 1024 * 1024
const MAX_COMMAND_BYTES = 64 * 1024

interface Subscriber {
  socket: WebSocket
  symbols: Set<string>
}

/** The simulated exchange: a real `ws` server streaming random-walk quotes to subscribers. */
export async function startExchange(options: ExchangeOptions = {}): Promise<RunningExchange> {
  const host = options.host ?? '127.0.0.1'
  const instruments = options.instruments ?? DEMO_INSTRUMENTS
  const random = options.random ?? createRandom()
  const start = Date.now()
  const walks = instruments.map((spec) => new PriceWalk(spec, random, start))
  const knownSymbols = new Set(instruments.map((i) => i.symbol))
  const pickWalk = weightedPicker(walks, (w) => w.spec.activity, random)
  const pacer = new FeedPacer({ ratePerSec: options.ratePerSec ?? DEFAULT_EXCHANGE_RATE }, random, start)
  const counters: ExchangeCounters = { connections: 0, sent: 0, droppedSlowClient: 0, badCommands: 0 }
  const subscribers = new Set<Subscriber>()

  const httpServer = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket only\n')
  })
  const wss = new WebSocketServer({ server: httpServer, path: EXCHANGE_PATH, maxPayload: MAX_COMMAND_BYTES })

  wss.on('connection', (socket) => {
    const subscriber: Subscriber = { socket, symbols: new Set() }
    subscribers.add(subscriber)
    counters.connections += 1
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const command = isBinary ? null : parseExchangeCommand(rawText(data))
      if (!command) {
        counters.badCommands += 1
        return
      }
      const requested = command.symbols.includes('*') ? [...knownSymbols] : command.symbols
      for (const symbol of requested) {
        if (!knownSymbols.has(symbol)) continue
        if (command.op === 'subscribe') subscriber.symbols.add(symbol)
        else subscriber.symbols.delete(symbol)
      }
    })
    // A peer resetting the connection must not take the demo down; 'close' follows.
    socket.on('error', () => undefined)
    socket.on('close', () => subscribers.delete(subscriber))
  })

  const publish = (): void => {
    const now = Date.now()
    const due = pacer.take(now)
    for (let i = 0; i < due; i++) {
      const quote = pickWalk().step(now)
      let text: string | null = null
      for (const subscriber of subscribers) {
        if (!subscriber.symbols.has(quote.symbol) || subscriber.socket.readyState !== WebSocket.OPEN) continue
        if (subscriber.socket.bufferedAmount > SLOW_CLIENT_BUFFER_BYTES) {
          counters.droppedSlowClient += 1
          continue
        }
        text ??= encodeQuote(quote)
        subscriber.socket.send(text)
        counters.sent += 1
      }
    }
  }

  const port = await listen(httpServer, host, options.port ?? 0)
  const timer = setInterval(publish, options.tickMs ?? 20)

  return {
    url: `ws://${urlHost(host)}:${port}${EXCHANGE_PATH}`,
    port,
    symbols: [...knownSymbols],
    counters: () => ({ ...counters }),
    stop: async () => {
      clearInterval(timer)
      for (const subscriber of subscribers) subscriber.socket.terminate()
      subscribers.clear()
      await closeWebSocketServer(wss)
      await closeHttpServer(httpServer)
    }
  }
}

function weightedPicker<T>(items: readonly T[], weight: (item: T) => number, random: Random): () => T {
  const cumulative: number[] = []
  let total = 0
  for (const item of items) {
    total += Math.max(weight(item), 0)
    cumulative.push(total)
  }
  return () => {
    const target = random.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] > target) hi = mid
      else lo = mid + 1
    }
    return items[lo]
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}
