import { defineStore } from 'pinia'
import { markRaw, shallowRef } from 'vue'
import type { SensorReading } from '@shared/model'
import { SensorTable } from './sensorTable'

/**
 * Sensors, like tickers: a `markRaw` table plus one `shallowRef` version per applied frame, and a
 * `layout` version that moves only when sensors come, go or change group, so the board re-lays
 * itself out on that and not on every value.
 */
export const useSensorStore = defineStore('sensors', () => {
  const table = markRaw(new SensorTable())
  const version = shallowRef(0)
  const layout = shallowRef(0)

  function apply(readings: readonly SensorReading[]): void {
    if (readings.length === 0) return
    if (table.apply(readings)) layout.value++
    version.value++
  }

  function replace(readings: readonly SensorReading[]): void {
    table.replace(readings)
    layout.value++
    version.value++
  }

  return { table, version, layout, apply, replace }
})
