import type { MarketConfig } from '@shared/config'
import type { SourceSink } from '../sourceSink'
import { decodeKrakenTicker } from './krakenTicker'
import type { AdapterLink, MarketAdapter } from './marketAdapter'
import { NOT_JSON, parseWireJson } from '../wireJson'

export type KrakenMarketConfig = Extract<MarketConfig, { adapter: 'kraken' }>

/**
 * Kraken sends `{"channel":"heartbeat"}` about once a second while anything is subscribed
 * (docs: spot-websocket-v2/heartbeat), so ten quiet seconds mean the connection is dead.
 */
const KRAKEN_WATCHDOG_MS = 10_000
/** Longest gap between application-level `ping`s (docs: spot-websocket-v2/ping); see `pingIntervalMs`. */
const KRAKEN_PING_MS = 10_000

type RequestMethod = 'subscribe' | 'unsubscribe'

/** A subscribe/unsubscribe in flight: the symbols whose acknowledgement has not arrived yet. */
interface PendingRequest {
  method: RequestMethod
  symbols: Set<string>
}

/**
 * Kraken WebSocket v2 (`wss://ws.kraken.com/v2`), channel `ticker`. Subscribes with
 * `{"method":"subscribe","params":{"channel":"ticker","symbol":[…]},"req_id":n}`; Kraken answers
 * once per symbol (`result.symbol`, or a top-level `symbol` on errors) and each answer becomes the
 * symbol's watchlist status. `heartbeat`, `status` and `pong` prove life and are not malformed.
 */
export class KrakenAdapter implements MarketAdapter {
  readonly defaultWatchdogMs = KRAKEN_WATCHDOG_MS
  readonly maxConnectionAgeMs = null
  /**
   * Pings keep a connection whose subscriptions were all refused (so no heartbeats) from
   * tripping the watchdog: at most every 10 s, and at least twice per watchdog period.
   */
  private readonly pingIntervalMs: number
  private readonly sourceId: string
  private readonly sink: SourceSink
  private watched: Set<string>
  private nextReqId = 1
  private readonly pending = new Map<number, PendingRequest>()
  private lastPingAt = 0

  constructor(config: KrakenMarketConfig, sink: SourceSink) {
    this.sourceId = config.id
    this.sink = sink
    this.watched = new Set(config.symbols)
    const watchdogMs = config.watchdogMs ?? KRAKEN_WATCHDOG_MS
    this.pingIntervalMs = Math.min(KRAKEN_PING_MS, Math.max(1_000, watchdogMs / 2))
  }

  connectUrl(baseUrl: string): string {
    return baseUrl
  }

  opened(link: AdapterLink, symbols: readonly string[]): void {
    this.watched = new Set(symbols)
    this.lastPingAt = Date.now()
    if (symbols.length > 0) this.request(link, 'subscribe', symbols)
  }

  symbolsChanged(
    link: AdapterLink,
    added: readonly string[],
    removed: readonly string[],
    all: readonly string[]
  ): void {
    this.watched = new Set(all)
    if (removed.length > 0) this.request(link, 'unsubscribe', removed)
    if (added.length > 0) this.request(link, 'subscribe', added)
  }

  everySecond(link: AdapterLink, now: number): void {
    if (now - this.lastPingAt < this.pingIntervalMs) return
    this.lastPingAt = now
    link.send({ method: 'ping', req_id: this.nextReqId++ })
  }

  closed(): void {
    this.pending.clear()
    this.lastPingAt = 0
  }

