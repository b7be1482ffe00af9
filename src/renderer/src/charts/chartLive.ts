import { watch } from 'vue'
import type { SensorReading, TickerQuote } from '@shared/model'
import { useSensorStore } from '../gauges/useSensorStore'
import { useTickerStore } from '../tickers/useTickerStore'
import { useChartStore, type LiveSample } from './useChartStore'

/** A ticker's charted value: the last price, or the mid for a feed that carries only quotes. */
export function tickerSample(q: TickerQuote): LiveSample {
  const value = q.last ?? (q.bid !== null && q.ask !== null ? (q.bid + q.ask) / 2 : null)
  return { t: q.receivedAt, value, bid: q.bid, ask: q.ask }
}

/** A sensor's charted value: numbers as they are, on/off as 1/0, text not charted. */
export function sensorSample(r: SensorReading): LiveSample {
  const v = r.value
  return { t: r.receivedAt, value: typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : null }
}

/**
 * Feeds the open chart from the frames the board already applies: once per applied frame (the
 * stores' versions), never per message.
 */
export function useChartLive(now: () => number): void {
  const chart = useChartStore()
  const tickers = useTickerStore()
  const sensors = useSensorStore()
  const sample = (key: string): LiveSample | null => {
    const quote = tickers.table.rows.get(key)?.quote
    if (quote !== undefined) return tickerSample(quote)
    const reading = sensors.table.cards.get(key)?.reading
    return reading === undefined ? null : sensorSample(reading)
  }
  watch(
    () => [tickers.version, sensors.version],
    () => chart.live(sample, now())
  )
}
