import { computed, type ComputedRef } from 'vue'
import { useAlarmStore } from '../alarms/useAlarmStore'
import { useSensorStore } from '../gauges/useSensorStore'
import { useTickerStore } from '../tickers/useTickerStore'
import { showInvisible } from '@shared/visibleText'
import type { AlarmMarker, LimitBands } from './chartPlugins'
import { useChartStore } from './useChartStore'

export interface ChartContext {
  label: (key: string) => string
  limits: ComputedRef<LimitBands | null>
  markers: ComputedRef<AlarmMarker[]>
  candidates: ComputedRef<{ key: string; label: string }[]>
}

/** What the chart pane shows around its traces: names, a sensor's limits, alarm markers. */
export function useChartContext(): ChartContext {
  const chart = useChartStore()
  const tickers = useTickerStore()
  const sensors = useSensorStore()
  const alarms = useAlarmStore()

  const label = (key: string): string => {
    const quote = tickers.table.rows.get(key)?.quote
    if (quote !== undefined) return `${showInvisible(quote.symbol)} · ${quote.source}`
    const reading = sensors.table.cards.get(key)?.reading
    return reading !== undefined ? showInvisible(reading.label) : key
  }
  const limits = computed<LimitBands | null>(() => {
    void sensors.version
    const key = chart.keys[0]
    const r = key === undefined ? undefined : sensors.table.cards.get(key)?.reading
    if (r === undefined || r.kind !== 'number') return null
    return { lowAlarm: r.lowAlarm, lowWarn: r.lowWarn, warn: r.warn, alarm: r.alarm }
  })
  const markers = computed<AlarmMarker[]>(() => {
    const keys = new Set(chart.keys)
    const out: AlarmMarker[] = []
    for (const a of [...alarms.open, ...alarms.history]) {
      if (!keys.has(a.key)) continue
      out.push({ t: a.raisedAt, kind: 'raise', severity: a.severity, label: a.condition })
      if (a.clearedAt !== null)
        out.push({ t: a.clearedAt, kind: 'clear', severity: a.severity, label: a.condition })
    }
    return out
  })
  const candidates = computed(() => {
    void tickers.version
    void sensors.version
    const out: { key: string; label: string }[] = []
    for (const key of tickers.table.order) out.push({ key, label: label(key) })
    for (const [key, card] of sensors.table.cards)
      if (card.reading.kind !== 'text') out.push({ key, label: label(key) })
    return out
  })
  return { label, limits, markers, candidates }
}
