/**
 * Missed trades on Coinbase's `ticker` channel, per product, for one connection.
 *
 * What is (and is not) a gap here:
 * - `sequence` is the product's order-book sequence: it advances on every order event (received,
 *   open, done, change, match), and the ticker channel only sends matches, so consecutive ticker
 *   messages skip sequence numbers all the time. A skip in ticker `sequence` is NOT a gap; a
 *   sequence at or below the last one seen is an out-of-order or repeated message (the Exchange
 *   overview says such messages "can be ignored"), so the adapter drops it instead of letting an
 *   older price overwrite a newer one.
 * - `trade_id` is contiguous per product, but the ticker channel "batches updates in case of
 *   cascading matches", so one ticker may cover several trades: a jump in `trade_id` between two
 *   tickers is NOT a gap by itself either.
 * - The `heartbeat` channel sends, once a second per product, the `last_trade_id` the exchange
 *   has matched. A trade that happened must reach us as a ticker whose `trade_id` is at least that
 *   id. So: when a heartbeat announces `last_trade_id` L above the highest ticker `trade_id` T we
 *   have seen, trades up to L are owed; if the NEXT heartbeat arrives and still no ticker covered
 *   L, the ticker for trades T+1…L was lost: one gap. The one-heartbeat grace keeps a ticker that
 *   is merely a little behind its heartbeat from counting. A `last_trade_id` of 0 (some feeds send
 *   0 there) carries no information and is ignored.
 * State is per connection: what was missed while disconnected is a reconnect, not a gap.
 */
export class CoinbaseTradeGaps {
  private readonly products = new Map<string, ProductTrades>()

  /**
   * A ticker arrived. Returns false when it is out of order or a repeat (its `sequence` is not
   * above the last one applied) and must be dropped.
   */
  ticker(product: string, sequence: number | undefined, tradeId: number | undefined): boolean {
    const state = this.stateOf(product)
    if (sequence !== undefined) {
      if (state.sequence !== null && sequence <= state.sequence) return false
      state.sequence = sequence
    }
    if (tradeId !== undefined) {
      if (state.seenTradeId === null || tradeId > state.seenTradeId) state.seenTradeId = tradeId
      if (state.owedTradeId !== null && state.seenTradeId >= state.owedTradeId) state.owedTradeId = null
    }
    return true
  }

  /**
   * A heartbeat arrived with the exchange's `last_trade_id`. Returns a description of the trades
   * that were missed, or null when nothing was.
   */
  heartbeat(product: string, lastTradeId: number): string | null {
    if (lastTradeId <= 0) return null
    const state = this.stateOf(product)
    if (state.seenTradeId === null) {
      // Trades before we subscribed are not ours to miss: start counting from here.
      state.seenTradeId = lastTradeId
      return null
    }
    let missed: string | null = null
    const owed = state.owedTradeId
    if (owed !== null && state.seenTradeId < owed) {
      const first = state.seenTradeId + 1
      missed =
        first === owed
          ? `ticker for trade ${owed} never arrived (heartbeat last_trade_id ${owed})`
          : `tickers for trades ${first}–${owed} never arrived (heartbeat last_trade_id ${owed})`
      // Count this hole once: the next tickers continue from the exchange's position.
      state.seenTradeId = owed
    }
    state.owedTradeId = lastTradeId > state.seenTradeId ? lastTradeId : null
    return missed
  }

  /** A product left the watchlist. */
  forget(product: string): void {
    this.products.delete(product)
  }

  /** The connection is gone. */
  clear(): void {
    this.products.clear()
  }

  private stateOf(product: string): ProductTrades {
    let state = this.products.get(product)
    if (state === undefined) {
      state = { sequence: null, seenTradeId: null, owedTradeId: null }
      this.products.set(product, state)
    }
    return state
  }
}

interface ProductTrades {
  /** Highest ticker `sequence` applied. */
  sequence: number | null
  /** Highest trade id covered by a ticker (or the exchange's position when we started). */
  seenTradeId: number | null
  /** A `last_trade_id` from a heartbeat that no ticker has covered yet. */
  owedTradeId: number | null
}
