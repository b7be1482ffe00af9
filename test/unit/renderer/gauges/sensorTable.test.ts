import { describe, expect, it } from 'vitest'
import { groupName, SensorTable } from '@renderer/gauges/sensorTable'
import { sensorReading } from '../frame/fixtures'

describe('SensorTable', () => {
  it('groups by topic prefix, sorted, and tracks observed extremes', () => {
    const table = new SensorTable()
    expect(
      table.apply([
        sensorReading('p/b2-temp', 50, { topic: 'plant/boiler2/temp' }),
        sensorReading('p/b1-temp', 70, { topic: 'plant/boiler1/temp' }),
        sensorReading('p/b1-pres', 3, { topic: 'plant/boiler1/pressure' })
      ])
    ).toBe(true)
    expect(table.groups).toEqual([
      { name: 'plant/boiler1', keys: ['p/b1-pres', 'p/b1-temp'] },
      { name: 'plant/boiler2', keys: ['p/b2-temp'] }
    ])
    expect(
      table.apply([sensorReading('p/b1-temp', 90, { topic: 'plant/boiler1/temp', state: 'warn' })])
    ).toBe(false)
    table.apply([sensorReading('p/b1-temp', 60, { topic: 'plant/boiler1/temp' })])
    const card = table.cards.get('p/b1-temp')!
    expect([card.observedMin, card.observedMax, card.rev]).toEqual([60, 90, 2])
    expect(table.stateCounts()).toEqual({ normal: 3, warn: 0, alarm: 0, stale: 0 })
  })

  it('groups single-level topics under the source', () => {
    expect(groupName({ topic: 'temp', source: 'lab' })).toBe('lab')
    expect(groupName({ topic: 'a/b/c', source: 'lab' })).toBe('a/b')
  })

  it('replaces with a snapshot', () => {
    const table = new SensorTable()
    table.apply([sensorReading('p/a', 1), sensorReading('p/b', 2)])
    table.replace([sensorReading('p/b', 3)])
    expect([...table.cards.keys()]).toEqual(['p/b'])
    expect(table.groups).toHaveLength(1)
  })
})

describe('SensorTable with groups and non-numeric sensors', () => {
  it('groups by the sensor group before the topic prefix and regroups on an edit', () => {
    const table = new SensorTable()
    table.apply([
      sensorReading('p/a', 1, { topic: 'plant/x/a' }),
      sensorReading('p/b', 2, { topic: 'plant/y/b', group: 'Tanks' })
    ])
    expect(table.groups.map((g) => g.name)).toEqual(['plant/x', 'Tanks'])
    expect(table.apply([sensorReading('p/a', 1, { topic: 'plant/x/a', group: 'Tanks' })])).toBe(true)
    expect(table.groups).toEqual([{ name: 'Tanks', keys: ['p/a', 'p/b'] }])
  })

  it('keeps no extremes or history for on/off and text sensors', () => {
    const table = new SensorTable()
    table.apply([sensorReading('p/pump', true), sensorReading('p/mode', 'AUTO'), sensorReading('p/t', 5)])
    expect(table.cards.get('p/pump')).toMatchObject({ observedMin: null, observedMax: null })
    expect(table.cards.get('p/pump')?.history.length).toBe(0)
    table.apply([sensorReading('p/t', 7)])
    expect(table.cards.get('p/t')).toMatchObject({ observedMin: 5, observedMax: 7 })
    expect(table.cards.get('p/t')?.history.length).toBe(2)
  })
})
