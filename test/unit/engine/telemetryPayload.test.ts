import { describe, expect, it } from 'vitest'
import type { SensorConfig } from '@shared/config'
import { TelemetryPayloadDecoder } from '../../../src/main/engine/telemetryPayload'
import { CollectingSink } from '../../harness/collectingSink'

const boiler: SensorConfig = {
  topic: 'plant/boiler1/temp',
  id: 'boiler1-temp',
  unit: '°C',
  valuePath: 'value',
  timePath: 'meta.at',
  timeUnit: 's'
}

function decoder(sensors: SensorConfig[] = []): { d: TelemetryPayloadDecoder; sink: CollectingSink } {
  const sink = new CollectingSink()
  return { d: new TelemetryPayloadDecoder('plant', sensors, sink), sink }
}

const T = 1_700_000_000_000

describe('telemetry payload decoding', () => {
  it('takes a plain number as its own value with the topic as sensor id', () => {
    const { d, sink } = decoder()
    d.decode('room/1/temp', Buffer.from('21.5'), false, 9)
    expect(sink.readings).toEqual([
      {
        source: 'plant',
        sensorId: 'room/1/temp',
        topic: 'room/1/temp',
        value: 21.5,
        time: null,
        receivedAt: 9,
        retained: false
      }
    ])
  })
  it('discovers every numeric and boolean leaf of nested JSON and arrays as topic#path, never string leaves', () => {
    const { d, sink } = decoder()
    d.decode(
      'line/3',
      JSON.stringify({ a: 1, b: { c: 2, label: 'x', ok: true }, arr: [3, { d: 4 }] }),
      true,
      1
    )
    expect(sink.readings.map((r) => [r.sensorId, r.value, r.retained])).toEqual([
      ['line/3#a', 1, true],
      ['line/3#b.c', 2, true],
      ['line/3#b.ok', true, true],
      ['line/3#arr.0', 3, true],
      ['line/3#arr.1.d', 4, true]
    ])
  })
  it('uses top-level ts/time/timestamp as event time, never as a sensor', () => {
    const { d, sink } = decoder()
    d.decode('a', JSON.stringify({ ts: T / 1000, v: 1 }), false, 1)
    d.decode('b', JSON.stringify({ timestamp: '2023-11-14T22:13:20.000500Z', v: 2 }), false, 1)
    d.decode('c', JSON.stringify({ time: T * 1000, nested: { ts: 5 } }), false, 1)
    expect(sink.readings.map((r) => [r.sensorId, r.time])).toEqual([
      ['a#v', T],
      ['b#v', T + 0.5],
      ['c#nested.ts', T]
    ])
  })
  it('refines a configured topic: valuePath, timePath in its unit, other leaves still discovered', () => {
    const { d, sink } = decoder([boiler])
    d.decode(boiler.topic, JSON.stringify({ value: '88.5', meta: { at: T / 1000 }, battery: 97 }), false, 1)
    expect(sink.readings.map((r) => [r.sensorId, r.value, r.time])).toEqual([
      ['boiler1-temp', 88.5, T],
      ['plant/boiler1/temp#battery', 97, T]
    ])
  })
  it('takes a plain number payload for a configured sensor without valuePath', () => {
    const { d, sink } = decoder([{ topic: 't', id: 'tid', unit: '', timeUnit: 'ms' }])
    d.decode('t', '3.25', false, 1)
    expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual([['tid', 3.25]])
  })
  it('refuses empty, non-numeric, out-of-range and leafless payloads', () => {
    const { d, sink } = decoder([boiler])
    const bad: [string, string][] = [
      ['x', ''],
      ['x', '   '],
      ['x', 'x'.repeat(257)],
      ['x', 'bad\u0001text'],
      ['x', '[]'],
      ['x', '{broken'],
      ['x', '1e400'],
      ['x', '1e300'],
      ['x', '{"label":"none"}'],
      ['x', '{"a":1,"b":1e300}'],
      [boiler.topic, '{"meta":{"at":1}}'],
      [boiler.topic, '{"value":null}'],
      [boiler.topic, '{"value":{"deep":1}}'],
      [boiler.topic, '{"value":1,"meta":{"at":"noon"}}']
    ]
    for (const [topic, text] of bad) d.decode(topic, Buffer.from(text), false, 1)
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons).toHaveLength(bad.length)
  })
})

