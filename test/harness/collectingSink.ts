import type { Reading, SourceState, Tick } from '@shared/model'
import type { SensorDescription, SourceSink, SymbolStatus } from '../../src/main/engine/sourceSink'

/** A source sink that keeps everything it is given, for decoder and source tests. */
export class CollectingSink implements SourceSink {
  messages = 0
  ticks: Tick[] = []
  readings: Reading[] = []
  malformedReasons: string[] = []
  states: SourceState[] = []
  errors: (string | undefined)[] = []
  gaps: { symbol: string; detail: string }[] = []
  symbolStatuses: { symbol: string; status: SymbolStatus; detail?: string }[] = []
  message(): void {
    this.messages++
  }
  tick(tick: Tick): void {
    this.ticks.push(tick)
  }
  reading(reading: Reading): void {
    this.readings.push(reading)
  }
  faults: { context: string; err: unknown }[] = []
  malformed(reason: string, subject?: string): void {
    this.malformedReasons.push(subject === undefined ? reason : `${subject}: ${reason}`)
  }
  fault(context: string, err: unknown): void {
    this.faults.push({ context, err })
  }
  state(state: SourceState, error?: string): void {
    this.states.push(state)
    this.errors.push(error)
  }
  gap(symbol: string, detail: string): void {
    this.gaps.push({ symbol, detail })
  }
  descriptions = new Map<string, SensorDescription>()
  offlines: { sensorIds: string[]; reason: string }[] = []
  describe(sensorId: string, description: SensorDescription): void {
    this.descriptions.set(sensorId, description)
  }
  offline(sensorIds: readonly string[], reason: string): void {
    this.offlines.push({ sensorIds: [...sensorIds], reason })
  }
  symbolStatus(symbol: string, status: SymbolStatus, detail?: string): void {
    this.symbolStatuses.push({ symbol, status, detail })
  }
}
