import type { SourceSink, SymbolStatus } from '../sourceSink'

/** What an adapter may do with the connection it is speaking on. */
export interface AdapterLink {
  readonly sink: SourceSink
  /** Sends `message` as JSON text on the open connection; dropped when not open. */
  send(message: unknown): void
  /** Drops this connection now and reconnects at once (e.g. the server announced a shutdown). */
  reconnect(reason: string): void
  /** The exchange's verdict on a symbol, shown to the user in the watchlist. */
  symbolStatus(symbol: string, status: SymbolStatus, detail?: string): void
}

/**
 * One exchange's WebSocket protocol. The `MarketSource` owns the socket, reconnects, the watchdog,
 * size limits and proxies; the adapter only speaks the protocol: what to send on open, how to
 * read a message, how to change symbols live.
 */
export interface MarketAdapter {
  /** Longest healthy silence (data or the exchange's heartbeats) when the config sets no `watchdogMs`. */
  readonly defaultWatchdogMs: number
  /** Reconnect before the server's connection lifetime limit; `null` when it has none. */
  readonly maxConnectionAgeMs: number | null
  /** The URL to open for these symbols (most adapters return `baseUrl` unchanged). */
  connectUrl(baseUrl: string, symbols: readonly string[]): string
  /** A connection opened: send the subscribe handshake for `symbols`. */
  opened(link: AdapterLink, symbols: readonly string[]): void
  /** One text message, already counted and size-checked. Never throws: bad input goes to `sink.malformed`. */
  message(text: string, receivedAt: number, link: AdapterLink): void
  /** The watched symbols changed while connected; `all` is the new full list. */
  symbolsChanged(
    link: AdapterLink,
    added: readonly string[],
    removed: readonly string[],
    all: readonly string[]
  ): void
  /** Called about once a second while open: application-level pings, handshake deadlines. */
  everySecond?(link: AdapterLink, now: number): void
  /** The connection is gone: forget per-connection state (pending request ids, sequences). */
  closed(): void
}
