import type { SensorReading, TickerQuote } from '@shared/model'

export function tickerQuote(key: string, last: number | null, extra: Partial<TickerQuote> = {}): TickerQuote {
  const [source, symbol] = key.split('/')
  return {
    key,
    source,
    symbol,
    last,
    bid: null,
    ask: null,
    volume: null,
    changePct: null,
    time: null,
    receivedAt: 1000,
    stale: false,
    ...extra
  }
}

export function sensorReading(key: string, value: number, extra: Partial<SensorReading> = {}): SensorReading {
  const [source, sensorId] = key.split('/')
  return {
    key,
    source,
    sensorId,
    topic: `plant/area/${sensorId}`,
    value,
    state: 'normal',
    time: null,
    receivedAt: 1000,
    retained: false,
    label: sensorId,
    unit: '°C',
    min: null,
    max: null,
    warn: null,
    alarm: null,
    staleAfterMs: 10_000,
    discovered: false,
    ...extra
  }
}
