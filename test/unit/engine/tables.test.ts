import { describe, expect, it } from 'vitest'
import type { SensorInfo, Tick } from '@shared/model'
import { isStale, SensorTable, sensorState } from '../../../src/main/engine/sensorTable'
import { TickerTable } from '../../../src/main/engine/tickerTable'

const tick = (t: Partial<Tick>): Tick => ({ source: 'desk', symbol: 'A', time: null, receivedAt: 1000, ...t })

const info: SensorInfo = {
  label: 'x',
  unit: '',
  decimals: null,
  min: null,
  max: null,
  lowAlarm: null,
  lowWarn: null,
  warn: 80,
  alarm: 95,
  deadband: 0,
  staleAfterMs: 1000,
  gauge: 'radial',
  group: null,
  edited: false,
  discovered: false
}

describe('ticker table', () => {
  it('keeps previous values for fields a tick lacks', () => {
    const table = new TickerTable()
    table.apply(tick({ last: 10, bid: 9, ask: 11, volume: 5 }), 30_000)
    table.apply(tick({ last: 12, receivedAt: 2000 }), 30_000)
    expect(table.get('desk/A')).toMatchObject({ last: 12, bid: 9, ask: 11, volume: 5, receivedAt: 2000 })
  })
  it('derives change % from the first price, then from open, and prefers the feed figure', () => {
    const table = new TickerTable()
    table.apply(tick({ last: 100 }), 30_000)
    table.apply(tick({ last: 110 }), 30_000)
    expect(table.get('desk/A')?.changePct).toBeCloseTo(10)
    table.apply(tick({ last: 110, open: 200 }), 30_000)
    expect(table.get('desk/A')?.changePct).toBeCloseTo(-45)
    table.apply(tick({ last: 110, changePct: 1.25 }), 30_000)
    table.apply(tick({ last: 300 }), 30_000)
    expect(table.get('desk/A')?.changePct).toBe(1.25)
  })
  it('counts one gap per forward skip of the sequence', () => {
    const table = new TickerTable()
    const gaps = [1, 2, 5, 6, 6, 9, 3, 4].map(
      (sequence) => table.apply(tick({ last: 1, sequence }), 30_000).gap
    )
    expect(gaps).toEqual([false, false, true, false, false, true, false, false])
  })
  it('flips staleness after staleAfterMs and back on the next update', () => {
    const table = new TickerTable()
    table.apply(tick({ last: 1, receivedAt: 1000 }), 500)
    const changed: string[] = []
    table.checkStale(1400, (k) => changed.push(k))
    expect(changed).toEqual([])
    table.checkStale(1600, (k) => changed.push(k))
    table.checkStale(1700, (k) => changed.push(k))
    expect(changed).toEqual(['desk/A'])
    expect(table.get('desk/A')?.stale).toBe(true)
    table.apply(tick({ last: 2, receivedAt: 1800 }), 500)
    expect(table.get('desk/A')?.stale).toBe(false)
  })
})

describe('sensor state', () => {
  it('applies thresholds inclusively and staleness after staleAfterMs', () => {
    expect(sensorState(0, 79.9, info).state).toBe('normal')
    expect(sensorState(0, 80, info).state).toBe('warn')
    expect(sensorState(0, 95, info).state).toBe('alarm')
    expect(isStale(info, 0, 1000)).toBe(false)
    expect(isStale(info, 0, 1001)).toBe(true)
    expect(sensorState(0, 99, { ...info, warn: null, alarm: null }).state).toBe('normal')
  })
  it('re-evaluates staleness in the table and reports changes', () => {
    const table = new SensorTable()
    const catalog = { info: () => info }
    table.apply(
      { source: 'p', sensorId: 's', topic: 't', value: 90, time: null, receivedAt: 0, retained: false },
      catalog
    )
    expect(table.get('p/s')?.state).toBe('warn')
    const changed: string[] = []
    table.checkStale(1500, (k) => changed.push(k))
    expect(changed).toEqual(['p/s'])
    expect(table.get('p/s')?.state).toBe('stale')
    expect(table.all()[0]).toMatchObject({
      key: 'p/s',
      warn: 80,
      alarm: 95,
      staleAfterMs: 1000,
      discovered: false
    })
  })
})
