import { defineStore } from 'pinia'
import { markRaw, shallowRef } from 'vue'
import type { TickerQuote } from '@shared/model'
import { TickerTable } from './tickerTable'

/**
 * Tickers live outside deep reactivity: a `markRaw` table mutated in place and one `shallowRef`
 * version bumped per applied frame, which is what components depend on.
 */
export const useTickerStore = defineStore('tickers', () => {
  const table = markRaw(new TickerTable())
  const version = shallowRef(0)

  function apply(quotes: readonly TickerQuote[]): void {
    if (quotes.length === 0) return
    table.apply(quotes)
    version.value++
  }

  function replace(quotes: readonly TickerQuote[]): void {
    table.replace(quotes)
    version.value++
  }

  return { table, version, apply, replace }
})
