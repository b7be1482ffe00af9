import { userInfo } from 'node:os'
import type { AlarmSummary } from '@shared/alarms'
import type { MarketConfig } from '@shared/config'
import type { Disposable } from '@shared/disposable'
import type { SensorReading, TickerQuote } from '@shared/model'
import type { SensorOverride } from '../sensorCatalog'
import type { SilentSensorChange } from '../sensorTable'
import { AlarmEngine, type AlarmEngineOptions } from './alarmEngine'
import type { AlarmEvent } from './alarmEvents'
import { sensorConditions, type LimitFlags } from './limits'
import { PriceAlerts } from './priceAlerts'

/** Where the engine records alarm events; its status is reported in `/api/stats`. */
export interface AlarmJournalSink {
  append(event: AlarmEvent): void
  status(): AlarmJournalStatus
}

export interface AlarmJournalStatus {
  path: string
  /** The last write failure, `null` once a write succeeds again. */
  lastError: string | null
  /** Events not yet on disk (kept in memory and retried). */
  pending: number
}

const NO_THRESHOLDS = { warn: null, alarm: null, lowWarn: null, lowAlarm: null, deadband: 0 }

export type SensorSettingsListener = (key: string, override: SensorOverride | null) => void

/** The OS user name, else "operator" (some containers have no passwd entry). */
export function defaultOperator(): string {
  try {
    const name = userInfo().username
    return name.trim().length > 0 ? name : 'operator'
  } catch {
    return 'operator'
  }
}

/**
 * The engine's alarm side: feeds sensor and ticker changes to the alarm engine and pushes the
 * alarm summary to views, coalesced so a burst of events in one tick is one message.
 */
export class EngineAlarms implements Disposable {
  readonly alarms: AlarmEngine
  private prices: PriceAlerts
  private pending: NodeJS.Immediate | null = null
  private readonly changes: Disposable
  private disposed = false

  constructor(
    markets: readonly MarketConfig[],
    options: AlarmEngineOptions,
    private readonly broadcast: (summary: AlarmSummary) => void
  ) {
    this.prices = new PriceAlerts(markets)
    this.alarms = new AlarmEngine(options)
    this.changes = this.alarms.onChange(() => this.schedule())
  }

  /**
   * A sensor's reading or state changed. `changed`: its limits or staleness changed (else only
   * keys with open alarms are reported, to keep their `lastValue` current).
   *
   * Staleness raises an alarm only for sensors someone chose to watch: configured ones and ones
   * the user edited. A merely discovered leaf still shows `stale` on its gauge, but a quiet device
   * with 300 JSON leaves must not become 300 alarms.
   */
  sensor(reading: SensorReading, flags: LimitFlags, changed: boolean): void {
    if (!changed && !this.alarms.tracks(reading.key)) return
    const staleAlarm = reading.state === 'stale' && (!reading.discovered || reading.edited)
    this.alarms.observe(
      { key: reading.key, source: reading.source, label: reading.label, unit: reading.unit },
      sensorConditions(flags, staleAlarm, reading),
      reading.value
    )
  }

  /**
   * A configured sensor that has not reported since start: stale (an alarm with no value) once
   * its `staleAfterMs` has passed, so a device dead at start-up is seen. Its first reading goes
   * through `sensor`, which clears it.
   */
  silentSensor(change: SilentSensorChange): void {
    const { key, source, info, stale } = change
    if (!stale && !this.alarms.tracks(key)) return
    const subject = { key, source, label: `${info.label} (no data since start)`, unit: info.unit }
    this.alarms.observe(subject, stale ? sensorConditions(0, true, NO_THRESHOLDS) : [], null)
  }

  ticker(quote: TickerQuote): void {
    if (quote.last === null || !this.prices.has(quote.key)) return
    const result = this.prices.evaluate(quote.key, quote.last)
    if (result === null || (!result.changed && !this.alarms.tracks(quote.key))) return
    this.alarms.observe(result.subject, result.conditions, quote.last)
  }

  /**
   * Shelves a sensor (`sensorLabel` given), a ticker with price alerts, or any key with open
   * alarms; returns why it was refused (unknown key), or `null`.
   */
  shelve(
    key: string,
    durationMs: number,
    by: string | undefined,
    sensorLabel: string | undefined
  ): string | null {
    const label =
      sensorLabel ??
      this.prices.subject(key)?.label ??
      this.alarms.openAlarms().find((a) => a.key === key)?.label
    if (label === undefined) return `there is no sensor or alerted ticker "${key}"`
    this.alarms.shelve(key, label, durationMs, by)
    return null
  }

  /** The market sources changed (one added, replaced or removed): their price alerts with them. */
  setMarkets(markets: readonly MarketConfig[]): void {
    this.prices = new PriceAlerts(markets)
  }

  dispose(): void {
    this.disposed = true
    if (this.pending !== null) clearImmediate(this.pending)
    this.pending = null
    this.changes.dispose()
    this.alarms.dispose()
  }

  private schedule(): void {
    if (this.pending !== null || this.disposed) return
    this.pending = setImmediate(() => {
      this.pending = null
      if (!this.disposed) this.broadcast(this.alarms.summary())
    })
  }
}
