import { defineStore } from 'pinia'
import { ref } from 'vue'

export type SelectionKind = 'ticker' | 'sensor'

/**
 * The row the keyboard works on: a ticker or a sensor, chosen by a click, the command palette or
 * the arrow keys. Its element carries `data-selected="true"`; shortcuts (chart, ack) act on it.
 */
export const useSelectionStore = defineStore('selection', () => {
  const kind = ref<SelectionKind | null>(null)
  const key = ref<string | null>(null)
  /** Bumped on every explicit jump, so a panel scrolls to the row even when it was selected. */
  const jumps = ref(0)

  function select(next: SelectionKind, nextKey: string, jump = false): void {
    kind.value = next
    key.value = nextKey
    if (jump) jumps.value++
  }

  function clear(): void {
    kind.value = null
    key.value = null
  }

  const is = (k: SelectionKind, candidate: string): boolean => kind.value === k && key.value === candidate

  return { kind, key, jumps, select, clear, is }
})
