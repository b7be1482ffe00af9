import type { SensorReading, SensorValue, TickerQuote } from '@shared/model'

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

export function sensorReading(
  key: string,
  value: SensorValue,
  extra: Partial<SensorReading> = {}
): SensorReading {
  const [source, sensorId] = key.split('/')
  return {
    key,
    source,
    sensorId,
    topic: `plant/area/${sensorId}`,
    value,
    kind: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text',
    state: 'normal',
    time: null,
    receivedAt: 1000,
    retained: false,
    label: sensorId,
    unit: '°C',
    decimals: null,
    min: null,
    max: null,
    lowAlarm: null,
    lowWarn: null,
    warn: null,
    alarm: null,
    deadband: 0,
    staleAfterMs: 10_000,
    gauge: 'radial',
    group: null,
    edited: false,
    discovered: false,
    ...extra
  }
}
