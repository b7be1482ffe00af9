import { describe, expect, it } from 'vitest'
import { SparkplugPlant } from '../../../../src/main/engine/sparkplug/sparkplugPlant'
import { DEATH_REASON, MAX_SPARKPLUG_DEFINITIONS } from '../../../../src/main/engine/sparkplug/sparkplugNodes'
import { CollectingSink } from '../../../harness/collectingSink'
import { decode, encode, temperatureMetric } from '../../../harness/sparkplugEdgeNode'

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
      temperatureMetric('Boiler/Temp', 1, 80.5),
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
      decimals: null,
      staleAfterMs: 86_400_000
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

  it('reads a DATA metric of another numeric datatype as its own, and refuses one of another kind', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/Plant1/NBIRTH/Edge1', nbirth(), false, T)
    p.receive(
      'spBv1.0/Plant1/NDATA/Edge1',
      encode({
        timestamp: T + 1,
        seq: 1,
        metrics: [
          { alias: 1, type: 'Double', value: 82.125 },
          { alias: 2, type: 'Double', value: 1 }
        ]
      }),
      false,
      T + 2
    )
    expect(values(sink).slice(-1)).toEqual([['Plant1/Edge1/Boiler/Temp', 82.125]])
    expect(sink.malformedReasons).toEqual([
      expect.stringMatching(
        /Running.*datatype 10 is not of the kind its birth gave \(boolean\)|datatype 10 is not of the kind its birth gave \(boolean\)/
      )
    ])
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

describe('Sparkplug B edge nodes that misbehave', () => {
  const birth = (metrics: Parameters<typeof encode>[0]['metrics']) => encode({ seq: 0, metrics })

  it('skips a name given twice in a birth and does not count it twice; rebirths give the count back', () => {
    const { p, sink } = plant()
    const many = Array.from({ length: 30_000 }, () => ({ name: 'Same', type: 'Float' as const, value: 1 }))
    for (let i = 0; i < 3; i++) p.receive('spBv1.0/G/NBIRTH/Bad', birth(many), false, T)
    p.receive('spBv1.0/G/NBIRTH/Good', nbirth(), false, T)
    expect(sink.readings.filter((r) => r.sensorId.startsWith('G/Good/'))).toHaveLength(2)
    expect(sink.malformedReasons.some((m) => /naming a sensor already defined/.test(m))).toBe(true)
  })

  it('an alias given to two metrics maps to neither: both update by name only, and it says so', () => {
    const { p, sink } = plant()
    p.receive(
      'spBv1.0/G/NBIRTH/N',
      birth([
        { name: 'Temp', alias: 1, type: 'Float', value: 20 },
        { name: 'Pressure', alias: 1, type: 'Float', value: 2 }
      ]),
      false,
      T
    )
    expect(sink.malformedReasons.at(-1)).toMatch(/alias\(es\) 1 given to more than one metric/)
    p.receive(
      'spBv1.0/G/NDATA/N',
      encode({ seq: 1, metrics: [{ alias: 1, type: 'Float', value: 99 }] }),
      false,
      T
    )
    expect(sink.readings.some((r) => r.value === 99)).toBe(false)
    p.receive(
      'spBv1.0/G/NDATA/N',
      encode({ seq: 2, metrics: [{ name: 'Pressure', type: 'Float', value: 3 }] }),
      false,
      T
    )
    expect(sink.readings.at(-1)).toMatchObject({ sensorId: 'G/N/Pressure', value: 3 })
  })

  it('a node metric and a device metric that would be the same sensor: the first stays', () => {
    const { p, sink } = plant()
    p.receive(
      'spBv1.0/G/NBIRTH/N',
      birth([{ name: 'Boiler/Temp', alias: 1, type: 'Float', value: 20 }]),
      false,
      T
    )
    p.receive(
      'spBv1.0/G/DBIRTH/N/Boiler',
      encode({ seq: 1, metrics: [{ name: 'Temp', alias: 2, type: 'Float', value: 99 }] }),
      false,
      T
    )
    expect(sink.readings.filter((r) => r.sensorId === 'G/N/Boiler/Temp').map((r) => r.value)).toEqual([20])
  })

  it('takes no historical value as the current one, and a null value as no value', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(), false, T)
    p.receive(
      'spBv1.0/G/NDATA/N',
      encode({
        seq: 1,
        metrics: [{ alias: 1, type: 'Float', value: -999, isHistorical: true, timestamp: T - 600_000 }]
      }),
      false,
      T
    )
    expect(sink.readings.some((r) => r.value === -999)).toBe(false)
    p.receive(
      'spBv1.0/G/NDATA/N',
      encode({ seq: 2, metrics: [{ alias: 1, type: 'Float', value: null, isNull: true }] }),
      false,
      T
    )
    expect(sink.offlines.at(-1)).toEqual({
      sensorIds: ['G/N/Boiler/Temp'],
      reason: 'no value (the node reported null)'
    })
  })

  it('a rebirth without a metric says that sensor is no longer in the birth', () => {
    const { p, sink } = plant()
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(), false, T)
    p.receive(
      'spBv1.0/G/NBIRTH/N',
      birth([{ name: 'Running', alias: 2, type: 'Boolean', value: true }]),
      false,
      T
    )
    expect(sink.offlines.at(-1)).toEqual({
      sensorIds: ['G/N/Boiler/Temp'],
      reason: 'offline (not in the latest birth)'
    })
  })

  it('a dead node makes room for a new one when 1,000 are followed', () => {
    const { p, sink } = plant()
    const death = encode({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 3 }] })
    for (let i = 0; i < 1_000; i++) {
      p.receive(`spBv1.0/G/NBIRTH/N${i}`, nbirth(), false, T)
      p.receive(`spBv1.0/G/NDEATH/N${i}`, death, false, T)
    }
    p.receive('spBv1.0/Real/NBIRTH/Edge1', nbirth(), false, T)
    expect(sink.readings.at(-1)).toMatchObject({ sensorId: 'Real/Edge1/Running' })
  })
})

