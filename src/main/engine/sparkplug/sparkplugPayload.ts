import { org } from 'sparkplug-payload/lib/sparkplugPayloadProto'
import { MAX_KEY_PATH_LENGTH } from '@shared/limits'
import type { SensorValue } from '@shared/model'
import { toSensorValue } from '../telemetryPayload'

/**
 * Sparkplug B payloads, decoded with the Eclipse Tahu project's own compiled schema (the
 * `sparkplug-payload` package's protobuf module). Its `decodePayload` convenience throws on a
 * whole payload for one odd metric (a dataset it cannot map), so this reads the protobuf message
 * itself and interprets each metric on its own: one bad metric costs that metric, counted.
 */
const proto = org.eclipse.tahu.protobuf
type ProtoMetric = org.eclipse.tahu.protobuf.Payload.IMetric
type ProtoPropertyValue = org.eclipse.tahu.protobuf.Payload.IPropertyValue
/** A 64-bit protobuf integer as protobufjs gives it: a number, or a Long-like pair of 32-bit halves. */
type ProtoLong = number | { low: number; high: number }

/** Sparkplug B datatypes (the schema's `DataType` enum). */
export const DataType = proto.DataType

/** Most metrics taken from one payload; the rest are counted as skipped. */
export const MAX_SPARKPLUG_METRICS = 10_000

export type SparkplugKind = 'number' | 'boolean' | 'text'

/** One metric as it came: names and aliases as given, the value still in its protobuf field. */
export interface SparkplugMetric {
  name: string | null
  alias: number | null
  /** The datatype it carries (0 when a DATA message leaves it to the birth). */
  datatype: number
  timestamp: number | null
  /** From the birth's properties: engineering unit and range. */
  unit: string | null
  low: number | null
  high: number | null
  readonly proto: ProtoMetric
}

export interface SparkplugPayload {
  timestamp: number | null
  /** 0–255, or null when absent or out of range. */
  seq: number | null
  metrics: SparkplugMetric[]
  /** Metrics left out: beyond the bound, or without a usable name or alias. */
  skipped: number
}

/** Decodes a payload; a string says why it is not a Sparkplug B payload. Never throws. */
export function decodeSparkplugPayload(bytes: Uint8Array): SparkplugPayload | string {
  let payload: org.eclipse.tahu.protobuf.Payload
  try {
    payload = proto.Payload.decode(bytes)
  } catch (err) {
    return `not a Sparkplug B payload (${(err as Error).message.slice(0, 120)})`
  }
  const metrics: SparkplugMetric[] = []
  let skipped = 0
  for (const m of payload.metrics) {
    if (metrics.length >= MAX_SPARKPLUG_METRICS) {
      skipped++
      continue
    }
    const name = typeof m.name === 'string' && m.name.length > 0 ? m.name : null
    const alias =
      present(m, 'alias') && m.alias !== null && m.alias !== undefined ? safeInteger(m.alias) : null
    if ((name === null && alias === null) || (name !== null && name.length > MAX_KEY_PATH_LENGTH)) {
      skipped++
      continue
    }
    const properties = propertiesOf(m)
    metrics.push({
      name,
      alias,
      datatype: present(m, 'datatype') && typeof m.datatype === 'number' ? m.datatype : 0,
      timestamp:
        present(m, 'timestamp') && m.timestamp !== null && m.timestamp !== undefined
          ? safeInteger(m.timestamp)
          : null,
      unit: properties.unit,
      low: properties.low,
      high: properties.high,
      proto: m
    })
  }
  const seq =
    present(payload, 'seq') && payload.seq !== null && payload.seq !== undefined
      ? safeInteger(payload.seq)
      : null
  return {
    timestamp:
      present(payload, 'timestamp') && payload.timestamp !== null && payload.timestamp !== undefined
        ? safeInteger(payload.timestamp)
        : null,
    seq: seq !== null && seq >= 0 && seq <= 255 ? seq : null,
    metrics,
    skipped
  }
}

/**
 * Whether the message carried the field: protobufjs puts only the fields present on the decoded
 * object itself, the defaults (0) on its prototype — and an absent alias or time is not 0.
 */
