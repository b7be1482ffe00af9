import { describe, expect, it } from 'vitest'
import { sensorSettingsEditSchema } from '@shared/sensorSettings'
import { editFromForm, formFromInfo, resetEdit } from '@renderer/gauges/sensorSettingsForm'
import { sensorReading } from '../frame/fixtures'

const info = sensorReading('plant/t1', 50, { min: 0, max: 120, warn: 80, alarm: 95, label: 'Tank 1' })

describe('sensor settings form', () => {
  it('sends only what changed', () => {
    const form = formFromInfo(info)
    expect(editFromForm(form, info)).toEqual({ edit: {} })
    expect(editFromForm({ ...form, alarm: '90', gauge: 'bar', group: 'Tanks' }, info)).toEqual({
      edit: { alarm: 90, gauge: 'bar', group: 'Tanks' }
    })
  })

  it('an emptied field returns to its configured value', () => {
    expect(editFromForm({ ...formFromInfo(info), warn: '' }, info)).toEqual({ edit: { warn: null } })
  })

  it('refuses what the engine would refuse, naming the field', () => {
    const form = formFromInfo(info)
    expect(editFromForm({ ...form, alarm: 'hot' }, info)).toMatchObject({ field: 'alarm' })
    expect(editFromForm({ ...form, alarm: '70' }, info)).toMatchObject({ field: 'alarm' })
    expect(editFromForm({ ...form, min: '200' }, info)).toMatchObject({ field: 'max' })
    expect(editFromForm({ ...form, decimals: '2.5' }, info)).toMatchObject({ field: 'decimals' })
    expect(editFromForm({ ...form, deadband: '-1' }, info)).toMatchObject({ field: 'deadband' })
    expect(editFromForm({ ...form, staleAfterMs: '0' }, info)).toMatchObject({ field: 'staleAfterMs' })
    expect(editFromForm({ ...form, gauge: 'pie' }, info)).toMatchObject({ field: 'gauge' })
    expect(editFromForm({ ...form, lowWarn: '10', lowAlarm: '20' }, info)).toMatchObject({ field: 'lowWarn' })
  })

  it('every edit it produces passes the protocol schema; reset sends nulls for every field', () => {
    const result = editFromForm(
      { ...formFromInfo(info), lowAlarm: '5', lowWarn: '10', deadband: '1.5' },
      info
    )
    if (!('edit' in result)) throw new Error(result.error)
    expect(sensorSettingsEditSchema.safeParse(result.edit).success).toBe(true)
    const reset = resetEdit()
    expect(sensorSettingsEditSchema.safeParse(reset).success).toBe(true)
    expect(Object.values(reset).every((v) => v === null)).toBe(true)
    expect(Object.keys(reset)).toContain('staleAfterMs')
  })
})
