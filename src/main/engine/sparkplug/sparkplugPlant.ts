import type { SourceSink } from '../sourceSink'
import {
  bdSeqOf,
  decodeSparkplugPayload,
  kindOf,
  metricValue,
  type SparkplugMetric,
  type SparkplugPayload
} from './sparkplugPayload'
import {
  CONNECTION_LOST_REASON,
  DEATH_REASON,
  MAX_SPARKPLUG_DEFINITIONS,
  MAX_SPARKPLUG_DEVICES,
  MAX_SPARKPLUG_NODES,
  NOT_REBORN_REASON,
  NULL_REASON,
  definitionIn,
  forgetDefinitions,
  forgetDevice,
  type Definition,
  type EdgeNode,
  type Scope
} from './sparkplugNodes'
import { parseSparkplugTopic, type SparkplugTopic } from '@shared/sparkplugTopic'
import { RebirthRequests, type SparkplugCommand } from './rebirthRequests'
import { defineBirth } from './sparkplugBirth'

/**
 * The Sparkplug B edge nodes seen on one broker connection: births define each node's and
 * device's metrics (name, alias, datatype, unit and range), which become sensors
 * `<group>/<node>[/<device>]/<metric>`; DATA updates them by alias or name; a death certificate
 * (NDEATH with the birth's bdSeq, DDEATH) makes them stale with `DEATH_REASON`. `seq` (0–255,
 * wrapping) is followed per node and a jump counted as a gap. DATA for a node not born, or for a
 * metric its birth did not define, is counted and answered with a Rebirth request where the
 * connection may send commands.
 */
export class SparkplugPlant {
  private readonly nodes = new Map<string, EdgeNode>()
  private definitions = 0
  private devices = 0
  private readonly rebirths: RebirthRequests

  /** `command`: how to send an NCMD; null where the connection may not send commands. */
  constructor(
    private readonly sourceId: string,
    private readonly sink: SourceSink,
    command: SparkplugCommand | null,
    private readonly now: () => number = Date.now
  ) {
    this.rebirths = new RebirthRequests(command)
  }

  /**
   * The connection to the broker dropped: deaths may be missed meanwhile and aliases may change
   * with the next births, so every node is unborn (its data waits for a birth, or asks for one)
   * and its sensors are offline until then.
   */
  connectionLost(): void {
    const gone: string[] = []
    for (const node of this.nodes.values()) {
      if (!node.born) continue
      node.born = false
      node.seq = null
      gone.push(...node.owners.keys())
      for (const device of node.devices.values()) device.born = false
    }
    if (gone.length > 0) this.sink.offline(gone, CONNECTION_LOST_REASON)
  }

  /** What a metric of a node's or device's message stands for, as its latest birth defined it. */
  definitionOf(
    topic: SparkplugTopic & { kind: 'node' | 'device' },
    metric: SparkplugMetric
  ): Definition | undefined {
    const node = this.nodes.get(`${topic.group}/${topic.node}`)
    const scope = topic.device === null ? node : node?.devices.get(topic.device)
    return node === undefined || scope === undefined
      ? undefined
      : definitionIn(node, scope, topic.device, metric)
  }

  receive(topic: string, payload: Buffer, retained: boolean, receivedAt: number): void {
    const parsed = parseSparkplugTopic(topic)
    if (typeof parsed === 'string') {
      this.sink.malformed(`not a Sparkplug B topic: ${parsed}`, topic)
      return
    }
    // A host application's STATE and other hosts' commands are no measurements.
    if (parsed.kind === 'state' || parsed.type === 'NCMD' || parsed.type === 'DCMD') return
    const decoded = decodeSparkplugPayload(payload)
    if (typeof decoded === 'string') {
      this.sink.malformed(decoded, topic)
      return
    }
    if (decoded.skipped > 0)
      this.sink.malformed(`${decoded.skipped} metric(s) without a usable name or alias skipped`, topic)
    const nodeKey = `${parsed.group}/${parsed.node}`
    switch (parsed.type) {
      case 'NBIRTH':
        return this.nodeBirth(
          nodeKey,
          parsed as SparkplugTopic & { kind: 'node' },
          decoded,
          retained,
          receivedAt,
          topic
        )
      case 'NDEATH':
        return this.nodeDeath(nodeKey, decoded)
      case 'DBIRTH':
      case 'DDATA':
      case 'DDEATH':
      case 'NDATA':
        return this.data(nodeKey, parsed, decoded, retained, receivedAt, topic)
    }
  }

