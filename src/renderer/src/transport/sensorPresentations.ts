import type { SensorPresentation, SensorReading, SensorUpdate } from '@shared/model'
import { joinReading, presentationOf } from '@shared/sensorParts'

/**
 * The presentation the engine told this view per sensor (labels, units, limits, gauge style):
 * frames carry only values, and are joined with it here, at the edge, so the stores keep seeing
 * whole readings. The engine sends a sensor's presentation before the first frame naming it, on
 * the same ordered link, and a hello starts over; the map never holds more sensors than the
 * engine has.
 */
export class SensorPresentations {
  private readonly byKey = new Map<string, SensorPresentation>()
  /** Frame values for a sensor never presented (an engine out of step): dropped, counted; the session then asks for a fresh hello. */
  unknown = 0

  /** A hello: its readings are the whole picture. */
  replace(readings: readonly SensorReading[]): void {
    this.byKey.clear()
    for (const reading of readings) this.byKey.set(reading.key, presentationOf(reading))
  }

  remember(presentations: readonly SensorPresentation[]): void {
    for (const presentation of presentations) this.byKey.set(presentation.key, presentation)
  }

  /** Whole readings for a frame's values; a value of a sensor never presented is dropped. */
  join(updates: readonly SensorUpdate[]): SensorReading[] {
    const out: SensorReading[] = []
    for (const update of updates) {
      const presentation = this.byKey.get(update.key)
      if (presentation === undefined) this.unknown++
      else out.push(joinReading(presentation, update))
    }
    return out
  }

  clear(): void {
    this.byKey.clear()
  }
}
