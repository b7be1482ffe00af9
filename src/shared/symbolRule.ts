import { MAX_SYMBOL_LENGTH } from './limits'
import { hasInvisible } from './visibleText'

/**
 * The one rule for a market symbol, wherever it comes from (configuration, watchlist edit, saved
 * watchlist, the wire): 1-64 characters; spaces only single and between characters ("BRK B",
 * "AAPL US Equity"), no other whitespace (a no-break or ideographic space makes "BTC " look like
 * "BTC"); no control, bidi or invisible characters. Returns why a symbol is refused, or `null`.
 */
export function symbolProblem(symbol: string): string | null {
  if (symbol.length === 0) return 'symbol is empty'
  if (symbol.length > MAX_SYMBOL_LENGTH)
    return `symbol longer than ${MAX_SYMBOL_LENGTH} characters (${symbol.length})`
  if (/[^\S ]|^ | $| {2}/.test(symbol))
    return 'symbol has whitespace other than single spaces between characters'
  if (hasInvisible(symbol)) return 'symbol has control, bidirectional or invisible characters'
  return null
}
