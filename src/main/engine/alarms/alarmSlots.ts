import type { AlarmCondition } from '@shared/alarms'

/**
 * Identity of an alarm point within a key. Sensor conditions are one point each; price alerts are
 * one point per level, so two "above" alerts on one symbol are separate alarms.
 */
export function slotOf(condition: AlarmCondition, threshold: number | null): string {
  return condition === 'price-above' || condition === 'price-below' ? `${condition}@${threshold}` : condition
}

/** The source id of a key (`<source>/<id>`; source ids hold no slash). */
export function sourceOfKey(key: string): string {
  const slash = key.indexOf('/')
  return slash < 0 ? key : key.slice(0, slash)
}
