import { diagnosticText } from '@shared/visibleText'

/**
 * A value from the update feed as a refusal shows it: a string quoted, cut at `max` characters
 * and with invisible characters written out; anything else by its kind. A hostile feed's text
 * can neither forge a line nor make a report arbitrarily long.
 */
export function quoted(value: unknown, max = 64): string {
  if (typeof value === 'string') return `"${diagnosticText(value, max)}"`
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'number' || typeof value === 'boolean')
    return `${typeof value} ${String(value).slice(0, 32)}`
  return `a value of type ${typeof value}`
}
