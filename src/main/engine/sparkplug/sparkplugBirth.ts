import type { SourceSink } from '../sourceSink'
import { isIntegerType, kindOf, type SparkplugMetric, type SparkplugPayload } from './sparkplugPayload'
import {
  MAX_SPARKPLUG_DEFINITIONS,
  SPARKPLUG_STALE_AFTER_MS,
  type Definition,
  type EdgeNode,
  type Scope
} from './sparkplugNodes'
import { sparkplugSensorId, type SparkplugTopic } from '@shared/sparkplugTopic'

/** One NBIRTH's or DBIRTH's metrics, and where they go. */
export interface Birth {
  node: EdgeNode
  /** The node itself (NBIRTH) or one of its devices (DBIRTH). */
  scope: Scope
  topic: SparkplugTopic & { kind: 'node' | 'device' }
  device: string | null
  payload: SparkplugPayload
  /** How many more definitions the connection may follow (MAX_SPARKPLUG_DEFINITIONS overall). */
  room: number
  wireTopic: string
}

/**
 * A birth's metrics defined in its scope: each named metric of a shown datatype becomes a sensor
 * `<group>/<node>[/<device>]/<metric>`, described to the sink with its unit and range. Returns
 * the new definitions, each with the metric that carries its first value; what is skipped (no
 * name, a datatype not shown, a clash, past `room`) is counted as malformed, once per birth.
 */
export function defineBirth(
  sink: SourceSink,
  birth: Birth
): { definition: Definition; metric: SparkplugMetric }[] {
  const { node, scope, topic, device, payload, wireTopic } = birth
  const prefix = device === null ? `${topic.group}/${topic.node}` : `${topic.group}/${topic.node}/${device}`
  const defined: { definition: Definition; metric: SparkplugMetric }[] = []
  let unnamed = 0
  let unshown = 0
  let clashes = 0
  const aliasClashes = new Set<number>()
  for (const metric of payload.metrics) {
    // The birth's sequence number and the node's own controls are no measurements.
    if (metric.name === 'bdSeq' || metric.name?.startsWith('Node Control/')) continue
    const kind = kindOf(metric.datatype)
    if (metric.name === null) unnamed++
    else if (kind === null) unshown++
    if (metric.name === null || kind === null) continue
    if (defined.length >= birth.room) {
      sink.malformed(
        `more than ${MAX_SPARKPLUG_DEFINITIONS} Sparkplug metrics: the rest are not followed`,
        wireTopic
      )
      break
    }
    const sensorId = sparkplugSensorId(topic.group, topic.node, device, metric.name)
    // A name given twice in one birth, or a node metric and a device metric that make the same
    // sensor (`Boiler/Temperature` of the node, `Temperature` of device `Boiler`): the first stays.
    if (scope.names.has(metric.name) || node.owners.has(sensorId)) {
      clashes++
      continue
    }
    const definition: Definition = { sensorId, device, datatype: metric.datatype, kind }
    scope.names.set(metric.name, definition)
    if (metric.alias !== null) {
      // Aliases are the node's, across its devices: one given twice maps to neither (by name only).
      const taken = node.aliases.get(metric.alias)
      if (taken !== undefined || aliasClashes.has(metric.alias)) {
        aliasClashes.add(metric.alias)
        node.aliases.delete(metric.alias)
      } else node.aliases.set(metric.alias, definition)
    }
    scope.sensorIds.add(definition.sensorId)
    node.owners.set(definition.sensorId, scope)
    sink.describe(definition.sensorId, {
      label: metric.name,
      group: prefix,
      unit: metric.unit ?? '',
      min: metric.low,
      max: metric.high,
      decimals: isIntegerType(metric.datatype) ? 0 : null,
      // Sparkplug reports by exception: a value holds until its node's death, not for a time.
      staleAfterMs: SPARKPLUG_STALE_AFTER_MS
    })
    defined.push({ definition, metric })
  }
  if (unnamed > 0) sink.malformed(`${unnamed} birth metric(s) without a name skipped`, wireTopic)
  if (clashes > 0)
    sink.malformed(`${clashes} birth metric(s) naming a sensor already defined skipped`, wireTopic)
  if (aliasClashes.size > 0)
    sink.malformed(
      `alias(es) ${[...aliasClashes].slice(0, 5).join(', ')} given to more than one metric: those update by name only`,
      wireTopic
    )
  if (unshown > 0)
    sink.malformed(
      `${unshown} metric(s) of a datatype not shown (arrays, files, property sets) skipped`,
      wireTopic
    )
  return defined
}
