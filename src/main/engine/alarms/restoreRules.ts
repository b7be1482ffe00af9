import { configuredSensorId } from '@shared/sparkplugTopic'
import type { AlarmRecord } from '@shared/alarms'
import type { TickwireConfig } from '@shared/config'
import { sensorKey, tickerKey } from '@shared/model'

export const PRICE_ALERT_REMOVED_REASON = 'price alert removed from configuration'
export const STALE_NOT_WATCHED_REASON = 'sensor no longer watched for staleness'

type PriceCondition = 'price-above' | 'price-below'

/** What the alarm engine needs to judge restored alarms against the configuration it starts with. */
export function restoreRules(
  config: TickwireConfig,
  editedKeys: ReadonlySet<string>
): { knownSources: ReadonlySet<string>; stuckReason: (alarm: AlarmRecord) => string | null } {
  return {
    knownSources: new Set([...config.market, ...config.telemetry].map((s) => s.id)),
    stuckReason: stuckAlarmRule(config, editedKeys)
  }
}

/**
 * Why an alarm restored from the journal can never clear under the current configuration (so it
 * is closed at restore rather than listed forever), or `null` when it still can: a price alarm
 * whose alert was removed, or a stale alarm of a sensor no longer configured nor edited by the user
 * (only those raise stale alarms). A removed source is handled by the alarm engine itself.
 */
export function stuckAlarmRule(
  config: TickwireConfig,
  editedKeys: ReadonlySet<string>
): (alarm: AlarmRecord) => string | null {
  const alerts = new Map<string, Set<PriceCondition>>()
  for (const market of config.market) {
    for (const alert of market.alerts ?? []) {
      const key = tickerKey(market.id, alert.symbol)
      const directions = alerts.get(key) ?? new Set<PriceCondition>()
      if (alert.above !== undefined) directions.add('price-above')
      if (alert.below !== undefined) directions.add('price-below')
      alerts.set(key, directions)
    }
  }
  const configured = new Set(
    config.telemetry.flatMap((t) => t.sensors.map((s) => sensorKey(t.id, configuredSensorId(s))))
  )
  return (alarm) => {
    if (alarm.condition === 'price-above' || alarm.condition === 'price-below') {
      return alerts.get(alarm.key)?.has(alarm.condition) ? null : PRICE_ALERT_REMOVED_REASON
    }
    if (alarm.condition === 'stale' && !configured.has(alarm.key) && !editedKeys.has(alarm.key)) {
      return STALE_NOT_WATCHED_REASON
    }
    return null
  }
}
