import type { MarketConfig, TimeUnit } from '@shared/config'
import type { SourceSink } from '../sourceSink'
import { binanceSymbolProblem, decodeBinanceEvent, isServerShutdown, streamsFor } from './binanceEvents'
import { BinanceRequests, type BinanceRequest } from './binanceRequests'
import type { AdapterLink, MarketAdapter } from './marketAdapter'
import { NOT_JSON, parseWireJson } from '../wireJson'

export type BinanceMarketConfig = Extract<MarketConfig, { adapter: 'binance' }>

/** "A single connection can listen to a maximum of 1024 streams"; each symbol takes three. */
const MAX_SYMBOLS = Math.floor(1024 / 3)
/** Control messages at most this often (Binance: 5 incoming messages per second, pings and pongs included). */
const CONTROL_INTERVAL_MS = 400
/** Binance pings every 20 s and drops a client that has not answered within a minute. */
const DEFAULT_WATCHDOG_MS = 30_000

/**
 * Binance Spot market streams over the combined-stream endpoint (`/stream`, events wrapped as
 * `{"stream":…,"data":…}`). Per symbol it subscribes `trade` (last, trade id for gaps),
 * `bookTicker` (bid/ask) and `miniTicker` (24 h open and volume) with paced SUBSCRIBE/UNSUBSCRIBE
 * requests whose `{"result":null,"id":n}` answers become the watchlist's symbol status.
 *
 * Binance pings every 20 s and `ws` answers with a pong carrying the same payload (its default
 * `autoPong`), as the docs require. Pings do not feed the silence watchdog, so on a quiet market
 * the adapter sends LIST_SUBSCRIPTIONS after a third of the watchdog without a message: the answer
 * proves the server is still serving this connection and shows whether it lost a subscription.
 */
export class BinanceAdapter implements MarketAdapter {
  readonly defaultWatchdogMs = DEFAULT_WATCHDOG_MS
  /** "A single connection to stream.binance.com is only valid for 24 hours": leave 10 min early. */
  readonly maxConnectionAgeMs = 24 * 3_600_000 - 10 * 60_000
  private readonly requests = new BinanceRequests(CONTROL_INTERVAL_MS)
  private readonly probeAfterMs: number
  /** Binance stamps ms unless the URL asks for `timeUnit=MICROSECOND`. */
  private readonly timeUnit: TimeUnit
  /** Symbols subscribed (or being subscribed) on this connection; data for others is ignored. */
  private readonly watched = new Set<string>()
  /** Symbols Binance confirmed on this connection. */
  private readonly confirmed = new Set<string>()
  /** Confirmed symbols that have sent nothing yet, with when Binance confirmed them. */
  private readonly awaitingData = new Map<string, number>()
  /** Symbols with data on this connection (data may overtake the SUBSCRIBE answer). */
  private readonly heard = new Set<string>()
  /** Symbols whose status says "no data"; their first data clears it. */
  private readonly silentReported = new Set<string>()
  /** Symbols with a trade price; their mini ticker's close no longer sets `last`. */
  private readonly traded = new Set<string>()
  private lastMessageAt = 0

  constructor(
    private readonly config: BinanceMarketConfig,
    private readonly sink: SourceSink
  ) {
    this.probeAfterMs = (config.watchdogMs ?? DEFAULT_WATCHDOG_MS) / 3
    this.timeUnit = urlTimeUnit(config.url)
  }

  connectUrl(baseUrl: string): string {
    // Bare `/stream` and SUBSCRIBE rather than `?streams=`: every symbol then gets an answer.
    return baseUrl
  }

  opened(link: AdapterLink, symbols: readonly string[]): void {
    this.requests.attach(link)
    this.lastMessageAt = Date.now()
    this.subscribe(symbols)
  }

