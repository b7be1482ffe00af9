import { describe, expect, it } from 'vitest'
import { parseEngineMessage, parseReading } from '@renderer/transport/engineMessage'

describe('parseReading: value kinds and presentation fields', () => {
  it('takes the kind from the value itself', () => {
    expect(parseReading({ key: 'p/a', value: true, kind: 'number', receivedAt: 1 })).toMatchObject({
      value: true,
      kind: 'boolean'
    })
    expect(parseReading({ key: 'p/a', value: 'RUNNING', receivedAt: 1 })).toMatchObject({
      value: 'RUNNING',
      kind: 'text'
    })
    expect(parseReading({ key: 'p/a', value: 3.5, receivedAt: 1 })).toMatchObject({
      value: 3.5,
      kind: 'number'
    })
    for (const value of [NaN, Infinity, null, undefined, { x: 1 }, [1]]) {
      expect(parseReading({ key: 'p/a', value, receivedAt: 1 })).toBeNull()
    }
  })

  it('keeps valid limits and presentation, and defaults broken ones without NaN', () => {
    const good = parseReading({
      key: 'p/a',
      value: 1,
      receivedAt: 1,
      decimals: 3,
      lowAlarm: 1,
      lowWarn: 2,
      warn: 8,
      alarm: 9,
      deadband: 0.5,
      gauge: 'bar',
      group: 'Boilers',
      edited: true
    })
    expect(good).toMatchObject({
      decimals: 3,
      lowAlarm: 1,
      lowWarn: 2,
      warn: 8,
      alarm: 9,
      deadband: 0.5,
      gauge: 'bar',
      group: 'Boilers',
      edited: true
    })
    const bad = parseReading({
      key: 'p/a',
      value: 1,
      receivedAt: 1,
      decimals: 2.5,
      lowAlarm: 'x',
      lowWarn: NaN,
      deadband: -1,
      gauge: 'pie',
      group: '',
      edited: 'yes'
    })
    expect(bad).toMatchObject({
      decimals: null,
      lowAlarm: null,
      lowWarn: null,
      deadband: 0,
      gauge: 'radial',
      group: null,
      edited: false
    })
    expect(parseReading({ key: 'p/a', value: 1, receivedAt: 1, decimals: 12 })?.decimals).toBeNull()
  })
})

const alarm = {
  id: 'a1',
  key: 'plant/t1',
  source: 'plant',
  label: 'Tank 1',
  condition: 'high-alarm',
  severity: 'alarm',
  state: 'active-unacked',
  threshold: 95,
  value: 97.2,
  lastValue: 98,
  unit: '°C',
  raisedAt: 1000,
  clearedAt: null,
  ackedAt: null,
  ackedBy: null
}

describe('parseEngineMessage: alarms', () => {
  it('accepts an alarms message and drops broken records one by one', () => {
    const msg = parseEngineMessage({
      type: 'alarms',
      alarms: {
        alarms: [
          alarm,
          { ...alarm, id: 'a2', state: 'exploded' },
          { ...alarm, id: 'a3', raisedAt: NaN },
          null
        ],
        shelved: [{ key: 'plant/t2', label: 'Tank 2', until: 5000, by: 'ann', at: 1000 }, { key: 'x' }],
        history: 'nope'
      }
    })
    expect(msg?.type).toBe('alarms')
    if (msg?.type !== 'alarms') return
    expect(msg.alarms.alarms.map((a) => a.id)).toEqual(['a1'])
    expect(msg.alarms.shelved.map((s) => s.key)).toEqual(['plant/t2'])
    expect(msg.alarms.history).toEqual([])
  })

  it('sanitizes values inside alarm records', () => {
    const msg = parseEngineMessage({
      type: 'alarms',
      alarms: { alarms: [{ ...alarm, threshold: 'high', value: NaN, lastValue: Infinity, ackedBy: 7 }] }
    })
    if (msg?.type !== 'alarms') throw new Error('expected alarms')
    expect(msg.alarms.alarms[0]).toMatchObject({
      threshold: null,
      value: null,
      lastValue: null,
      ackedBy: null
    })
  })

  it('refuses an alarms message without a summary', () => {
    expect(parseEngineMessage({ type: 'alarms' })).toBeNull()
    expect(parseEngineMessage({ type: 'alarms', alarms: [] })).toBeNull()
  })

  it('reads hello alarms, operator and snapshot alarms', () => {
    const msg = parseEngineMessage({
      type: 'hello',
      protocol: 1,
      engineTime: 5,
      demo: false,
      snapshot: { tickers: [], readings: [], alarms: [alarm, 5] },
      stats: { sources: [] },
      alarms: { alarms: [alarm], shelved: [], history: [] },
      operator: 'ops'
    })
    if (msg?.type !== 'hello') throw new Error('expected hello')
    expect(msg.snapshot.alarms.map((a) => a.id)).toEqual(['a1'])
    expect(msg.alarms?.alarms).toHaveLength(1)
    expect(msg.operator).toBe('ops')
    const bare = parseEngineMessage({ type: 'hello', protocol: 1, engineTime: 5, operator: '  ' })
    if (bare?.type !== 'hello') throw new Error('expected hello')
    expect(bare.alarms).toBeUndefined()
    expect(bare.operator).toBeUndefined()
  })
})
