import { describe, expect, it } from 'vitest'
import type { SensorReading } from '@shared/model'
import { cardLabel, cardTooltip, stateTag } from '@renderer/gauges/gaugeCardText'
import { sensorReading } from '../frame/fixtures'

describe('gauge card text', () => {
  it('shortens a discovered label under its group heading, and keeps configured labels', () => {
    const discovered = {
      label: 'plant/boiler/temp#value',
      topic: 'plant/boiler/temp',
      group: null,
      source: 'plant'
    }
    expect(cardLabel(discovered)).toBe('temp#value')
    expect(cardLabel({ ...discovered, label: 'Boiler 1' })).toBe('Boiler 1')
  })

  it('tags every non-normal state', () => {
    expect([stateTag('normal'), stateTag('warn'), stateTag('alarm'), stateTag('stale')]).toEqual([
      '',
      'WARN',
      'ALARM',
      'STALE'
    ])
    // Offline by the source's word (a Sparkplug death certificate): gone, not merely quiet.
    expect(stateTag('stale', 'offline (death certificate)')).toBe('OFFLINE')
    expect(stateTag('normal', 'offline (death certificate)')).toBe('')
    const dead: SensorReading = {
      ...sensorReading('plant/b1', 1),
      state: 'stale',
      staleReason: 'offline (death certificate)'
    }
    expect(cardTooltip(dead)).toContain('stale: offline (death certificate)')
  })

  it('lists limits, deadband and provenance in the tooltip, never NaN', () => {
    const r: SensorReading = {
      ...sensorReading('plant/b1', 71.5),
      lowAlarm: 5,
      warn: 80,
      alarm: 95,
      deadband: 2,
      edited: true,
      retained: true
    }
    const text = cardTooltip(r)
    expect(text).toContain('low alarm below 5')
    expect(text).toContain('warn above 80')
    expect(text).toContain('deadband 2')
    expect(text).toContain('edited from the UI')
    expect(text).toContain('retained by the broker')
    expect(text).not.toMatch(/NaN|undefined|null/)
  })
})

describe('cardLabel and bidi characters', () => {
  it('writes a bidi override out instead of letting it reorder the label', () => {
    expect(cardLabel({ label: 'Boiler \u202e1 2', topic: 'plant/b', group: 'Plant', source: 'p' })).toBe(
      'Boiler <U+202E>1 2'
    )
  })
})
