import type { Disposable } from '@shared/disposable'
import { PLANT_SENSORS, type SensorSpec } from './sensorCatalog'
import { SensorModel } from './sensorModel'
import { createRandom, type Random } from './prng'

export interface SensorSimulatorOptions {
  publish(topic: string, payload: string): void
  sensors?: readonly SensorSpec[]
  random?: Random
  /** Scheduler resolution; each sensor keeps its own rate. */
  tickMs?: number
}

/** Publishes every sensor's samples as JSON `{"value": 71.3, "ts": <epoch ms>}` on its topic. */
export function startSensorSimulator(options: SensorSimulatorOptions): Disposable {
  const random = options.random ?? createRandom()
  const start = Date.now()
  const sensors = (options.sensors ?? PLANT_SENSORS).map((spec) => ({
    model: new SensorModel(spec, random, start),
    // Spread first samples over the first half second so the gauges fill in at once.
    dueAt: start + random.between(0, 500)
  }))

  const tick = (): void => {
    const now = Date.now()
    for (const sensor of sensors) {
      if (now < sensor.dueAt) continue
      // Schedule from the due time, not from now, so timer jitter does not lower the rate.
      sensor.dueAt = Math.max(sensor.dueAt + sensor.model.nextDelayMs(), now)
      const value = sensor.model.sample(now)
      if (value === null) continue
      options.publish(sensor.model.spec.topic, JSON.stringify({ value, ts: now }))
    }
  }

  const timer = setInterval(tick, options.tickMs ?? 50)
  return { dispose: () => clearInterval(timer) }
}