  private nodeBirth(
    nodeKey: string,
    topic: SparkplugTopic & { kind: 'node' },
    payload: SparkplugPayload,
    retained: boolean,
    receivedAt: number,
    wireTopic: string
  ): void {
    let node = this.nodes.get(nodeKey)
    if (node === undefined) {
      if (this.nodes.size >= MAX_SPARKPLUG_NODES) this.evictDeadNode()
      if (this.nodes.size >= MAX_SPARKPLUG_NODES) {
        this.sink.malformed(
          `more than ${MAX_SPARKPLUG_NODES} edge nodes: this one is not followed`,
          wireTopic
        )
        return
      }
      node = {
        born: false,
        names: new Map(),
        sensorIds: new Set(),
        bdSeq: null,
        seq: null,
        aliases: new Map(),
        devices: new Map(),
        owners: new Map(),
        rebirthAskedAt: -Infinity
      }
      this.nodes.set(nodeKey, node)
    }
    // A birth starts the node afresh: the definitions of its previous life are gone, and its
    // sensors this birth does not define again (nor its devices', until their DBIRTH) say so.
    const before = [...node.owners.keys()]
    this.definitions -= forgetDefinitions(node)
    node.born = true
    node.seq = payload.seq
    node.bdSeq = bdSeqOf(payload)
    this.define(node, node, topic, null, payload, retained, receivedAt, wireTopic)
    const gone = before.filter((id) => !node.owners.has(id))
    if (gone.length > 0) this.sink.offline(gone, NOT_REBORN_REASON)
  }

  private nodeDeath(nodeKey: string, payload: SparkplugPayload): void {
    const node = this.nodes.get(nodeKey)
    if (node === undefined || !node.born) return
    const value = bdSeqOf(payload)
    // A death whose bdSeq is not this birth's is an earlier session's will, delivered late.
    if (node.bdSeq !== null && value !== null && value !== node.bdSeq) return
    const gone = [...node.sensorIds]
    for (const device of node.devices.values()) {
      gone.push(...device.sensorIds)
      device.born = false
    }
    node.born = false
    node.seq = null
    if (gone.length > 0) this.sink.offline(gone, DEATH_REASON)
  }

  private data(
    nodeKey: string,
    topic: SparkplugTopic & { kind: 'node' | 'device' },
    payload: SparkplugPayload,
    retained: boolean,
    receivedAt: number,
    wireTopic: string
  ): void {
    const node = this.nodes.get(nodeKey)
    if (node === undefined || !node.born) {
      this.awaitingBirth(nodeKey, topic, `${topic.type} before the node's NBIRTH`, wireTopic)
      return
    }
    this.followSeq(node, nodeKey, payload.seq, topic.type)
    if (topic.kind === 'node') {
      this.update(node, node, topic, payload, retained, receivedAt, wireTopic)
      return
    }
    let device = node.devices.get(topic.device)
    if (topic.type === 'DBIRTH') {
      if (device === undefined) {
        if (this.devices >= MAX_SPARKPLUG_DEVICES) {
          this.sink.malformed(
            `more than ${MAX_SPARKPLUG_DEVICES} devices: this one is not followed`,
            wireTopic
          )
          return
        }
        device = { born: false, names: new Map(), sensorIds: new Set() }
        node.devices.set(topic.device, device)
        this.devices++
      }
      this.definitions -= forgetDevice(node, device, topic.device)
      device.born = true
      this.define(node, device, topic, topic.device, payload, retained, receivedAt, wireTopic)
      return
    }
    if (device === undefined || !device.born) {
      this.awaitingBirth(nodeKey, topic, `${topic.type} before the device's DBIRTH`, wireTopic)
      return
    }
    if (topic.type === 'DDEATH') {
      device.born = false
      if (device.sensorIds.size > 0) this.sink.offline([...device.sensorIds], DEATH_REASON)
      return
    }
    this.update(node, device, topic, payload, retained, receivedAt, wireTopic)
  }

