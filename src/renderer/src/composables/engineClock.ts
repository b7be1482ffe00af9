import { onBeforeUnmount, onMounted, shallowRef, type ShallowRef } from 'vue'

/**
 * One timer for every "age" on screen: a ref holding the engine-clock time, refreshed a few times
 * per second (rows read it instead of running timers of their own).
 */
export function useEngineClock(engineNow: () => number, intervalMs = 250): Readonly<ShallowRef<number>> {
  const now = shallowRef(engineNow())
  let timer: ReturnType<typeof setInterval> | null = null
  onMounted(() => {
    timer = setInterval(() => {
      now.value = engineNow()
    }, intervalMs)
  })
  onBeforeUnmount(() => {
    if (timer !== null) clearInterval(timer)
    timer = null
  })
  return now
}
