import { describe, expect, it } from 'vitest'
import { get as sparkplugNamespace } from 'sparkplug-payload'
import {
  DataType,
  decodeSparkplugPayload,
  kindOf,
  metricValue,
  type SparkplugPayload
} from '../../../../src/main/engine/sparkplug/sparkplugPayload'
import { temperatureMetric } from '../../../harness/sparkplugEdgeNode'
import { parseSparkplugTopic } from '../../../../src/shared/sparkplugTopic'

const codec = sparkplugNamespace('spBv1.0')!

function decoded(payload: Parameters<typeof codec.encodePayload>[0]): SparkplugPayload {
  const result = decodeSparkplugPayload(codec.encodePayload(payload))
  if (typeof result === 'string') throw new Error(result)
  return result
}

describe('Sparkplug B payloads', () => {
  it('reads every scalar datatype exactly, signed ones from their two’s complement', () => {
    const p = decoded({
      timestamp: 1_700_000_000_000,
      seq: 7,
      metrics: [
        { name: 'i8', alias: 1, type: 'Int8', value: -5 },
        { name: 'i16', alias: 2, type: 'Int16', value: -30_000 },
        { name: 'i32', alias: 3, type: 'Int32', value: -2_000_000_000 },
        { name: 'u32', alias: 4, type: 'UInt32', value: 4_000_000_000 },
        { name: 'f', alias: 5, type: 'Float', value: 21.5 },
        { name: 'd', alias: 6, type: 'Double', value: -0.125 },
        { name: 'b', alias: 7, type: 'Boolean', value: true },
        { name: 's', alias: 8, type: 'String', value: 'RUNNING' },
        { name: 'when', alias: 9, type: 'DateTime', value: 1_700_000_000_123 },
        { name: 'nan', alias: 10, type: 'Double', value: NaN }
      ]
    })
    expect(p.seq).toBe(7)
    expect(p.timestamp).toBe(1_700_000_000_000)
    expect(p.metrics.map((m) => [m.name, metricValue(m, m.datatype)])).toEqual([
      ['i8', -5],
      ['i16', -30_000],
      ['i32', -2_000_000_000],
      ['u32', 4_000_000_000],
      ['f', 21.5],
      ['d', -0.125],
      ['b', true],
      ['s', 'RUNNING'],
      ['when', '2023-11-14T22:13:20.123Z'],
      ['nan', null]
    ])
  })

  it('gives 64-bit integers beyond 2^53 as their exact decimal text', async () => {
    const { default: Long } = await import('long')
    const p = decoded({
      metrics: [
        { name: 'max', type: 'UInt64', value: Long.fromString('18446744073709551615', true) },
        { name: 'neg', type: 'Int64', value: Long.fromString('-9007199254740993', false) },
        { name: 'small', type: 'Int64', value: Long.fromNumber(-42) }
      ]
    })
    expect(p.metrics.map((m) => metricValue(m, m.datatype))).toEqual([
      '18446744073709551615',
      '-9007199254740993',
      -42
    ])
    for (const m of p.metrics) expect(kindOf(m.datatype)).toBe('number')
  })

  it('takes unit and range from the properties, and reads a DATA metric by its birth’s datatype', () => {
    const birth = decoded({
      metrics: [temperatureMetric('Boiler/Temp', 11, 80, 'Int32')]
    }).metrics[0]
    expect(birth).toMatchObject({
      name: 'Boiler/Temp',
      alias: 11,
      datatype: DataType.Float,
      unit: '°C',
      low: 0,
      high: 150
    })
    // A DATA message may carry only the alias and the value.
    const data = decoded({ metrics: [{ alias: 11, type: 'Float', value: 81.25 }] }).metrics[0]
    expect(data.name).toBeNull()
    expect(metricValue(data, birth.datatype)).toBe(81.25)
  })

  it('shows datasets and templates as text, skips arrays with a reason, and refuses garbage', () => {
    const p = decoded({
      metrics: [
        {
          name: 'table',
          type: 'DataSet',
          value: { numOfColumns: 2, columns: ['a', 'b'], types: ['Int32', 'String'], rows: [[1, 'x']] }
        },
        { name: 'udt', type: 'Template', value: { templateRef: 'Motor', isDefinition: false, metrics: [] } }
      ]
    })
    expect(p.metrics.map((m) => metricValue(m, m.datatype))).toEqual([
      'dataset: 1 rows × 2 columns',
      'template of Motor: 0 metrics'
    ])
    expect(metricValue(p.metrics[0], DataType.Int8Array)).toEqual(['is of a datatype not shown (22)'])
    expect(typeof decodeSparkplugPayload(Buffer.from('{"value": 1}'))).toBe('string')
  })
})

describe('Sparkplug B topics', () => {
  it('parses node, device and host topics and says what is wrong with others', () => {
    expect(parseSparkplugTopic('spBv1.0/Plant1/NDATA/Edge1')).toEqual({
      kind: 'node',
      type: 'NDATA',
      group: 'Plant1',
      node: 'Edge1',
      device: null
    })
    expect(parseSparkplugTopic('spBv1.0/Plant1/DBIRTH/Edge1/Pump 3')).toMatchObject({
      kind: 'device',
      device: 'Pump 3'
    })
    expect(parseSparkplugTopic('spBv1.0/STATE/scada-1')).toEqual({ kind: 'state', host: 'scada-1' })
    expect(parseSparkplugTopic('spBv1.0/Plant1/DDATA/Edge1')).toMatch(/not a node message type/)
    expect(parseSparkplugTopic('spBv1.0/Plant1/NDATA/Edge1/Dev')).toMatch(/not a device message type/)
    expect(parseSparkplugTopic('spBv1.0/Plant1/NDATA')).toMatch(/not spBv1.0/)
    expect(parseSparkplugTopic('spBv1.0//NDATA/Edge1')).toMatch(/not spBv1.0/)
  })
})
