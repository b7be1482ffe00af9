import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import type { HistoryKind, RecentTrade } from '@shared/history'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'
import { ChartTrace } from './chartTrace'
import { loadChartRange, MAX_CHART_KEYS, rangeMs, saveChartRange, type ChartRangeId } from './chartRanges'

/** What a live frame tells a chart about one key. */
export interface LiveSample {
  t: number
  value: number | null
  bid?: number | null
  ask?: number | null
}

/**
 * The detail chart: which keys it shows (one, or up to 8 to compare), over which range, their
 * traces (the engine's history, then every frame's values), and what went wrong fetching.
 * Traces live outside deep reactivity: `version` is bumped when they change.
 */
export const useChartStore = defineStore('chart', () => {
  const keys = ref<string[]>([])
  const range = ref<ChartRangeId>(loadChartRange())
  const traces = markRaw(new Map<string, ChartTrace>())
  const version = shallowRef(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** The shown ticker's recent trades, newest first (refreshed each second while it is shown alone). */
  const trades = shallowRef<RecentTrade[]>([])
  let tradesTimer: ReturnType<typeof setInterval> | null = null
  let request: RequestCommand | null = null
  let engineNow: () => number = Date.now
  /** Only the latest fetch's answers are applied. */
  let fetchSeq = 0

  /**
   * `now`: the chart's clock (the engine's, or a replay's recorded time); `replaying`: whether the
   * values arriving are a replay's, stamped with replay time — then the chart is refreshed from
   * the engine's history (stamped with recorded times) instead of folding them in.
   */
  function connect(
    requestCommand: RequestCommand,
    now: () => number,
    isReplay: () => boolean = () => false
  ): void {
    request = requestCommand
    engineNow = now
    replaying = isReplay
  }
  let replaying: () => boolean = () => false
  let lastReplayRefresh = 0

  /** Shows one key's chart (replacing what was shown). */
  function open(key: string, kind: HistoryKind): void {
    traces.clear()
    keys.value = [key]
    traces.set(key, markRaw(new ChartTrace(key, kind)))
    void refresh()
    watchTrades()
  }

  /** Trades are shown for one ticker at a time: polled, since frames carry quotes, not trades. */
  function watchTrades(): void {
    if (tradesTimer !== null) clearInterval(tradesTimer)
    tradesTimer = null
    trades.value = []
    const only = keys.value.length === 1 ? traces.get(keys.value[0]) : undefined
    if (only?.kind !== 'ticker') return
    const key = only.key
    const poll = async (): Promise<void> => {
      if (request === null || keys.value.length !== 1 || keys.value[0] !== key) return
      try {
        const answer = await request('trades', { key })
        if (keys.value.length === 1 && keys.value[0] === key) trades.value = answer
      } catch {
        // A refusal (the ticker went away) or a lost link: the list keeps what it showed.
      }
    }
    void poll()
    tradesTimer = setInterval(() => void poll(), 1_000)
  }

  /** Adds a key to compare; refused past `MAX_CHART_KEYS`. */
  function add(key: string, kind: HistoryKind): boolean {
    if (keys.value.includes(key)) return true
    if (keys.value.length >= MAX_CHART_KEYS) {
      error.value = `A chart compares at most ${MAX_CHART_KEYS} keys`
      return false
    }
    keys.value = [...keys.value, key]
    traces.set(key, markRaw(new ChartTrace(key, kind)))
    void refresh()
    watchTrades()
    return true
  }

  function remove(key: string): void {
    keys.value = keys.value.filter((k) => k !== key)
    traces.delete(key)
    if (keys.value.length === 0) close()
    else {
      version.value++
      watchTrades()
    }
  }

  function close(): void {
    fetchSeq++
    keys.value = []
    traces.clear()
    watchTrades()
    error.value = null
    loading.value = false
    version.value++
  }

  function setRange(next: ChartRangeId): void {
    if (range.value === next) return
    range.value = next
    saveChartRange(next)
    void refresh()
  }

  /** Fetches every shown key's history over the range (again after a reconnect). */
  async function refresh(): Promise<void> {
    if (keys.value.length === 0) return
    const seq = ++fetchSeq
    if (request === null) {
      error.value = 'Not connected to the engine'
      return
    }
    const ask = request
    const to = engineNow()
    const from = to - rangeMs(range.value)
    loading.value = true
    error.value = null
    const wanted = [...keys.value]
    const answers = await Promise.allSettled(wanted.map((key) => ask('history', { key, from })))
    if (seq !== fetchSeq) return
    loading.value = false
    answers.forEach((answer, i) => {
      const trace = traces.get(wanted[i])
      if (trace === undefined) return
      if (answer.status === 'fulfilled') trace.load(answer.value)
      else error.value = commandErrorText(answer.reason)
    })
    version.value++
  }

  /** A frame's values for the shown keys, folded in; `now` slides the range. */
  function live(sample: (key: string) => LiveSample | null, now: number): void {
    if (keys.value.length === 0) return
    if (replaying()) {
      // Once a second: the history of a replay carries the recorded times.
      if (Date.now() - lastReplayRefresh >= 1_000 && !loading.value) {
        lastReplayRefresh = Date.now()
        void refresh()
      }
      return
    }
    let changed = false
    const from = now - rangeMs(range.value)
    for (const trace of traces.values()) {
      const s = sample(trace.key)
      if (s === null) continue
      if (s.bid !== undefined || s.ask !== undefined) trace.liveQuote(s.t, s.bid ?? null, s.ask ?? null)
      if (s.value !== null && trace.live(s.t, s.value)) changed = true
      trace.trim(from)
    }
    if (changed) version.value++
  }

  return {
    keys,
    range,
    traces,
    version,
    loading,
    error,
    trades,
    connect,
    open,
    add,
    remove,
    close,
    setRange,
    refresh,
    live
  }
})