describe('hostile and awkward payloads', () => {
  it('refuses a payload nested thousands deep without overflowing the stack', () => {
    const { d, sink } = decoder()
    const deep = '['.repeat(9_000) + '1' + ']'.repeat(9_000)
    expect(() => d.decode('plant/x', Buffer.from(deep), false, 9)).not.toThrow()
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons).toEqual(['plant/x: nested deeper than 32 levels'])
  })

  it('accepts nesting up to the limit', () => {
    const { d, sink } = decoder()
    const ok = '{"a":'.repeat(31) + '5' + '}'.repeat(31)
    d.decode('plant/ok', Buffer.from(ok), false, 9)
    expect(sink.readings).toHaveLength(1)
    expect(sink.readings[0].value).toBe(5)
  })

  it('refuses one message that would define more than 1000 sensors', () => {
    const { d, sink } = decoder()
    d.decode('plant/wide', Buffer.from(JSON.stringify(Array.from({ length: 1_001 }, (_, i) => i))), false, 9)
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons).toEqual(['plant/wide: more than 1000 values in one message'])
  })

  it('counts a configured value against the 1000 readings of one message (found by a property test)', () => {
    const body = (leaves: number) => ({
      value: 1,
      meta: { at: T / 1000 },
      ...Object.fromEntries(Array.from({ length: leaves }, (_, i) => [`k${i}`, i]))
    })
    const { d, sink } = decoder([boiler])
    d.decode(boiler.topic, Buffer.from(JSON.stringify(body(1_000))), false, 9)
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons).toEqual([`${boiler.topic}: more than 1000 values in one message`])
    d.decode(boiler.topic, Buffer.from(JSON.stringify(body(999))), false, 9)
    expect(sink.readings).toHaveLength(1_000)
    expect(sink.readings[0].sensorId).toBe('boiler1-temp')
  })

  it('reads a JSON object\'s "value" for a configured sensor without valuePath, not a duplicate discovery', () => {
    const { d, sink } = decoder([{ topic: 'fz/nopath', id: 'fz', unit: 'bar', timeUnit: 'ms' }])
    d.decode('fz/nopath', Buffer.from('{"value":5,"other":2}'), false, 9)
    expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual([
      ['fz', 5],
      ['fz/nopath#other', 2]
    ])
  })

  it('says why a configured sensor without valuePath found nothing', () => {
    const { d, sink } = decoder([{ topic: 'fz/nopath', id: 'fz', unit: 'bar', timeUnit: 'ms' }])
    d.decode('fz/nopath', Buffer.from('{"pressure":5}'), false, 9)
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons[0]).toMatch(/no valuePath configured and no top-level "value"/)
  })
})

describe('on/off and text payloads', () => {
  it('takes true/false payloads as on/off sensors and bare text as a text state', () => {
    const { d, sink } = decoder()
    d.decode('pump/1/on', Buffer.from('true'), false, 1)
    d.decode('pump/1/on', Buffer.from('false'), false, 2)
    d.decode('pump/1/mode', Buffer.from('RUNNING'), false, 3)
    d.decode('pump/1/mode', Buffer.from('"STOPPED"'), true, 4)
    d.decode('pump/1/mode', Buffer.from('x'.repeat(256)), false, 5)
    expect(sink.readings.map((r) => [r.sensorId, r.value, r.retained])).toEqual([
      ['pump/1/on', true, false],
      ['pump/1/on', false, false],
      ['pump/1/mode', 'RUNNING', false],
      ['pump/1/mode', 'STOPPED', true],
      ['pump/1/mode', 'x'.repeat(256), false]
    ])
    expect(sink.malformedReasons).toEqual([])
  })

  it('reads a string or boolean where a configured valuePath points, but never discovers string leaves', () => {
    const state: SensorConfig = {
      topic: 'line/state',
      id: 'line-state',
      unit: '',
      valuePath: 'status',
      timeUnit: 'ms'
    }
    const { d, sink } = decoder([state])
    d.decode('line/state', JSON.stringify({ status: 'FAULT', code: 'E42', ok: false }), false, 1)
    d.decode('line/other', JSON.stringify({ status: 'FAULT' }), false, 2)
    expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual([
      ['line-state', 'FAULT'],
      ['line/state#ok', false]
    ])
    expect(sink.malformedReasons).toEqual(['line/other: no numeric or true/false value'])
  })

  it('refuses text past 256 characters as malformed', () => {
    const { d, sink } = decoder()
    d.decode('pump/1/mode', Buffer.from('y'.repeat(300)), false, 1)
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons[0]).toMatch(/longer than 256/)
  })
})