  symbolsChanged(
    link: AdapterLink,
    added: readonly string[],
    removed: readonly string[],
    _all: readonly string[]
  ): void {
    const leaving = removed.filter((s) => this.watched.has(s))
    for (const symbol of removed) {
      this.traded.delete(symbol)
      this.awaitingData.delete(symbol)
      this.heard.delete(symbol)
      this.silentReported.delete(symbol)
      this.confirmed.delete(symbol)
      // Never subscribed (refused by name): nothing to ask Binance.
      if (!this.watched.delete(symbol)) link.symbolStatus(symbol, 'unsubscribed')
    }
    if (leaving.length > 0) this.requests.enqueue('UNSUBSCRIBE', leaving, leaving.flatMap(streamsFor))
    this.subscribe(added)
  }

  everySecond(_link: AdapterLink, now: number): void {
    if (now - this.lastMessageAt >= this.probeAfterMs && !this.requests.busy) {
      this.requests.enqueue('LIST_SUBSCRIPTIONS', [], [])
    }
    for (const [symbol, since] of this.awaitingData) {
      if (now - since < this.config.staleAfterMs) continue
      this.awaitingData.delete(symbol)
      this.silentReported.add(symbol)
      this.sink.symbolStatus(
        symbol,
        'subscribed',
        `no data ${Math.round((now - since) / 1000)} s after Binance accepted it; ` +
          'Binance accepts unlisted symbols without error, so check the name'
      )
    }
  }

  closed(): void {
    this.requests.detach()
    this.watched.clear()
    this.confirmed.clear()
    this.awaitingData.clear()
    this.heard.clear()
  }

  message(text: string, receivedAt: number, link: AdapterLink): void {
    this.lastMessageAt = Date.now()
    const parsed = parseWireJson(text, this.sink)
    if (parsed === NOT_JSON) return
    if (!isObject(parsed)) {
      this.sink.malformed('message is not a JSON object')
      return
    }
    if ('stream' in parsed && 'data' in parsed) {
      if (!isObject(parsed.data)) this.sink.malformed('combined-stream "data" is not a JSON object')
      else this.event(parsed.data, receivedAt, link)
    } else if ('id' in parsed) {
      this.reply(parsed)
    } else if ('code' in parsed && 'msg' in parsed) {
      // The docs' error table shows some errors without an id: they answer the oldest request.
      const request = this.requests.takeOldest()
      if (request === undefined) this.sink.malformed(`Binance error without a request: ${errorText(parsed)}`)
      else this.refused(request, errorText(parsed))
    } else {
      // Raw-stream endpoints (`/ws`) send events unwrapped; the shutdown notice may come bare.
      this.event(parsed, receivedAt, link)
    }
  }

  private event(data: Record<string, unknown>, receivedAt: number, link: AdapterLink): void {
    // The docs give the notice as {"e":"serverShutdown","E":…} (in the WebSocket API inside
    // {"event":…}): "establish a new connection as soon as possible".
    if (isServerShutdown(data)) {
      link.reconnect('Binance announced a server shutdown (serverShutdown)')
      return
    }
    const symbol = data.s
    if (typeof symbol !== 'string') {
      this.sink.malformed(
        symbol === undefined ? 'Binance event without a symbol "s"' : 'Binance symbol "s" is not a string'
      )
      return
    }
    // Data still in flight after an UNSUBSCRIBE is not an error.
    if (!this.watched.has(symbol)) return
    const result = decodeBinanceEvent(
      data,
      this.config.id,
      symbol,
      receivedAt,
      this.timeUnit,
      this.traded.has(symbol)
    )
    if (result.kind === 'malformed') {
      this.sink.malformed(result.reason)
      return
    }
    this.awaitingData.delete(symbol)
    this.heard.add(symbol)
    if (this.silentReported.delete(symbol)) this.sink.symbolStatus(symbol, 'subscribed')
    if (result.trade) this.traded.add(symbol)
    this.sink.tick(result.tick)
  }

