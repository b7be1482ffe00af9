import type { Reading, SourceState, Tick } from '@shared/model'

/**
 * What a source pushes into (the engine, or a benchmark's counter). One sink per source, so the
 * hot path is plain method calls with no id lookups and no event emitters.
 */
export interface SourceSink {
  /** One wire message arrived (counted whether or not it was usable). */
  message(): void
  tick(tick: Tick): void
  reading(reading: Reading): void
  /**
   * A message (or one element of an array message) was refused; never thrown. `subject` is the
   * symbol or topic it concerns, when there is one (shown shortened in front of the reason).
   */
  malformed(reason: string, subject?: string): void
  /** Connection state; each `reconnecting` call is one scheduled reconnect. */
  state(state: SourceState, error?: string): void
  /** A discontinuity the adapter found itself (beyond `Tick.sequence`, which the engine checks). */
  gap(symbol: string, detail: string): void
  /** What a sensor is, as the source itself said (a Sparkplug birth): shown unless configured. */
  describe(sensorId: string, description: SensorDescription): void
  /** The source said these sensors are offline (a Sparkplug death): stale, with `reason`. */
  offline(sensorIds: readonly string[], reason: string): void
  /** The exchange accepted, dropped or refused a symbol (watchlist feedback). */
  symbolStatus(symbol: string, status: SymbolStatus, detail?: string): void
  /**
   * The source's own code threw in `context` (a socket callback, a timer): the engine logs it and
   * replaces the source with a fresh one. Never called for bad input, which is `malformed`.
   */
  fault(context: string, err: unknown): void
}

/** A sensor's presentation from the source (a Sparkplug birth's name, unit and range). */
export interface SensorDescription {
  label: string
  /** The gauge group: the edge node, or node and device. */
  group: string
  unit: string
  min: number | null
  max: number | null
  /** Decimals to show: 0 for an integer datatype, else null (the gauge's own choice). */
  decimals: number | null
  /** How long without a value before it is stale; null: the source's own setting. */
  staleAfterMs: number | null
}

/** What an exchange said about one watched symbol. */
export type SymbolStatus = 'subscribed' | 'unsubscribed' | 'rejected'

/** Common shape of market and telemetry sources. */
export interface Source {
  readonly id: string
  start(): void
  /** Closes the connection and every timer; idempotent. */
  stop(): Promise<void>
  /** After a machine sleep: prove the connection is alive now, or reconnect at once. */
  checkHealth?(): void
  /** A market feed's watchlist changed: follow it live (a replay follows its recording instead). */
  setSymbols?(symbols: readonly string[]): void
}