describe('key paths are bounded while the payload is walked (issue 7)', () => {
  it('refuses a message whose key path would pass 256 characters once, before building the paths', () => {
    const sink = new CollectingSink()
    const decoder = new TelemetryPayloadDecoder('plant', [], sink)
    // A 900 kB key over 999 leaves: one refusal, fast, and no path ever built.
    const payload = `{"${'K'.repeat(900_000)}":[${Array.from({ length: 999 }, (_, i) => i).join(',')}]}`
    const started = performance.now()
    decoder.decode('plant/x', payload, false, 1)
    expect(performance.now() - started).toBeLessThan(200)
    expect(sink.readings).toEqual([])
    expect(sink.malformedReasons).toEqual(['plant/x: key path longer than 256 characters (900000)'])
  })

  it('counts the dotted path, nested keys and array indexes included', () => {
    const sink = new CollectingSink()
    const decoder = new TelemetryPayloadDecoder('plant', [], sink)
    const at = (length: number) => `{"${'a'.repeat(length - 2)}":{"b":1}}`
    decoder.decode('plant/ok', at(256), false, 1)
    expect(sink.readings.map((r) => r.sensorId)).toEqual([`plant/ok#${'a'.repeat(254)}.b`])
    decoder.decode('plant/long', at(257), false, 1)
    expect(sink.malformedReasons).toEqual(['plant/long: key path longer than 256 characters (257)'])
  })
})

describe('discovered sensor ids', () => {
  it('stay topic#path across messages and past the bound of ids remembered', () => {
    const { d, sink } = decoder()
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 12_000; i++) d.decode(`line/${i}`, Buffer.from(`{"t":${i},"h":${round}}`), false, 1)
    expect(sink.readings.length).toBe(48_000)
    const wrong = sink.readings.filter((r, i) => r.sensorId !== `${r.topic}#${i % 2 === 0 ? 't' : 'h'}`)
    expect(wrong).toEqual([])
    expect(sink.readings[47_998]).toMatchObject({ sensorId: 'line/11999#t', value: 11_999 })
    expect(sink.readings[47_999]).toMatchObject({ sensorId: 'line/11999#h', value: 1 })
    expect(sink.readings[1]).toMatchObject({ sensorId: 'line/0#h', value: 0 })
  })

  it('are built, not remembered, for a topic too long to be a sensor (refused downstream)', () => {
    const { d, sink } = decoder()
    const long = `plant/${'x'.repeat(600)}`
    d.decode(long, Buffer.from('{"t":1}'), false, 1)
    expect(sink.readings.map((r) => r.sensorId)).toEqual([`${long}#t`])
  })
})

describe('long keys that discovery never reads', () => {
  it('do not refuse the message: a long string or null leaf is skipped, the values are read', () => {
    const sink = new CollectingSink()
    const decoder = new TelemetryPayloadDecoder('plant', [], sink)
    const long = 'd'.repeat(300)
    decoder.decode('plant/k1', `{"temp":21.5,"${long}":"free text","meta":{"${long}":null}}`, false, 1)
    expect(sink.malformedReasons).toEqual([])
    expect(sink.readings.map((r) => [r.sensorId, r.value])).toEqual([['plant/k1#temp', 21.5]])
  })
})
