/**
 * Sparkplug B topics (spBv1.0): `spBv1.0/<group>/<type>/<node>[/<device>]`, and the host
 * application's `spBv1.0/STATE/<host>`. Anything else under `spBv1.0/` is not Sparkplug.
 */
export const SPARKPLUG_NAMESPACE = 'spBv1.0'

export type SparkplugMessageType =
  'NBIRTH' | 'NDATA' | 'NDEATH' | 'NCMD' | 'DBIRTH' | 'DDATA' | 'DDEATH' | 'DCMD'

const NODE_TYPES: ReadonlySet<string> = new Set(['NBIRTH', 'NDATA', 'NDEATH', 'NCMD'])
const DEVICE_TYPES: ReadonlySet<string> = new Set(['DBIRTH', 'DDATA', 'DDEATH', 'DCMD'])

export type SparkplugTopic =
  | { kind: 'node'; type: SparkplugMessageType; group: string; node: string; device: null }
  | { kind: 'device'; type: SparkplugMessageType; group: string; node: string; device: string }
  | { kind: 'state'; host: string }

/** True when the topic is in the Sparkplug B namespace (whether or not it is well formed). */
export function isSparkplugTopic(topic: string): boolean {
  return topic.startsWith('spBv1.0/')
}

/** The parts of a Sparkplug B topic, or why it is not one. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | string {
  const parts = topic.split('/')
  if (parts[0] !== SPARKPLUG_NAMESPACE) return 'not in the spBv1.0 namespace'
  if (parts.length === 3 && parts[1] === 'STATE' && parts[2] !== '') return { kind: 'state', host: parts[2] }
  const [, group, type, node, device] = parts
  if (parts.length < 4 || parts.length > 5 || group === '' || node === '' || device === '')
    return 'not spBv1.0/<group>/<type>/<node>[/<device>]'
  if (parts.length === 4) {
    if (!NODE_TYPES.has(type)) return `${type} is not a node message type (NBIRTH, NDATA, NDEATH, NCMD)`
    return { kind: 'node', type: type as SparkplugMessageType, group, node, device: null }
  }
  if (!DEVICE_TYPES.has(type)) return `${type} is not a device message type (DBIRTH, DDATA, DDEATH, DCMD)`
  return { kind: 'device', type: type as SparkplugMessageType, group, node, device }
}

/**
 * The sensor id of a Sparkplug metric: `<group>/<node>[/<device>]/<metric>` (its key is
 * `<broker>/` + that), the metric name as given, a `/` inside it kept.
 */
export function sparkplugSensorId(
  group: string,
  node: string,
  device: string | null,
  metric: string
): string {
  return device === null ? `${group}/${node}/${metric}` : `${group}/${node}/${device}/${metric}`
}

/** A configured sensor's id: its `id`, or for a Sparkplug metric (`metric` set) the metric's path. */
export function configuredSensorId(sensor: { id: string; topic: string; metric?: string }): string {
  if (sensor.metric === undefined) return sensor.id
  const topic = parseSparkplugTopic(sensor.topic)
  if (typeof topic === 'string' || topic.kind === 'state') return sensor.id
  return sparkplugSensorId(topic.group, topic.node, topic.device, sensor.metric)
}