function present(message: object, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field)
}

/** What kind of sensor a datatype makes, or null for the ones not shown (arrays, files, sets…). */
export function kindOf(datatype: number): SparkplugKind | null {
  switch (datatype) {
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Int64:
    case DataType.UInt8:
    case DataType.UInt16:
    case DataType.UInt32:
    case DataType.UInt64:
    case DataType.Float:
    case DataType.Double:
      return 'number'
    case DataType.Boolean:
      return 'boolean'
    case DataType.String:
    case DataType.Text:
    case DataType.UUID:
    case DataType.DateTime:
    case DataType.DataSet:
    case DataType.Template:
      return 'text'
    default:
      return null
  }
}

/**
 * A metric's value read as `datatype` (the metric's own, or its birth's): a number, a boolean or
 * a text. Signed integers arrive as two's complement in unsigned fields; a 64-bit integer beyond
 * 2^53 is given as its exact decimal text; a dataset or template as a short description. Null: no
 * value (`is_null`, a NaN); a string: why the value cannot be shown.
 */
export function metricValue(metric: SparkplugMetric, datatype: number): SensorValue | null | [string] {
  const m = metric.proto
  if (m.isNull === true) return null
  switch (datatype) {
    case DataType.Int8:
      return int32Field(m, (v) => (v << 24) >> 24)
    case DataType.Int16:
      return int32Field(m, (v) => (v << 16) >> 16)
    case DataType.Int32:
      return int32Field(m, (v) => v | 0)
    case DataType.UInt8:
      return int32Field(m, (v) => v & 0xff)
    case DataType.UInt16:
      return int32Field(m, (v) => v & 0xffff)
    case DataType.UInt32:
      return int32Field(m, (v) => v >>> 0)
    case DataType.Int64:
    case DataType.UInt64: {
      const bits = toBigInt(m.longValue)
      if (bits === null) return ['has no 64-bit integer value']
      const exact = datatype === DataType.Int64 ? BigInt.asIntN(64, bits) : BigInt.asUintN(64, bits)
      const n = Number(exact)
      return Number.isSafeInteger(n) ? n : exact.toString()
    }
    case DataType.Float:
    case DataType.Double: {
      const v =
        datatype === DataType.Float ? (m.floatValue ?? m.doubleValue) : (m.doubleValue ?? m.floatValue)
      if (typeof v !== 'number') return ['has no floating-point value']
      if (Number.isNaN(v)) return null
      return Number.isFinite(v) ? v : ['is infinite']
    }
    case DataType.Boolean:
      return typeof m.booleanValue === 'boolean' ? m.booleanValue : ['has no boolean value']
    case DataType.String:
    case DataType.Text:
    case DataType.UUID: {
      if (typeof m.stringValue !== 'string') return ['has no string value']
      const text = toSensorValue(m.stringValue)
      return Array.isArray(text) ? [`text ${text[0]}`] : String(text)
    }
    case DataType.DateTime: {
      const bits = toBigInt(m.longValue)
      const ms = bits === null ? NaN : Number(bits)
      if (!Number.isSafeInteger(ms) || ms > 8.64e15) return ['is not a valid date']
      return new Date(ms).toISOString()
    }
    case DataType.DataSet: {
      const set = m.datasetValue
      if (set === null || set === undefined) return ['has no dataset value']
      return `dataset: ${set.rows?.length ?? 0} rows × ${set.numOfColumns === undefined || set.numOfColumns === null ? (set.columns?.length ?? 0) : (safeInteger(set.numOfColumns) ?? 0)} columns`
    }
    case DataType.Template: {
      const t = m.templateValue
      if (t === null || t === undefined) return ['has no template value']
      const of =
        typeof t.templateRef === 'string' && t.templateRef.length > 0
          ? ` of ${t.templateRef.slice(0, 64)}`
          : ''
      return `${t.isDefinition === true ? 'template definition' : 'template'}${of}: ${t.metrics?.length ?? 0} metrics`
    }
    default:
      return [`is of a datatype not shown (${datatype})`]
  }
}

