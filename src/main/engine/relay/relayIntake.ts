import type { RelayMarketConfig } from '@shared/config'
import { MAX_TICKERS_PER_SOURCE, MAX_TOPIC_LENGTH } from '@shared/limits'
import type { Tick } from '@shared/model'
import { decodeRepublished, parseRepublishTopic, type Refusal } from '@shared/republish'
import type { SourceSink } from '../sourceSink'

/**
 * Turns a collector's republished messages (republish.ts) back into ticks: the same for a live
 * broker connection and a replayed one, so a replay counts exactly what the live session counted.
 * Each message is the ticker's whole state, so a lost or conflated one never leaves a field stale.
 *
 * The wire's sequence numbers are not passed on: under backpressure the collector conflates, so
 * a jump here is the fan-out's choice, not a gap in the exchange's feed (the collector counts
 * those). Never throws: anything unusable is counted malformed, naming the topic.
 */
/** Topics whose reading is kept (a source has at most a few thousand); past it, the cache starts over. */
const MAX_CACHED_TOPICS = 4_096
/** And at most this many characters of them (a hostile broker's topics may each be long). */
const MAX_CACHED_TOPIC_CHARS = 1_000_000

export class RelayIntake {
  private readonly source: string
  /** Each topic read once: the symbol it names, or why it names none (the hot path is one lookup). */
  private readonly topics = new Map<string, { symbol: string } | Refusal>()
  private cachedChars = 0
  private readonly topicStart: string
  /** Since when the current subscriptions hold: a value the collector had before is an old copy. */
  private since = -Infinity
  /** The collector's receive time of each symbol's latest value: one not newer is a copy. */
  private readonly lastRelayed = new Map<string, number>()
  /** The watched symbols; `null` while the watchlist is empty (every symbol the collector sends). */
  private watched: Set<string> | null

  constructor(
    private readonly config: RelayMarketConfig,
    private readonly sink: SourceSink
  ) {
    this.source = config.source ?? config.id
    this.topicStart = `${config.prefix}/${this.source}/`
    this.watched = config.symbols.length === 0 ? null : new Set(config.symbols)
  }

  setSymbols(symbols: readonly string[]): void {
    this.watched = symbols.length === 0 ? null : new Set(symbols)
  }

  /**
   * A SUBSCRIBE went out at `at`. What the collector received before then and arrives now is a
   * stored copy even when the broker does not flag it retained (a bridge that came back after the
   * desk subscribed passes the site broker's retained copies on as live messages).
   */
  subscribing(at: number): void {
    this.since = at
  }

  /** One PUBLISH from the broker; `retained`: the broker's stored copy, old by design. */
  receive(topic: string, payload: Uint8Array, retained: boolean, receivedAt: number): void {
    this.sink.message()
    // An empty retained message is how a retained value is deleted: nothing to show.
    if (payload.byteLength === 0) return
    // Refused before the cache, so a hostile broker's topics cannot fill it.
    if (topic.length > MAX_TOPIC_LENGTH || !topic.startsWith(this.topicStart)) {
      const parsed = parseRepublishTopic(this.config.prefix, topic)
      const reason =
        'error' in parsed ? parsed.error : `a tick of source "${parsed.source}", not "${this.source}"`
      this.sink.malformed(reason, topic.slice(0, MAX_TOPIC_LENGTH))
      return
    }
    const place = this.topics.get(topic) ?? this.readTopic(topic)
    if ('error' in place) {
      this.sink.malformed(place.error, topic)
      return
    }
    // Sent before an unsubscribe took effect: no longer wanted, not bad.
    if (this.watched !== null && !this.watched.has(place.symbol)) return
    const relayed = decodeRepublished(payload)
    if ('error' in relayed) {
      this.sink.malformed(relayed.error, place.symbol)
      return
    }
    if (relayed.symbol !== place.symbol) {
      this.sink.malformed(`the payload names another symbol ("${relayed.symbol}")`, place.symbol)
      return
    }
    const tick: Tick = {
      source: this.config.id,
      symbol: relayed.symbol,
      time: relayed.time,
      receivedAt,
      relay: { at: relayed.receivedAt, retained: retained || this.isCopy(relayed.symbol, relayed.receivedAt) }
    }
    if (relayed.last !== null) tick.last = relayed.last
    if (relayed.bid !== null) tick.bid = relayed.bid
    if (relayed.ask !== null) tick.ask = relayed.ask
    if (relayed.volume !== null) tick.volume = relayed.volume
    if (relayed.open !== null) tick.open = relayed.open
    if (relayed.changePct !== null) tick.changePct = relayed.changePct
    if (relayed.trade !== undefined) tick.trade = { ...relayed.trade }
    this.sink.tick(tick)
  }

  /** Whether a value is one the desk had, or one the collector had before we subscribed. */
  private isCopy(symbol: string, relayedAt: number): boolean {
    const last = this.lastRelayed.get(symbol)
    if (last === undefined && this.lastRelayed.size >= MAX_TICKERS_PER_SOURCE) this.lastRelayed.clear()
    if (last === undefined || relayedAt > last) this.lastRelayed.set(symbol, relayedAt)
    return relayedAt < this.since || (last !== undefined && relayedAt <= last)
  }

  private readTopic(topic: string): { symbol: string } | Refusal {
    const parsed = parseRepublishTopic(this.config.prefix, topic)
    const place: { symbol: string } | Refusal =
      'error' in parsed
        ? parsed
        : parsed.source === this.source
          ? { symbol: parsed.symbol }
          : { error: `a tick of source "${parsed.source}", not "${this.source}"` }
    if (this.topics.size >= MAX_CACHED_TOPICS || this.cachedChars + topic.length > MAX_CACHED_TOPIC_CHARS) {
      this.topics.clear()
      this.cachedChars = 0
    }
    this.topics.set(topic, place)
    this.cachedChars += topic.length
    return place
  }
}