  private reply(message: Record<string, unknown>): void {
    const id = message.id
    const request = typeof id === 'number' ? this.requests.answered(id) : undefined
    if (request === undefined) {
      this.sink.malformed(`Binance answer to unknown request id ${JSON.stringify(id)}`)
      return
    }
    if (isObject(message.error)) this.refused(request, errorText(message.error))
    else if ('code' in message && 'msg' in message) this.refused(request, errorText(message))
    else if (!('result' in message))
      this.sink.malformed(`Binance answer ${request.id} has neither "result" nor "error"`)
    else if (request.method === 'LIST_SUBSCRIPTIONS') this.listed(message.result)
    else this.accepted(request)
  }

  private accepted(request: BinanceRequest): void {
    const now = Date.now()
    for (const symbol of request.symbols) {
      if (request.method === 'UNSUBSCRIBE') {
        this.sink.symbolStatus(symbol, 'unsubscribed')
      } else if (this.watched.has(symbol)) {
        this.confirmed.add(symbol)
        if (!this.heard.has(symbol)) this.awaitingData.set(symbol, now)
        this.sink.symbolStatus(symbol, 'subscribed')
      }
    }
  }

  private refused(request: BinanceRequest, error: string): void {
    for (const symbol of request.symbols) {
      if (request.method === 'SUBSCRIBE') {
        this.watched.delete(symbol)
        this.awaitingData.delete(symbol)
        this.sink.symbolStatus(symbol, 'rejected', error)
      } else {
        this.sink.symbolStatus(symbol, 'rejected', `UNSUBSCRIBE refused: ${error}`)
      }
    }
    if (request.method === 'LIST_SUBSCRIPTIONS') this.sink.malformed(`LIST_SUBSCRIPTIONS refused: ${error}`)
  }

  /** The server's own list: resubscribe any confirmed symbol it no longer serves. */
  private listed(result: unknown): void {
    if (!Array.isArray(result)) {
      this.sink.malformed('LIST_SUBSCRIPTIONS answer is not a list')
      return
    }
    const live = new Set(result.filter((s): s is string => typeof s === 'string'))
    const lost = [...this.confirmed].filter((symbol) => streamsFor(symbol).some((s) => !live.has(s)))
    if (lost.length === 0) return
    for (const symbol of lost) {
      this.confirmed.delete(symbol)
      this.sink.gap(symbol, 'Binance no longer listed the subscription; subscribed again')
    }
    this.requests.enqueue('SUBSCRIBE', lost, lost.flatMap(streamsFor))
  }

  /** Refuses malformed names and overflow at once; asks Binance for the rest. */
  private subscribe(symbols: readonly string[]): void {
    const asking: string[] = []
    for (const symbol of symbols) {
      const problem = binanceSymbolProblem(symbol)
      if (problem !== null) {
        this.sink.symbolStatus(symbol, 'rejected', problem)
      } else if (this.watched.size >= MAX_SYMBOLS) {
        this.sink.symbolStatus(
          symbol,
          'rejected',
          `Binance allows 1024 streams (${MAX_SYMBOLS} symbols) per connection`
        )
      } else if (!this.watched.has(symbol)) {
        this.watched.add(symbol)
        asking.push(symbol)
      }
    }
    if (asking.length > 0) this.requests.enqueue('SUBSCRIBE', asking, asking.flatMap(streamsFor))
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function errorText(error: Record<string, unknown>): string {
  const msg = typeof error.msg === 'string' ? error.msg : 'no message'
  return error.code === undefined ? msg : `${msg} (code ${String(error.code)})`
}

/** `timeUnit=MICROSECOND` (any case) in the URL makes Binance stamp microseconds. */
function urlTimeUnit(url: string): TimeUnit {
  try {
    return new URL(url).searchParams.get('timeUnit')?.toLowerCase() === 'microsecond' ? 'us' : 'ms'
  } catch {
    return 'ms'
  }
}
