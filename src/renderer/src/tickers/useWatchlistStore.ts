import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SourceWatchlist } from '@shared/model'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'
import { addSymbol, removeSymbol, type WatchlistEdit } from './watchlistEdit'

/**
 * Every market source's watchlist as the engine last reported it, and the edits the user makes.
 * An edit goes to the engine; the list changes here only when the engine says it changed.
 */
export const useWatchlistStore = defineStore('watchlists', () => {
  const lists = shallowRef<SourceWatchlist[]>([])
  /** The last edit refused, here (client-side validation) or by the engine, per source. */
  const problems = ref<Record<string, string>>({})
  let request: RequestCommand | null = null

  const bySource = computed(() => new Map(lists.value.map((l) => [l.source, l])))

  function update(next: SourceWatchlist[]): void {
    lists.value = next
  }

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  /** Adds what the user typed; returns false (with the reason in `problems`) when refused here. */
  function add(source: string, typed: string, shown: readonly string[]): boolean {
    const list = bySource.value.get(source)
    return list !== undefined && apply(source, addSymbol(list, typed, shown))
  }

  function remove(source: string, symbol: string, shown: readonly string[]): boolean {
    const list = bySource.value.get(source)
    return list !== undefined && apply(source, removeSymbol(list, symbol, shown))
  }

  function clearProblem(source: string): void {
    if (!(source in problems.value)) return
    const next = { ...problems.value }
    delete next[source]
    problems.value = next
  }

  function apply(source: string, edit: WatchlistEdit): boolean {
    if ('error' in edit) {
      problems.value = { ...problems.value, [source]: edit.error }
      return false
    }
    if (request === null) {
      problems.value = { ...problems.value, [source]: 'Not connected to the engine' }
      return false
    }
    clearProblem(source)
    request('setWatchlist', { source, symbols: edit.symbols }).catch((err: unknown) => {
      problems.value = { ...problems.value, [source]: commandErrorText(err) }
    })
    return true
  }

  return { lists, problems, bySource, update, connect, add, remove, clearProblem }
})
