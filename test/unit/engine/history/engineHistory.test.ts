import { describe, expect, it } from 'vitest'
import type { Reading, SensorReading } from '@shared/model'
import { EngineHistory } from '../../../../src/main/engine/history/engineHistory'

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0)

function reading(value: number, receivedAt: number): SensorReading {
  return { key: 'plant/t', value, receivedAt } as unknown as SensorReading & Reading
}

describe('engine history in a replay', () => {
  it('stamps values with the recorded time, and starts over when a looped replay does', () => {
    let recorded: number | null = T0
    let pass = 1
    const history = new EngineHistory(
      { recordedTime: () => recorded, recordedPass: () => pass },
      () => undefined,
      () => T0 + 999_999
    )
    history.reading(reading(1, T0 + 500_000))
    recorded = T0 + 1_000
    history.reading(reading(2, T0 + 500_001))
    const first = history.answer({ key: 'plant/t', resolution: 'raw' })
    expect(first).toMatchObject({ ok: true, series: { to: T0 + 1_000 } })
    expect(first.ok && first.series.points).toEqual([
      [T0, 1],
      [T0 + 1_000, 2]
    ])
    // One event out of order in a pass (a crafted line) is taken as the time before: nothing lost.
    recorded = T0 + 10
    history.reading(reading(9, T0 + 500_002))
    const same = history.answer({ key: 'plant/t', resolution: 'raw', from: T0, to: T0 + 10_000 })
    expect(same.ok && same.series.points).toEqual([
      [T0, 1],
      [T0 + 1_000, 2],
      [T0 + 1_000, 9]
    ])
    // The loop: the next pass, recorded time back at the start.
    recorded = T0
    pass = 2
    history.reading(reading(3, T0 + 500_003))
    const again = history.answer({ key: 'plant/t', resolution: 'raw' })
    expect(again.ok && again.series.points).toEqual([[T0, 3]])
  })

  it('uses receive times outside a replay', () => {
    const history = new EngineHistory(
      {},
      () => undefined,
      () => T0 + 60_000
    )
    history.reading(reading(5, T0 + 10))
    const answer = history.answer({ key: 'plant/t', resolution: 'raw' })
    expect(answer.ok && answer.series.points).toEqual([[T0 + 10, 5]])
  })
})
