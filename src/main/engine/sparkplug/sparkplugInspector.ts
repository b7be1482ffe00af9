import { MAX_INSPECTED_METRICS, type SparkplugMessageView, type SparkplugMetricView } from '@shared/topics'
import { parseSparkplugTopic, type SparkplugTopic } from '@shared/sparkplugTopic'
import { DataType, decodeSparkplugPayload, metricValue, type SparkplugMetric } from './sparkplugPayload'
import type { Definition } from './sparkplugNodes'

/** Where a metric's birth definition is looked up (the connection's plant). */
export interface SparkplugDefinitions {
  definitionOf(
    topic: SparkplugTopic & { kind: 'node' | 'device' },
    metric: SparkplugMetric
  ): Definition | undefined
}

/**
 * A Sparkplug B message as the topic explorer shows it: every metric with its name (the birth's,
 * where the message gave only an alias), datatype, exact value, time, unit and flags, and the
 * sensor it is on the board as. A string says why the payload is not shown decoded.
 */
export function inspectSparkplug(
  topic: string,
  payload: Uint8Array,
  truncated: boolean,
  definitions: SparkplugDefinitions | null
): SparkplugMessageView | string {
  const parsed = parseSparkplugTopic(topic)
  if (typeof parsed === 'string') return `not a Sparkplug B topic: ${parsed}`
  if (parsed.kind === 'state') return 'a host application’s STATE message: its payload is not protobuf'
  if (truncated) return 'the payload was cut for keeping, so it cannot be decoded'
  const decoded = decodeSparkplugPayload(payload)
  if (typeof decoded === 'string') return decoded
  const metrics: SparkplugMetricView[] = []
  for (const metric of decoded.metrics.slice(0, MAX_INSPECTED_METRICS)) {
    const definition = definitions?.definitionOf(parsed, metric)
    metrics.push(metricView(metric, definition, parsed))
  }
  return {
    timestamp: decoded.timestamp,
    seq: decoded.seq,
    metrics,
    more: decoded.skipped + Math.max(0, decoded.metrics.length - MAX_INSPECTED_METRICS)
  }
}

function metricView(
  metric: SparkplugMetric,
  definition: Definition | undefined,
  topic: SparkplugTopic & { kind: 'node' | 'device' }
): SparkplugMetricView {
  const inferred = metric.datatype === 0 && definition === undefined ? inferDatatype(metric) : 0
  const datatype = metric.datatype || (definition?.datatype ?? inferred)
  const read = datatype === 0 ? ['has no value field'] : metricValue(metric, datatype)
  const prefix =
    topic.device === null ? `${topic.group}/${topic.node}/` : `${topic.group}/${topic.node}/${topic.device}/`
  const name =
    metric.name ??
    (definition !== undefined && definition.sensorId.startsWith(prefix)
      ? definition.sensorId.slice(prefix.length)
      : null)
  return {
    name,
    alias: metric.alias,
    datatype: `${datatypeName(datatype)}${inferred !== 0 ? ' (inferred)' : ''}`,
    value: read === null ? null : Array.isArray(read) ? '' : String(read),
    ...(Array.isArray(read) ? { problem: read[0] } : {}),
    timestamp: metric.timestamp,
    unit: metric.unit,
    historical: metric.proto.isHistorical === true,
    transient: metric.proto.isTransient === true,
    sensorId: definition?.sensorId ?? null
  }
}

/** A DATA metric sent without its datatype and with no birth to say it: read by the field it fills. */
function inferDatatype(metric: SparkplugMetric): number {
  const has = (field: string): boolean => Object.prototype.hasOwnProperty.call(metric.proto, field)
  if (has('doubleValue')) return DataType.Double
  if (has('floatValue')) return DataType.Float
  if (has('booleanValue')) return DataType.Boolean
  if (has('stringValue')) return DataType.String
  if (has('longValue')) return DataType.Int64
  if (has('intValue')) return DataType.Int32
  return 0
}

function datatypeName(datatype: number): string {
  const name: unknown = (DataType as unknown as Record<number, unknown>)[datatype]
  return typeof name === 'string' ? name : `datatype ${datatype}`
}
