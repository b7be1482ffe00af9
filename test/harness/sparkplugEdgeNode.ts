import mqtt, { type MqttClient } from 'mqtt'
import { get as sparkplugNamespace } from 'sparkplug-payload'

/**
 * A Sparkplug B edge node for tests, speaking the specification over a real broker: it connects
 * with its NDEATH as the MQTT will (carrying its bdSeq), publishes NBIRTH (bdSeq, a node metric,
 * and a device with DBIRTH), then NDATA/DDATA by alias with `seq` counting 0–255, and answers a
 * `Node Control/Rebirth` NCMD with fresh births. Payloads are encoded by Eclipse Tahu's own
 * `sparkplug-payload`.
 */
const codec = sparkplugNamespace('spBv1.0')!
type Payload = Parameters<typeof codec.encodePayload>[0]
type Metric = NonNullable<Payload['metrics']>[number]

export function encode(payload: Payload): Buffer {
  return Buffer.from(codec.encodePayload(payload))
}

/** A boiler temperature metric as births carry it: Float, in °C, 0–150 (`high` typed as given). */
export function temperatureMetric(
  name: string,
  alias: number,
  value: number,
  highType: 'Double' | 'Int32' = 'Double'
): Metric {
  return {
    name,
    alias,
    type: 'Float',
    value,
    properties: {
      engUnit: { type: 'String', value: '°C' },
      engLow: { type: 'Double', value: 0 },
      engHigh: { type: highType, value: 150 }
    }
  }
}

export function decode(bytes: Buffer): Payload {
  return codec.decodePayload(bytes)
}

export interface EdgeNodeOptions {
  url: string
  group: string
  node: string
  device: string
  bdSeq?: number
}

export class EdgeNode {
  private client: MqttClient | null = null
  private seq = 0
  readonly bdSeq: number
  /** NCMD Rebirth requests received. */
  rebirths = 0

  constructor(private readonly options: EdgeNodeOptions) {
    this.bdSeq = options.bdSeq ?? 0
  }

  private topic(type: string, device = false): string {
    const { group, node } = this.options
    return `spBv1.0/${group}/${type}/${node}${device ? `/${this.options.device}` : ''}`
  }

  /** Connects (the NDEATH as will) and publishes the births (unless `birth` is false: a host joining late). */
  async start(options: { birth?: boolean } = {}): Promise<void> {
    const client = await mqtt.connectAsync(this.options.url, {
      clientId: `edge-${this.options.node}`,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      will: {
        topic: this.topic('NDEATH'),
        payload: this.death(),
        qos: 1,
        retain: false
      }
    })
    this.client = client
    client.on('message', (topic, payload) => {
      if (topic !== this.topic('NCMD')) return
      const metrics = decode(payload).metrics ?? []
      if (metrics.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) {
        this.rebirths++
        void this.births()
      }
    })
    await client.subscribeAsync(this.topic('NCMD'), { qos: 0 })
    if (options.birth !== false) await this.births()
  }

  death(): Buffer {
    return encode({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }] })
  }

  async births(): Promise<void> {
    this.seq = 0
    await this.publish(this.topic('NBIRTH'), [
      { name: 'bdSeq', type: 'UInt64', value: this.bdSeq },
      { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
      temperatureMetric('Boiler/Temperature', 1, 80.5),
      { name: 'Running', alias: 2, type: 'Boolean', value: true },
      { name: 'Mode', alias: 3, type: 'String', value: 'AUTO' }
    ])
    await this.publish(this.topic('DBIRTH', true), [
      {
        name: 'Pressure',
        alias: 10,
        type: 'Double',
        value: 4.2,
        properties: { engUnit: { type: 'String', value: 'bar' }, engHigh: { type: 'Int32', value: 10 } }
      },
      { name: 'Cycles', alias: 11, type: 'UInt64', value: 42 }
    ])
  }

  /** NDATA (or DDATA with `device`) carrying metrics by alias only. */
  async data(metrics: Metric[], device = false): Promise<void> {
    await this.publish(this.topic(device ? 'DDATA' : 'NDATA', device), metrics)
  }

  /** Skips `n` sequence numbers, as a lost message would. */
  skipSeq(n: number): void {
    this.seq = (this.seq + n) % 256
  }

  async deviceDeath(): Promise<void> {
    await this.publish(this.topic('DDEATH', true), [])
  }

  /** Publishes its own NDEATH and disconnects, as a clean shutdown does. */
  async stop(): Promise<void> {
    const client = this.client
    this.client = null
    if (client === null) return
    await client.publishAsync(this.topic('NDEATH'), this.death(), { qos: 1 })
    await client.endAsync()
  }

  /** Drops the connection without a word: the broker publishes the will (NDEATH). */
  kill(): void {
    const client = this.client
    this.client = null
    client?.stream.destroy()
    client?.end(true)
  }

  private async publish(topic: string, metrics: Metric[]): Promise<void> {
    const client = this.client
    if (client === null) throw new Error('edge node not connected')
    const payload = encode({ timestamp: Date.now(), seq: this.seq, metrics })
    this.seq = (this.seq + 1) % 256
    await client.publishAsync(topic, payload, { qos: 0 })
  }
}
