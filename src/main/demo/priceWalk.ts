import type { InstrumentSpec } from './instruments'
import type { Random } from './prng'

/** One update of one instrument, as the simulated exchange puts it on the wire. */
export interface SimulatedQuote {
  symbol: string
  last: number
  bid: number
  ask: number
  /** Cumulative traded quantity this session. */
  volume: number
  /** This update's trade: its quantity and the taker side (a trade at the ask was a buy). */
  size: number
  side: 'buy' | 'sell'
  /** Per-symbol sequence number, +1 per update, so a client can detect gaps. */
  sequence: number
  /** Event time, epoch ms. */
  time: number
}

/** Log-price pull back to the reference: a half-life of about an hour keeps long demos plausible. */
const MEAN_REVERSION_PER_SEC = Math.LN2 / 3_600

/** Digits after the decimal point that a tick size needs (0.01 → 2, 0.00001 → 5). */
export function tickDecimals(tickSize: number): number {
  return Math.max(0, Math.ceil(-Math.log10(tickSize) - 1e-9))
}

/**
 * A geometric random walk of the mid price (Gaussian log returns scaled by √Δt) with a quoted
 * spread on the instrument's tick grid. Prices stay positive and bid < ask by construction.
 */
export class PriceWalk {
  private readonly logReference: number
  private logMid: number
  private lastTime: number
  private volume = 0
  private sequence = 0
  private readonly decimals: number

  constructor(
    readonly spec: InstrumentSpec,
    private readonly random: Random,
    startTime: number
  ) {
    this.logReference = Math.log(spec.price)
    this.logMid = this.logReference
    this.lastTime = startTime
    this.decimals = tickDecimals(spec.tickSize)
  }

  /** Advances the walk to `now` (epoch ms) and returns the new quote. */
  step(now: number): SimulatedQuote {
    const { spec, random } = this
    // At least a millisecond, so back-to-back updates in a burst still move a little.
    const dtSec = Math.max(now - this.lastTime, 1) / 1_000
    this.lastTime = Math.max(now, this.lastTime)
    this.logMid +=
      -MEAN_REVERSION_PER_SEC * (this.logMid - this.logReference) * dtSec +
      spec.volatility * Math.sqrt(dtSec) * random.gaussian()

    const tick = spec.tickSize
    const [minSpread, maxSpread] = spec.spreadTicks
    const spreadTicks = Math.max(1, Math.floor(random.between(minSpread, maxSpread + 1)))
    const mid = Math.exp(this.logMid)
    const bidTicks = Math.max(1, Math.floor(mid / tick - spreadTicks / 2))
    const bid = this.onGrid(bidTicks)
    const ask = this.onGrid(bidTicks + spreadTicks)
    const atBid = random.chance(0.5)
    const last = atBid ? bid : ask

    const lots = Math.floor(random.between(spec.lot.min / spec.lot.step, spec.lot.max / spec.lot.step + 1))
    const size = roundTo(lots * spec.lot.step, 8)
    this.volume = roundTo(this.volume + size, 8)
    this.sequence += 1

    const side = atBid ? 'sell' : 'buy'
    return {
      symbol: spec.symbol,
      last,
      bid,
      ask,
      volume: this.volume,
      size,
      side,
      sequence: this.sequence,
      time: now
    }
  }

  private onGrid(ticks: number): number {
    return roundTo(ticks * this.spec.tickSize, this.decimals)
  }
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals))
}
