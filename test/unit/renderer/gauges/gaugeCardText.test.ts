import { describe, expect, it } from 'vitest'
import type { SensorReading } from '@shared/model'
import fc from 'fast-check'
import { cardLabel, cardTooltip, commonLabelPrefix, stateTag } from '@renderer/gauges/gaugeCardText'
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

  it('shows the words that differ from the rest of its group, in full', () => {
    const group = (...labels: string[]) =>
      labels.map((label) => ({ label, topic: 't', group: 'plant/air/c301', source: 'plant' }))
    const c301 = group('Compressor C-301 pressure', 'Compressor C-301 power', 'Compressor C-301 vibration')
    const prefix = commonLabelPrefix(c301)
    expect(prefix).toBe('Compressor C-301 ')
    expect(c301.map((r) => cardLabel(r, prefix))).toEqual(['Pressure', 'Power', 'Vibration'])
    // Word boundaries: "Boiler 1" and "Boiler 12" share "Boiler ", not "Boiler 1".
    expect(commonLabelPrefix(group('Boiler 1 flow', 'Boiler 12 flow'))).toBe('Boiler ')
    // Units and symbols keep their case; identical or lone labels are shown whole.
    expect(cardLabel(group('Tank pH')[0], 'Tank ')).toBe('pH')
    expect(commonLabelPrefix(group('Flow', 'Flow'))).toBe('')
    expect(commonLabelPrefix(group('Tank T-201 level'))).toBe('')
    expect(commonLabelPrefix(group('Mains voltage L-L', 'Plant power draw'))).toBe('')
    // A label the prefix no longer fits (edited since) is shown whole.
    expect(cardLabel(group('Pump P-101 power')[0], 'Compressor C-301 ')).toBe('Pump P-101 power')
  })

  it('never leaves a card without a label', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 8 }),
        (labels) => {
          const readings = labels.map((label) => ({ label, topic: 't', group: 'g', source: 's' }))
          const prefix = commonLabelPrefix(readings)
          return readings.every((r) => cardLabel(r, prefix).trim() !== '' || r.label.trim() === '')
        }
      )
    )
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
