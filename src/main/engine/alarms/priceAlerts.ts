import type { MarketConfig } from '@shared/config'
import { tickerKey } from '@shared/model'
import type { AlarmSubject } from './alarmEngine'
import type { ActiveCondition } from './limits'

interface AlertLevel {
  condition: 'price-above' | 'price-below'
  level: number
}

interface TickerAlerts {
  subject: AlarmSubject
  levels: AlertLevel[]
  /** Which levels are crossed now, to report only changes. */
  crossed: boolean[]
}

/**
 * Price alerts from the market configuration (`alerts`): `above` is crossed while `last >= above`,
 * `below` while `last <= below`. No deadband: a price is what the user watches, and the alarm
 * engine's ack workflow already absorbs a price hovering at the level.
 */
export class PriceAlerts {
  private readonly byKey = new Map<string, TickerAlerts>()

  constructor(markets: readonly MarketConfig[]) {
    for (const m of markets) {
      for (const alert of m.alerts ?? []) {
        const key = tickerKey(m.id, alert.symbol)
        let entry = this.byKey.get(key)
        if (entry === undefined) {
          entry = {
            subject: { key, source: m.id, label: alert.label ?? alert.symbol, unit: '' },
            levels: [],
            crossed: []
          }
          this.byKey.set(key, entry)
        }
        if (alert.above !== undefined) entry.levels.push({ condition: 'price-above', level: alert.above })
        if (alert.below !== undefined) entry.levels.push({ condition: 'price-below', level: alert.below })
        entry.crossed = entry.levels.map(() => false)
      }
    }
  }

  has(key: string): boolean {
    return this.byKey.has(key)
  }

  subject(key: string): AlarmSubject | undefined {
    return this.byKey.get(key)?.subject
  }

  /**
   * The ticker's active alert conditions at this price and whether they changed; `null` for a
   * ticker without alerts.
   */
  evaluate(
    key: string,
    last: number
  ): { subject: AlarmSubject; conditions: ActiveCondition[]; changed: boolean } | null {
    const entry = this.byKey.get(key)
    if (entry === undefined) return null
    let changed = false
    for (let i = 0; i < entry.levels.length; i++) {
      const { condition, level } = entry.levels[i]
      const crossed = condition === 'price-above' ? last >= level : last <= level
      if (crossed !== entry.crossed[i]) changed = true
      entry.crossed[i] = crossed
    }
    const conditions: ActiveCondition[] = []
    entry.levels.forEach((l, i) => {
      if (entry.crossed[i]) conditions.push({ condition: l.condition, severity: 'warn', threshold: l.level })
    })
    return { subject: entry.subject, conditions, changed }
  }
}
