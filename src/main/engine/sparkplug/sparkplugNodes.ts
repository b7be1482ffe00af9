import type { SparkplugKind, SparkplugMetric } from './sparkplugPayload'

/**
 * What the plant keeps of each edge node (`sparkplugPlant.ts`), its bounds, and the reasons its
 * sensors give when they stop being live.
 */

/** Edge nodes one broker connection follows; births of more are refused, counted. */
export const MAX_SPARKPLUG_NODES = 1_000
/** Metric definitions (from births) one connection keeps, all nodes together. */
export const MAX_SPARKPLUG_DEFINITIONS = 20_000
/** A node is asked to rebirth at most this often. */
export const REBIRTH_INTERVAL_MS = 10_000
/** What the sensors of a node or device that sent its death certificate say. */
export const DEATH_REASON = 'offline (death certificate)'
/** A Sparkplug metric's value holds until a death certificate; past a day unchanged it is stale all the same. */
export const SPARKPLUG_STALE_AFTER_MS = 86_400_000
/** What a node's sensors say while Tickwire's own connection to the broker is down. */
export const CONNECTION_LOST_REASON = 'offline (connection to the broker lost)'
/** What a sensor says that its node's latest birth no longer defines. */
export const NOT_REBORN_REASON = 'offline (not in the latest birth)'
/** What a metric says whose value the node reported as null (`is_null`). */
export const NULL_REASON = 'no value (the node reported null)'
/** Devices followed per connection, all nodes together; births of more are refused, counted. */
export const MAX_SPARKPLUG_DEVICES = 10_000
/** Rebirth requests one connection sends at most per `REBIRTH_INTERVAL_MS`, all nodes together. */
export const MAX_REBIRTHS_PER_INTERVAL = 20

/** A metric as its birth defined it. */
export interface Definition {
  sensorId: string
  device: string | null
  datatype: number
  kind: SparkplugKind
}

export interface Scope {
  born: boolean
  /** By name; aliases are the node's, shared by its devices. */
  names: Map<string, Definition>
  sensorIds: Set<string>
}

export interface EdgeNode extends Scope {
  bdSeq: string | null
  seq: number | null
  aliases: Map<number, Definition>
  devices: Map<string, Scope>
  /** Every sensor id the node and its devices define now: two scopes never make the same one. */
  owners: Map<string, Scope>
  rebirthAskedAt: number
}

/** The definition a DATA metric updates: by name in its scope, else by the node's alias for the same device. */
export function definitionIn(
  node: EdgeNode,
  scope: Scope,
  device: string | null,
  metric: SparkplugMetric
): Definition | undefined {
  const byName = metric.name === null ? undefined : scope.names.get(metric.name)
  if (byName !== undefined) return byName
  const byAlias = metric.alias === null ? undefined : node.aliases.get(metric.alias)
  return byAlias !== undefined && byAlias.device === device ? byAlias : undefined
}

/** Forgets every definition of a node and its devices (its sensors stay as they are); returns how many. */
export function forgetDefinitions(node: EdgeNode): number {
  let forgotten = node.names.size
  node.names.clear()
  node.aliases.clear()
  node.sensorIds.clear()
  node.owners.clear()
  for (const device of node.devices.values()) {
    forgotten += device.names.size
    device.names.clear()
    device.sensorIds.clear()
    device.born = false
  }
  return forgotten
}

/** Forgets a device's definitions and the node's aliases for it; returns how many definitions. */
export function forgetDevice(node: EdgeNode, device: Scope, name: string): number {
  const forgotten = device.names.size
  device.names.clear()
  for (const id of device.sensorIds) node.owners.delete(id)
  device.sensorIds.clear()
  for (const [alias, definition] of node.aliases) if (definition.device === name) node.aliases.delete(alias)
  return forgotten
}
