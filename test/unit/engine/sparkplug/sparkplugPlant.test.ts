import { describe, expect, it } from 'vitest'
import { DEATH_REASON, SparkplugPlant } from '../../../../src/main/engine/sparkplug/sparkplugPlant'
import { CollectingSink } from '../../../harness/collectingSink'
import { decode, encode } from '../../../harness/sparkplugEdgeNode'

const T = 1_800_000_000_000

function plant(options: { commands?: boolean; now?: () => number } = {}) {
  const sink = new CollectingSink()
  const sent: { topic: string; payload: Buffer }[] = []
  const p = new SparkplugPlant(
    'plant',
    sink,
    options.commands === false ? null : (topic, payload) => sent.push({ topic, payload }),
    options.now ?? (() => T)
  )
  return { p, sink, sent }
}

const nbirth = (seq = 0, bdSeq = 3) =>
  encode({
    timestamp: T,
    seq,
    metrics: [
      { name: 'bdSeq', type: 'UInt64', value: bdSeq },
      { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
      {
        name: 'Boiler/Temp',
        alias: 1,
        type: 'Float',
        value: 80.5,
        properties: {
          engUnit: { type: 'String', value: '°C' },
          engLow: { type: 'Double', value: 0 },
          engHigh: { type: 'Double', value: 150 }
        }
      },
      { name: 'Running', alias: 2, type: 'Boolean', value: true }
    ]
  })

const values = (sink: CollectingSink) => sink.readings.map((r) => [r.sensorId, r.value])

describe('Sparkplug B edge nodes', () => {
  it('makes sensors of a birth, with unit, range and group, and updates them by alias', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/Plant1/NBIRTH/Edge1', nbirth(), false, T)
    expect(sink.descriptions.get('Plant1/Edge1/Boiler/Temp')).toEqual({
      label: 'Boiler/Temp',
      group: 'Plant1/Edge1',
      unit: '°C',
      min: 0,
      max: 150,
      decimals: null
    })
    expect(values(sink)).toEqual([
      ['Plant1/Edge1/Boiler/Temp', 80.5],
      ['Plant1/Edge1/Running', true]
    ])
    p.receive(
      'spBv1.0/Plant1/NDATA/Edge1',
      encode({ timestamp: T + 1, seq: 1, metrics: [{ alias: 1, type: 'Float', value: 81 }] }),
      false,
      T + 2
    )
    expect(sink.readings.at(-1)).toMatchObject({
      sensorId: 'Plant1/Edge1/Boiler/Temp',
      value: 81,
      time: T + 1,
      receivedAt: T + 2
    })
    expect(sink.malformedReasons).toEqual([])
    expect(sink.gaps).toEqual([])
  })

  it('counts a seq jump as a gap, wrapping at 255', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(0), false, T)
    const data = (seq: number) => encode({ seq, metrics: [{ alias: 1, type: 'Float', value: seq }] })
    for (let seq = 1; seq <= 255; seq++) p.receive('spBv1.0/G/NDATA/N', data(seq), false, T)
    p.receive('spBv1.0/G/NDATA/N', data(0), false, T)
    expect(sink.gaps).toEqual([])
    p.receive('spBv1.0/G/NDATA/N', data(3), false, T)
    expect(sink.gaps).toEqual([{ symbol: 'G/N', detail: 'NDATA seq 3, expected 1' }])
  })

  it('a death certificate with the birth’s bdSeq makes node and device sensors stale; another is ignored', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(0, 7), false, T)
    p.receive(
      'spBv1.0/G/DBIRTH/N/Pump',
      encode({ seq: 1, metrics: [{ name: 'Pressure', alias: 10, type: 'Double', value: 4.2 }] }),
      false,
      T
    )
    const death = (bdSeq: number) => encode({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }] })
    p.receive('spBv1.0/G/NDEATH/N', death(6), false, T)
    expect(sink.offlines).toEqual([])
    p.receive('spBv1.0/G/NDEATH/N', death(7), false, T)
    expect(sink.offlines).toEqual([
      { sensorIds: ['G/N/Boiler/Temp', 'G/N/Running', 'G/N/Pump/Pressure'], reason: DEATH_REASON }
    ])
  })

  it('a device death makes only the device’s sensors stale; its data before a new DBIRTH waits for birth', () => {
    const { p, sink } = plant({ commands: false })
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(0), false, T)
    p.receive(
      'spBv1.0/G/DBIRTH/N/Pump',
      encode({ seq: 1, metrics: [{ name: 'Pressure', alias: 10, type: 'Double', value: 4.2 }] }),
      false,
      T
    )
    p.receive(
      'spBv1.0/G/DDATA/N/Pump',
      encode({ seq: 2, metrics: [{ alias: 10, type: 'Double', value: 4.5 }] }),
      false,
      T
    )
    expect(sink.readings.at(-1)).toMatchObject({ sensorId: 'G/N/Pump/Pressure', value: 4.5 })
    p.receive('spBv1.0/G/DDEATH/N/Pump', encode({ seq: 3, metrics: [] }), false, T)
    expect(sink.offlines).toEqual([{ sensorIds: ['G/N/Pump/Pressure'], reason: DEATH_REASON }])
    p.receive(
      'spBv1.0/G/DDATA/N/Pump',
      encode({ seq: 4, metrics: [{ alias: 10, type: 'Double', value: 1 }] }),
      false,
      T
    )
    expect(sink.malformedReasons.at(-1)).toMatch(/awaiting birth: DDATA before the device's DBIRTH$/)
    // A device's alias is not the node's: NDATA by alias 10 finds nothing.
    p.receive(
      'spBv1.0/G/NDATA/N',
      encode({ seq: 5, metrics: [{ alias: 10, type: 'Double', value: 1 }] }),
      false,
      T
    )
    expect(sink.malformedReasons.at(-1)).toMatch(/awaiting birth: 1 metric\(s\) the birth did not define/)
  })

  it('asks a node whose data comes before its birth to rebirth, at most every 10 s, only where commands are allowed', () => {
    let now = T
    const { p, sink, sent } = plant({ now: () => now })
    const data = encode({ seq: 5, metrics: [{ alias: 1, type: 'Float', value: 1 }] })
    p.receive('spBv1.0/G/NDATA/N', data, false, T)
    p.receive('spBv1.0/G/NDATA/N', data, false, T)
    expect(sent).toHaveLength(1)
    expect(sent[0].topic).toBe('spBv1.0/G/NCMD/N')
    expect(decode(sent[0].payload).metrics).toEqual([
      expect.objectContaining({ name: 'Node Control/Rebirth', type: 'Boolean', value: true })
    ])
    expect(sink.malformedReasons).toEqual([
      "spBv1.0/G/NDATA/N: awaiting birth: NDATA before the node's NBIRTH (Rebirth requested)",
      "spBv1.0/G/NDATA/N: awaiting birth: NDATA before the node's NBIRTH"
    ])
    now += 10_000
    p.receive('spBv1.0/G/NDATA/N', data, false, T)
    expect(sent).toHaveLength(2)
    const quiet = plant({ commands: false })
    quiet.p.receive('spBv1.0/G/NDATA/N', data, false, T)
    expect(quiet.sent).toEqual([])
    expect(quiet.sink.malformedReasons).toEqual([
      "spBv1.0/G/NDATA/N: awaiting birth: NDATA before the node's NBIRTH"
    ])
  })

  it('takes STATE and commands as no data, and counts garbage and bad topics as malformed', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/STATE/scada', Buffer.from('{"online":true}'), true, T)
    p.receive('spBv1.0/G/NCMD/N', encode({ metrics: [] }), false, T)
    expect(sink.malformedReasons).toEqual([])
    p.receive('spBv1.0/G/NBIRTH/N', Buffer.from([0x0a, 0xff, 0xff]), false, T)
    p.receive('spBv1.0/G/XDATA/N', nbirth(), false, T)
    expect(sink.malformedReasons).toHaveLength(2)
    expect(sink.malformedReasons[0]).toMatch(/not a Sparkplug B payload/)
    expect(sink.malformedReasons[1]).toMatch(/XDATA is not a node message type/)
    expect(sink.readings).toEqual([])
  })
})
