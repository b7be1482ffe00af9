import type { JsonMapping, TimeUnit } from '@shared/config'
import type { Tick, TradeSide } from '@shared/model'
import { compilePath, lookupPath, type CompiledPath } from './dottedPath'
import { toEpochMs } from './eventTime'
import { toValidNumber } from './numericValue'
import type { SourceSink } from './sourceSink'
import { NOT_JSON, parseWireJson } from './wireJson'

type OptionalField = 'bid' | 'ask' | 'volume' | 'open' | 'changePct' | 'sequence'
const OPTIONAL_FIELDS: readonly OptionalField[] = ['bid', 'ask', 'volume', 'open', 'changePct', 'sequence']

/**
 * Turns one wire message of the `json` adapter into ticks. The mapping is compiled once; per
 * message there is one `JSON.parse` and one `Tick` per usable object.
 */
export class MarketMessageDecoder {
  private readonly symbolPath: CompiledPath
  private readonly pricePath: CompiledPath
  private readonly timePath: CompiledPath | null
  private readonly sizePath: CompiledPath | null
  private readonly sidePath: CompiledPath | null
  private readonly timeUnit: TimeUnit
  private readonly optional: { field: OptionalField; path: CompiledPath }[]
  private wanted: ReadonlySet<string> | null

  constructor(
    private readonly sourceId: string,
    mapping: JsonMapping,
    symbols: readonly string[],
    private readonly sink: SourceSink
  ) {
    this.symbolPath = compilePath(mapping.symbol)
    this.pricePath = compilePath(mapping.price)
    this.timePath = mapping.time === undefined ? null : compilePath(mapping.time)
    this.timeUnit = mapping.timeUnit
    this.sizePath = mapping.size === undefined ? null : compilePath(mapping.size)
    this.sidePath = mapping.side === undefined ? null : compilePath(mapping.side)
    this.optional = []
    for (const field of OPTIONAL_FIELDS) {
      const dotted = mapping[field]
      if (dotted !== undefined) this.optional.push({ field, path: compilePath(dotted) })
    }
    this.wanted = symbols.length > 0 ? new Set(symbols) : null
  }

  /** The watchlist changed: other symbols are ignored from now on (empty: every symbol). */
  setSymbols(symbols: readonly string[]): void {
    this.wanted = symbols.length > 0 ? new Set(symbols) : null
  }

  /** Decodes the text of one wire message; the caller has already counted it. */
  decode(text: string, receivedAt: number): void {
    const parsed = parseWireJson(text, this.sink)
    if (parsed === NOT_JSON) return
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) this.sink.malformed('empty array')
      for (let i = 0; i < parsed.length; i++) this.decodeObject(parsed[i], receivedAt)
    } else {
      this.decodeObject(parsed, receivedAt)
    }
  }

  private decodeObject(item: unknown, receivedAt: number): void {
    if (typeof item !== 'object' || item === null) {
      this.sink.malformed('message is not a JSON object')
      return
    }
    const rawSymbol = lookupPath(item, this.symbolPath)
    let symbol: string
    if (typeof rawSymbol === 'string' && rawSymbol.length > 0) symbol = rawSymbol
    else if (typeof rawSymbol === 'number' && Number.isFinite(rawSymbol)) symbol = String(rawSymbol)
    else {
      this.sink.malformed(rawSymbol === undefined ? 'missing symbol' : 'symbol is not a string')
      return
    }
    if (this.wanted !== null && !this.wanted.has(symbol)) return

    const rawPrice = lookupPath(item, this.pricePath)
    const last = toValidNumber(rawPrice)
    if (last === undefined) {
      this.sink.malformed(
        rawPrice === undefined ? `${symbol}: missing price` : `${symbol}: price is not a valid number`
      )
      return
    }
    const tick: Tick = { source: this.sourceId, symbol, last, time: null, receivedAt }
    for (let i = 0; i < this.optional.length; i++) {
      const { field, path } = this.optional[i]
      const raw = lookupPath(item, path)
      if (raw === undefined || raw === null) continue
      const value = toValidNumber(raw)
      if (value === undefined) {
        this.sink.malformed(`${symbol}: ${field} is not a valid number`)
        return
      }
      tick[field] = value
    }
    if (this.timePath !== null) {
      const raw = lookupPath(item, this.timePath)
      if (raw !== undefined && raw !== null) {
        const time = toEpochMs(raw, this.timeUnit)
        if (time === undefined) {
          this.sink.malformed(`${symbol}: time is not a valid ${this.timeUnit} time`)
          return
        }
        tick.time = time
      }
    }
    if (this.sizePath !== null) {
      const raw = lookupPath(item, this.sizePath)
      if (raw !== undefined && raw !== null) {
        const size = toValidNumber(raw)
        if (size === undefined || size < 0) {
          this.sink.malformed(`${symbol}: size is not a valid number`)
          return
        }
        const side = this.sidePath === null ? undefined : lookupPath(item, this.sidePath)
        tick.trade = { size, side: tradeSide(side) }
      }
    }
    this.sink.tick(tick)
  }
}

/** A side as feeds write it; anything else is unknown (never a refusal: the trade still counts). */
export function tradeSide(raw: unknown): TradeSide | null {
  if (typeof raw !== 'string') return null
  const side = raw.trim().toLowerCase()
  if (side === 'buy' || side === 'b') return 'buy'
  if (side === 'sell' || side === 's') return 'sell'
  return null
}