  /** A birth's metrics: each becomes a sensor with its unit and range, and takes its value. */
  private define(
    node: EdgeNode,
    scope: Scope,
    topic: SparkplugTopic & { kind: 'node' | 'device' },
    device: string | null,
    payload: SparkplugPayload,
    retained: boolean,
    receivedAt: number,
    wireTopic: string
  ): void {
    const room = MAX_SPARKPLUG_DEFINITIONS - this.definitions
    const defined = defineBirth(this.sink, { node, scope, topic, device, payload, room, wireTopic })
    this.definitions += defined.length
    for (const { definition, metric } of defined)
      this.emit(definition, metric, payload, retained, receivedAt, wireTopic)
  }

  /** A DATA message's metrics, by alias or by name. */
  private update(
    node: EdgeNode,
    scope: Scope,
    topic: SparkplugTopic & { kind: 'node' | 'device' },
    payload: SparkplugPayload,
    retained: boolean,
    receivedAt: number,
    wireTopic: string
  ): void {
    let unknown = 0
    for (const metric of payload.metrics) {
      const definition = definitionIn(node, scope, topic.device, metric)
      if (definition === undefined) {
        if (metric.name !== 'bdSeq' && !(metric.name?.startsWith('Node Control/') ?? false)) unknown++
        continue
      }
      this.emit(definition, metric, payload, retained, receivedAt, wireTopic)
    }
    if (unknown > 0)
      this.awaitingBirth(
        `${topic.group}/${topic.node}`,
        topic,
        `${unknown} metric(s) the birth did not define`,
        wireTopic
      )
  }

  private emit(
    definition: Definition,
    metric: SparkplugMetric,
    payload: SparkplugPayload,
    retained: boolean,
    receivedAt: number,
    wireTopic: string
  ): void {
    // Store-and-forward values from the past are history, not the current value.
    if (metric.proto.isHistorical === true) return
    // A DATA metric may leave its datatype to the birth; one that names another of the same kind
    // (Float for Double) is read as its own; one of another kind would turn the gauge into
    // something else behind the birth's back, so it is refused until the next birth says so.
    if (metric.datatype !== 0 && kindOf(metric.datatype) !== definition.kind) {
      this.sink.malformed(
        `metric ${metric.name ?? definition.sensorId}: datatype ${metric.datatype} is not of the kind its birth gave (${definition.kind})`,
        wireTopic
      )
      return
    }
    const value = metricValue(metric, metric.datatype === 0 ? definition.datatype : metric.datatype)
    if (value === null) {
      this.sink.offline([definition.sensorId], NULL_REASON)
      return
    }
    if (Array.isArray(value)) {
      this.sink.malformed(`metric ${metric.name ?? definition.sensorId} ${value[0]}`, wireTopic)
      return
    }
    this.sink.reading({
      source: this.sourceId,
      sensorId: definition.sensorId,
      topic: wireTopic,
      value,
      time: metric.timestamp ?? payload.timestamp,
      receivedAt,
      retained
    })
  }

  /** `seq` follows 0–255 per node across its NDATA, DBIRTH, DDATA and DDEATH messages. */
  private followSeq(node: EdgeNode, nodeKey: string, seq: number | null, type: string): void {
    if (seq === null) return
    if (node.seq !== null) {
      const expected = (node.seq + 1) % 256
      if (seq !== expected) this.sink.gap(nodeKey, `${type} seq ${seq}, expected ${expected}`)
    }
    node.seq = seq
  }

  /** Data nobody defined: counted; a Rebirth asked for where the connection may send commands. */
  private awaitingBirth(
    nodeKey: string,
    topic: SparkplugTopic & { kind: 'node' | 'device' },
    why: string,
    wireTopic: string
  ): void {
    const asked = this.rebirths.ask(topic.group, topic.node, this.nodes.get(nodeKey), this.now())
    this.sink.malformed(`awaiting birth: ${why}${asked ? ' (Rebirth requested)' : ''}`, wireTopic)
  }

  /** Makes room for a new node: the first one found dead (its sensors stay as they are, stale). */
  private evictDeadNode(): void {
    for (const [key, node] of this.nodes) {
      if (node.born) continue
      this.definitions -= forgetDefinitions(node)
      this.devices -= node.devices.size
      this.nodes.delete(key)
      return
    }
  }
}
