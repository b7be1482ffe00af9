import { describe, expect, it } from 'vitest'
import Long from 'long'
import { SparkplugPlant } from '../../../../src/main/engine/sparkplug/sparkplugPlant'
import { inspectSparkplug } from '../../../../src/main/engine/sparkplug/sparkplugInspector'
import { CollectingSink } from '../../../harness/collectingSink'
import { encode, temperatureMetric } from '../../../harness/sparkplugEdgeNode'

const T = 1_800_000_000_000

describe('the Sparkplug inspector', () => {
  const plant = new SparkplugPlant('plant', new CollectingSink(), null, () => T)
  plant.receive(
    'spBv1.0/G/NBIRTH/N',
    encode({
      timestamp: T,
      seq: 0,
      metrics: [
        { name: 'bdSeq', type: 'UInt64', value: 1 },
        temperatureMetric('Boiler/Temp', 1, 80.5),
        { name: 'Count', alias: 2, type: 'UInt64', value: Long.fromString('1152921504606846976', true) }
      ]
    }),
    false,
    T
  )

  it('shows a birth’s metrics with datatype, exact value, unit and the sensor each one is', () => {
    const view = inspectSparkplug(
      'spBv1.0/G/NBIRTH/N',
      encode({
        timestamp: T,
        seq: 0,
        metrics: [
          temperatureMetric('Boiler/Temp', 1, 80.5),
          { name: 'Count', alias: 2, type: 'UInt64', value: Long.fromString('1152921504606846976', true) }
        ]
      }),
      false,
      plant
    )
    expect(view).toMatchObject({
      timestamp: T,
      seq: 0,
      more: 0,
      metrics: [
        {
          name: 'Boiler/Temp',
          alias: 1,
          datatype: 'Float',
          value: '80.5',
          unit: '°C',
          sensorId: 'G/N/Boiler/Temp'
        },
        { name: 'Count', datatype: 'UInt64', value: '1152921504606846976', sensorId: 'G/N/Count' }
      ]
    })
  })

  it('names a metric sent by alias only from the birth, and infers a datatype nobody gave', () => {
    const data = encode({
      timestamp: T + 1,
      seq: 1,
      metrics: [
        { alias: 1, type: 'Float', value: 81 },
        { alias: 9, type: 'Boolean', value: true, isHistorical: true }
      ]
    })
    expect(inspectSparkplug('spBv1.0/G/NDATA/N', data, false, plant)).toMatchObject({
      seq: 1,
      metrics: [
        { name: 'Boiler/Temp', alias: 1, value: '81', sensorId: 'G/N/Boiler/Temp', historical: false },
        { name: null, alias: 9, value: 'true', sensorId: null, historical: true }
      ]
    })
  })

  it('says why it shows no decoded message: a STATE, a cut payload, bytes that are not Sparkplug', () => {
    expect(inspectSparkplug('spBv1.0/STATE/host', Buffer.from('{"online":true}'), false, plant)).toMatch(
      /STATE/
    )
    expect(inspectSparkplug('spBv1.0/G/NDATA/N', Buffer.from([8]), true, plant)).toMatch(/cut/)
    expect(inspectSparkplug('spBv1.0/G/NDATA/N', Buffer.from([0xff, 0xff, 0xff]), false, plant)).toMatch(
      /not a Sparkplug B payload/
    )
    expect(inspectSparkplug('spBv1.0/G', Buffer.from([8]), false, null)).toMatch(/not a Sparkplug B topic/)
  })
})