function int32Field(m: ProtoMetric, cast: (v: number) => number): number | [string] {
  if (typeof m.intValue === 'number') return cast(m.intValue)
  // Some edge nodes (Tahu's own JavaScript encoder among them) put 32-bit types in long_value.
  const bits = toBigInt(m.longValue)
  return bits === null ? ['has no integer value'] : cast(Number(BigInt.asUintN(32, bits)))
}

/** The 64 bits of a protobuf integer (read as unsigned), or null. */
function toBigInt(v: ProtoLong | null | undefined): bigint | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt.asUintN(64, BigInt(v)) : null
  // protobufjs gives a Long where `long` is installed, else a plain { low, high }: both have the halves.
  if (typeof v.low !== 'number' || typeof v.high !== 'number') return null
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)
}

/** An unsigned protobuf integer as a safe JS number, or null. */
function safeInteger(v: ProtoLong): number | null {
  const bits = toBigInt(v)
  if (bits === null) return null
  const n = Number(bits)
  return Number.isSafeInteger(n) ? n : null
}

/** The properties Tickwire uses: engUnit, engLow, engHigh (any numeric type). */
function propertiesOf(m: ProtoMetric): { unit: string | null; low: number | null; high: number | null } {
  const out = { unit: null as string | null, low: null as number | null, high: null as number | null }
  const keys = m.properties?.keys
  const values = m.properties?.values
  if (!Array.isArray(keys) || !Array.isArray(values)) return out
  const n = Math.min(keys.length, values.length, 64)
  for (let i = 0; i < n; i++) {
    const key = keys[i]
    if (key === 'engUnit') {
      const unit = values[i].stringValue
      if (typeof unit === 'string') {
        const text = toSensorValue(unit)
        if (typeof text === 'string' && text.length <= 32) out.unit = text
      }
    } else if (key === 'engLow' || key === 'engHigh') {
      const v = propertyNumber(values[i])
      if (v !== null) out[key === 'engLow' ? 'low' : 'high'] = v
    }
  }
  return out
}

function propertyNumber(p: ProtoPropertyValue): number | null {
  if (p.isNull === true) return null
  const raw =
    typeof p.doubleValue === 'number'
      ? p.doubleValue
      : typeof p.floatValue === 'number'
        ? p.floatValue
        : typeof p.intValue === 'number'
          ? signedAs(p.type, p.intValue)
          : p.longValue !== null && p.longValue !== undefined
            ? signed64(p.longValue)
            : null
  return raw !== null && Number.isFinite(raw) && Math.abs(raw) <= 1e12 ? raw : null
}

function signed64(v: ProtoLong): number | null {
  const bits = toBigInt(v)
  return bits === null ? null : Number(BigInt.asIntN(64, bits))
}

function signedAs(type: number | null | undefined, v: number): number {
  if (type === DataType.Int8) return (v << 24) >> 24
  if (type === DataType.Int16) return (v << 16) >> 16
  if (type === DataType.Int32) return v | 0
  return v >>> 0
}

const INTEGER_TYPES: ReadonlySet<number> = new Set([
  DataType.Int8,
  DataType.Int16,
  DataType.Int32,
  DataType.Int64,
  DataType.UInt8,
  DataType.UInt16,
  DataType.UInt32,
  DataType.UInt64
])

/** An integer datatype: shown without decimals. */
export function isIntegerType(datatype: number): boolean {
  return INTEGER_TYPES.has(datatype)
}

/** The birth or death certificate's `bdSeq` metric, as exact text (it is a 64-bit integer). */
export function bdSeqOf(payload: SparkplugPayload): string | null {
  const metric = payload.metrics.find((m) => m.name === 'bdSeq')
  if (metric === undefined) return null
  const value = metricValue(metric, metric.datatype || DataType.UInt64)
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null
}

/** An NCMD asking a node to publish its births again (Sparkplug's `Node Control/Rebirth`). */
export function rebirthRequest(now: number): Buffer {
  const Payload = org.eclipse.tahu.protobuf.Payload
  const message = Payload.fromObject({
    timestamp: now,
    metrics: [
      { name: 'Node Control/Rebirth', timestamp: now, datatype: DataType.Boolean, booleanValue: true }
    ]
  })
  return Buffer.from(Payload.encode(message).finish())
}