  message(text: string, receivedAt: number, link: AdapterLink): void {
    const parsed = parseWireJson(text, this.sink)
    if (parsed === NOT_JSON) return
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.sink.malformed('message is not a JSON object')
      return
    }
    const msg = parsed as Record<string, unknown>
    if (typeof msg.channel === 'string') this.channelMessage(msg, msg.channel, receivedAt)
    else if (typeof msg.method === 'string') this.methodResponse(msg, msg.method, link)
    else this.sink.malformed('message has neither channel nor method')
  }

  private channelMessage(msg: Record<string, unknown>, channel: string, receivedAt: number): void {
    switch (channel) {
      case 'heartbeat':
      case 'status':
        return
      case 'ticker':
        this.tickerMessage(msg, receivedAt)
        return
      default:
        this.sink.malformed(`unexpected channel "${channel.slice(0, 40)}"`)
    }
  }

  private tickerMessage(msg: Record<string, unknown>, receivedAt: number): void {
    if (msg.type !== 'snapshot' && msg.type !== 'update') {
      this.sink.malformed('ticker message type is neither snapshot nor update')
      return
    }
    const data = msg.data
    if (!Array.isArray(data) || data.length === 0) {
      this.sink.malformed('ticker message without data')
      return
    }
    for (let i = 0; i < data.length; i++) {
      const result = decodeKrakenTicker(this.sourceId, data[i], this.watched, receivedAt)
      if ('tick' in result) this.sink.tick(result.tick)
      else if ('refused' in result) this.sink.malformed(result.refused)
    }
  }

  private methodResponse(msg: Record<string, unknown>, method: string, link: AdapterLink): void {
    switch (method) {
      case 'pong':
        return
      case 'subscribe':
      case 'unsubscribe':
        this.acknowledgement(msg, method, link)
        return
      default:
        this.sink.malformed(`unexpected method "${method.slice(0, 40)}"`)
    }
  }

  /**
   * One answer per symbol: `{"method":"subscribe","result":{"channel":"ticker","symbol":"BTC/USD"},
   * "success":true,"req_id":n,…}`, or on refusal `{"error":"Currency pair not supported XBT/USD",
   * "method":"subscribe","success":false,"symbol":"XBT/USD",…}` (the symbol may be missing).
   */
  private acknowledgement(msg: Record<string, unknown>, method: RequestMethod, link: AdapterLink): void {
    if (typeof msg.success !== 'boolean') {
      this.sink.malformed(`${method} response without success`)
      return
    }
    const reqId = typeof msg.req_id === 'number' ? msg.req_id : null
    const request = reqId === null ? undefined : this.pending.get(reqId)
    const result = msg.result
    const resultSymbol =
      typeof result === 'object' && result !== null ? (result as Record<string, unknown>).symbol : undefined
    const named =
      typeof resultSymbol === 'string' ? resultSymbol : typeof msg.symbol === 'string' ? msg.symbol : null

    if (msg.success) {
      if (named === null) {
        this.sink.malformed(`${method} acknowledgement without symbol`)
        return
      }
      const asked = this.watched.has(named) || request?.symbols.has(named) === true
      this.settle(reqId, request, named)
      // Only verdicts on symbols we watch or asked about: echoes of others must not push real
      // verdicts out of the bounded status map.
      if (asked) link.symbolStatus(named, method === 'subscribe' ? 'subscribed' : 'unsubscribed')
      return
    }

    const error = typeof msg.error === 'string' && msg.error.length > 0 ? msg.error : 'refused'
    const detail = method === 'subscribe' ? error : `unsubscribe refused: ${error}`
    const symbols = named !== null ? [named] : this.symbolsOfError(error, request)
    if (symbols.length === 0) {
      this.sink.malformed(`${method} refused without naming a symbol: ${error.slice(0, 80)}`)
      return
    }
    for (const symbol of symbols) {
      const asked = this.watched.has(symbol) || request?.symbols.has(symbol) === true
      this.settle(reqId, request, symbol)
      if (asked) link.symbolStatus(symbol, 'rejected', detail)
    }
  }

  /**
   * A refusal that names no symbol: the one the error text mentions, else every symbol of that
   * request still unanswered (a later success for one of them overrides its status).
   */
  private symbolsOfError(error: string, request: PendingRequest | undefined): string[] {
    if (request === undefined) return []
    const open = [...request.symbols]
    const mentioned = open.filter((s) => error.includes(s))
    return mentioned.length > 0 ? mentioned : open
  }

  private settle(reqId: number | null, request: PendingRequest | undefined, symbol: string): void {
    if (request === undefined || reqId === null) return
    request.symbols.delete(symbol)
    if (request.symbols.size === 0) this.pending.delete(reqId)
  }

  private request(link: AdapterLink, method: RequestMethod, symbols: readonly string[]): void {
    const reqId = this.nextReqId++
    this.pending.set(reqId, { method, symbols: new Set(symbols) })
    link.send({ method, params: { channel: 'ticker', symbol: [...symbols] }, req_id: reqId })
  }
}
