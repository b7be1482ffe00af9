import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { SourceStats, StatsPayload } from '@shared/model'

/** The last `StatsPayload` from the engine, and its sources by id. */
export const useStatsStore = defineStore('stats', () => {
  const stats = shallowRef<StatsPayload | null>(null)
  /** Local time the payload arrived, to tell a frozen panel from a live one. */
  const updatedAt = shallowRef<number | null>(null)

  const sources = computed<SourceStats[]>(() => stats.value?.sources ?? [])
  const byId = computed(() => new Map(sources.value.map((s) => [s.id, s])))

  function update(payload: StatsPayload): void {
    stats.value = payload
    updatedAt.value = Date.now()
  }

  return { stats, updatedAt, sources, byId, update }
})