describe('Sparkplug B when the broker connection drops', () => {
  it('makes every node unborn and its sensors offline; its data then waits for (or asks for) a birth', () => {
    const { p, sink, sent } = plant()
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(), false, T)
    p.connectionLost()
    expect(sink.offlines.at(-1)).toEqual({
      sensorIds: ['G/N/Boiler/Temp', 'G/N/Running'],
      reason: 'offline (connection to the broker lost)'
    })
    p.receive(
      'spBv1.0/G/NDATA/N',
      encode({ seq: 9, metrics: [{ alias: 1, type: 'Float', value: 5 }] }),
      false,
      T
    )
    expect(sink.readings.some((r) => r.value === 5)).toBe(false)
    expect(sent).toHaveLength(1)
    p.receive('spBv1.0/G/NBIRTH/N', nbirth(), false, T)
    expect(sink.readings.at(-1)).toMatchObject({ sensorId: 'G/N/Running' })
  })

  it('follows at most MAX_SPARKPLUG_DEFINITIONS metrics across nodes, and a rebirth gives the room back', () => {
    const { p, sink } = plant()
    const birth = (count: number, name: string) =>
      encode({
        timestamp: T,
        seq: 0,
        metrics: Array.from({ length: count }, (_, i) => ({
          name: `${name}${i}`,
          type: 'Float' as const,
          value: i
        }))
      })
    // Three nodes of 8,000 (a payload carries at most 10,000): C gets the last 4,000 places.
    p.receive('spBv1.0/G/NBIRTH/A', birth(8_000, 'a'), false, T)
    p.receive('spBv1.0/G/NBIRTH/B', birth(8_000, 'b'), false, T)
    p.receive('spBv1.0/G/NBIRTH/C', birth(8_000, 'c'), false, T)
    expect(sink.descriptions.size).toBe(MAX_SPARKPLUG_DEFINITIONS)
    expect(sink.descriptions.has('G/C/c3999')).toBe(true)
    expect(sink.descriptions.has('G/C/c4000')).toBe(false)
    expect(sink.malformedReasons).toContain(
      `spBv1.0/G/NBIRTH/C: more than ${MAX_SPARKPLUG_DEFINITIONS} Sparkplug metrics: the rest are not followed`
    )
    // A's rebirth with one metric frees what its first life defined: C's next birth fits whole.
    p.receive('spBv1.0/G/NBIRTH/A', birth(1, 'a'), false, T)
    const refused = sink.malformedReasons.length
    p.receive('spBv1.0/G/NBIRTH/C', birth(8_000, 'c'), false, T)
    expect(sink.malformedReasons.slice(refused).filter((r) => r.includes('not followed'))).toEqual([])
    expect(sink.readings.at(-1)).toMatchObject({ sensorId: 'G/C/c7999', value: 7999 })
  })
})
