import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import {
  loadGridPrefs,
  nextSort,
  saveGridPrefs,
  type GridViewPrefs,
  type PrefsStorage,
  type SortColumn
} from './gridViewPrefs'

/** The ticker grid's filter text and sort order, restored from and saved to `localStorage`. */
export const useGridViewStore = defineStore('grid-view', () => {
  const storage = browserStorage()
  const prefs = ref<GridViewPrefs>(loadGridPrefs(storage))

  watch(prefs, (value) => saveGridPrefs(storage, value), { deep: true })

  function setFilter(text: string): void {
    prefs.value.filter = text
  }

  function sortBy(column: SortColumn): void {
    prefs.value.sort = nextSort(prefs.value.sort, column)
  }

  return { prefs, setFilter, sortBy }
})

function browserStorage(): PrefsStorage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    // Access can throw where storage is disabled.
    return null
  }
}
