import { describe, expect, it } from 'vitest'
import type { AlarmRecord } from '@shared/alarms'
import { parseConfig } from '@shared/config'
import { AlarmEngine } from '../../../../src/main/engine/alarms/alarmEngine'
import {
  PRICE_ALERT_REMOVED_REASON,
  restoreRules,
  STALE_NOT_WATCHED_REASON
} from '../../../../src/main/engine/alarms/restoreRules'
import type { AlarmEvent } from '../../../../src/main/engine/alarms/alarmEvents'
import { ManualClock } from './manualClock'

const config = parseConfig(
  JSON.stringify({
    market: [
      {
        id: 'desk',
        adapter: 'json',
        url: 'ws://127.0.0.1:9/feed',
        mapping: { symbol: 's', price: 'p' },
        alerts: [{ symbol: 'AAPL', above: 200 }]
      }
    ],
    telemetry: [
      {
        id: 'plant',
        url: 'mqtt://127.0.0.1:1883',
        subscriptions: [{ topic: 'plant/#' }],
        sensors: [{ topic: 'plant/boiler/temp', id: 'boiler' }]
      }
    ]
  }),
  'c.json'
)

function open(id: string, key: string, condition: AlarmRecord['condition']): AlarmRecord {
  return {
    id,
    key,
    source: key.split('/')[0],
    label: key,
    condition,
    severity: condition === 'stale' ? 'stale' : 'warn',
    state: 'active-unacked',
    threshold: condition === 'stale' ? null : 200,
    value: null,
    lastValue: null,
    unit: '',
    raisedAt: 1,
    clearedAt: null,
    ackedAt: null,
    ackedBy: null
  }
}

describe('restored alarms that can never clear under the new configuration', () => {
  it('are closed at restore with the reason; the ones that still can stay open', () => {
    const events: AlarmEvent[] = []
    const restored = {
      alarms: [
        open('keep-price', 'desk/AAPL', 'price-above'),
        open('gone-price', 'desk/AAPL', 'price-below'),
        open('gone-alert', 'desk/MSFT', 'price-above'),
        open('keep-stale', 'plant/boiler', 'stale'),
        open('keep-edited', 'plant/plant/pump#rpm', 'stale'),
        open('gone-stale', 'plant/plant/fan#rpm', 'stale')
      ],
      shelves: []
    }
    const engine = new AlarmEngine({
      operator: 'night',
      clock: new ManualClock(),
      restored,
      record: (e) => events.push(e),
      ...restoreRules(config, new Set(['plant/plant/pump#rpm']))
    })
    expect(
      engine
        .openAlarms()
        .map((a) => a.id)
        .sort()
    ).toEqual(['keep-edited', 'keep-price', 'keep-stale'])
    const reasons = Object.fromEntries(
      events
        .filter((e) => e.event === 'closed' && 'alarm' in e)
        .map((e) => [(e as { alarm: AlarmRecord }).alarm.id, e.reason])
    )
    expect(reasons).toEqual({
      'gone-price': PRICE_ALERT_REMOVED_REASON,
      'gone-alert': PRICE_ALERT_REMOVED_REASON,
      'gone-stale': STALE_NOT_WATCHED_REASON
    })
  })
})
