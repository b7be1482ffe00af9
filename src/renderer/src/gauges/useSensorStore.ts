import { defineStore } from 'pinia'
import { markRaw, shallowRef } from 'vue'
import type { SensorReading } from '@shared/model'
import { SensorTable } from './sensorTable'

/** Sensors, like tickers: a `markRaw` table plus one `shallowRef` version per applied frame. */
export const useSensorStore = defineStore('sensors', () => {
  const table = markRaw(new SensorTable())
  const version = shallowRef(0)

  function apply(readings: readonly SensorReading[]): void {
    if (readings.length === 0) return
    table.apply(readings)
    version.value++
  }

  function replace(readings: readonly SensorReading[]): void {
    table.replace(readings)
    version.value++
  }

  return { table, version, apply, replace }
})
