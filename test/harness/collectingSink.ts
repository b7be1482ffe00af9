import type { Reading, SourceState, Tick } from '@shared/model'
import type { SourceSink } from '../../src/main/engine/sourceSink'

/** A source sink that keeps everything it is given, for decoder and source tests. */
export class CollectingSink implements SourceSink {
  messages = 0
  ticks: Tick[] = []
  readings: Reading[] = []
  malformedReasons: string[] = []
  states: SourceState[] = []
  message(): void {
    this.messages++
  }
  tick(tick: Tick): void {
    this.ticks.push(tick)
  }
  reading(reading: Reading): void {
    this.readings.push(reading)
  }
  malformed(reason: string): void {
    this.malformedReasons.push(reason)
  }
  state(state: SourceState): void {
    this.states.push(state)
  }
}
