import { randomBytes } from 'node:crypto'
import type { IPublishPacket, MqttClient } from 'mqtt'
import {
  decodeSyncMessage,
  encodeEvent,
  encodeShelf,
  encodeState,
  eventsTopic,
  MAX_ALARM_SYNC_PAYLOAD_BYTES,
  MAX_ALARM_SYNC_TOPIC_BYTES,
  shelfTopic,
  stateTopic,
  syncSubscriptions,
  type AlarmSyncEvent,
  type AlarmSyncStats,
  type SlotClaim
} from '@shared/alarmSync'
import type { AlarmSyncSettings } from '@shared/alarmSyncConfig'
import type { SourceState } from '@shared/model'
import { showInvisible } from '@shared/visibleText'
import { MAX_REASON_LENGTH } from '@shared/limits'
import type { FaultHandler } from '../faults'
import { MqttLink, type MqttLinkHost, type MqttLinkOptions } from '../mqttLink'
import { stripCredentials } from '../sourceUrl'
import type { AlarmReplica, ReplicaOutlet } from './alarmReplica'

/** Largest packet the broker may send (a payload, its topic, MQTT's own bytes); larger drops the connection. */
const MAX_PACKET_BYTES = MAX_ALARM_SYNC_PAYLOAD_BYTES + MAX_ALARM_SYNC_TOPIC_BYTES + 1_024

const bounded = (text: string): string => showInvisible(text).slice(0, MAX_REASON_LENGTH)

/**
 * The broker side of `alarmSync`: one MQTT connection (MqttLink: backoff reconnect, health check,
 * packet-size guard) that subscribes to every console's state and shelves and publishes this
 * console's own, retained. What changes while the broker is away waits as a set of changed alarm
 * points (bounded by the replica's bounds; only the latest claims of each are sent); after every
 * (re)connect all of this console's claims are sent again, so a broker that lost its retained
 * messages, or a console that changed things while cut off, is reconciled. Events for audit tools
 * go out only while connected.
 */
export class AlarmSyncLink implements MqttLinkHost, ReplicaOutlet {
  private readonly link: MqttLink
  private replica: AlarmReplica | null = null
  private linkState: SourceState = 'connecting'
  private lastError: string | null = null
  private subscribed = false
  private client: MqttClient | null = null
  private readonly dirtySlots = new Set<string>()
  private readonly dirtyShelves = new Set<string>()
  private flushing: NodeJS.Immediate | null = null
  private published = 0
  private stopped = false

  constructor(
    private readonly settings: AlarmSyncSettings,
    readonly console: string,
    readonly fault: FaultHandler,
    options: MqttLinkOptions = {}
  ) {
    const clientId = settings.clientId ?? `tickwire-alarms-${console}-${randomBytes(4).toString('hex')}`
    const config = { ...settings, clean: true, maxMessageBytes: MAX_PACKET_BYTES }
    this.link = new MqttLink(config, clientId.slice(0, 128), this, options)
  }

  start(replica: AlarmReplica): void {
    this.replica = replica
    this.link.start()
  }

  checkHealth(): void {
    this.link.checkHealth()
  }

  stats(): AlarmSyncStats {
    const r = this.replica
    return {
      state: this.linkState,
      url: stripCredentials(this.settings.url),
      console: this.console,
      prefix: this.settings.prefix,
      consoles: r?.consolesSeen() ?? [],
      published: this.published,
      applied: r?.counts.applied ?? 0,
      refused: r?.counts.refused ?? 0,
      lastRefused: r?.lastRefused ?? null,
      tracked: r?.slots.size ?? 0,
      lastError: this.lastError ?? r?.lastUntracked ?? null
    }
  }

  stop(): Promise<void> {
    this.stopped = true
    if (this.flushing !== null) clearImmediate(this.flushing)
    this.flushing = null
    return this.link.stop()
  }

  // MqttLinkHost

  state(state: SourceState, error?: string): void {
    this.linkState = state
    if (error !== undefined) this.lastError = bounded(error)
  }

  refused(reason: string): void {
    this.replica?.refuse(bounded(reason))
  }

  connected(client: MqttClient): void {
    this.client = client
    this.subscribed = false
    this.lastError = null
    client.subscribe(syncSubscriptions(this.settings.prefix), { qos: this.settings.qos }, (err, granted) => {
      if (this.client !== client || this.stopped) return
      if (err) {
        this.lastError = bounded(`subscribe: ${err.message}`)
        return
      }
      const denied = (granted ?? []).filter((g) => g.qos >= 128)
      if (denied.length > 0)
        this.lastError = bounded(`the broker refused to let this console read ${denied[0].topic} (its ACL)`)
      this.subscribed = true
      this.linkState = 'open'
      const mine = this.replica?.myTopics()
      for (const id of mine?.slots ?? []) this.dirtySlots.add(id)
      for (const key of mine?.shelves ?? []) this.dirtyShelves.add(key)
      this.flush()
    })
  }

  message(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const replica = this.replica
    if (replica === null) return
    const decoded = decodeSyncMessage(this.settings.prefix, topic, payload)
    if ('error' in decoded) return replica.refuse(bounded(`${topic.slice(0, 200)}: ${decoded.error}`))
    replica.remote(decoded, packet.retain)
  }

  lost(): void {
    this.client = null
    this.subscribed = false
  }

  // ReplicaOutlet

  stateChanged(slotId: string): void {
    this.dirtySlots.add(slotId)
    this.schedule()
  }

  shelfChanged(key: string): void {
    this.dirtyShelves.add(key)
    this.schedule()
  }

  event(event: AlarmSyncEvent): void {
    const client = this.ready()
    if (client === null) return
    const payload = encodeEvent(this.console, event)
    if (payload instanceof Uint8Array)
      this.send(client, eventsTopic(this.settings.prefix, this.console), payload, false)
  }

  private ready(): MqttClient | null {
    const client = this.link.connected
    return client !== null && client === this.client && this.subscribed && !this.stopped ? client : null
  }

  private schedule(): void {
    if (this.flushing !== null || this.stopped) return
    this.flushing = setImmediate(() => {
      this.flushing = null
      this.flush()
    })
  }

  /** Sends the latest claims of every changed alarm point and shelf (nothing while away). */
  private flush(): void {
    const client = this.ready()
    const replica = this.replica
    if (client === null || replica === null) return
    const prefix = this.settings.prefix
    for (const id of [...this.dirtySlots]) {
      this.dirtySlots.delete(id)
      const mine = replica.mine(id)
      if (mine === null) continue
      const { key, slot } = mine.entry
      const topic = stateTopic(prefix, this.console, key, slot)
      const payload = fitting(this.console, key, slot, mine.claims)
      if (typeof topic !== 'string' || !(payload instanceof Uint8Array)) {
        this.lastError = bounded(
          `${key} ${slot}: ${typeof topic !== 'string' ? topic.error : 'payload too large'}`
        )
        continue
      }
      this.send(client, topic, payload, true)
    }
    for (const key of [...this.dirtyShelves]) {
      this.dirtyShelves.delete(key)
      const register = replica.myShelf(key)
      const topic = shelfTopic(prefix, this.console, key)
      const payload = register === undefined ? null : encodeShelf(this.console, key, register)
      if (payload === null) continue
      if (typeof topic !== 'string') {
        this.lastError = bounded(`${key}: ${topic.error}`)
        continue
      }
      if (!(payload instanceof Uint8Array)) {
        this.lastError = bounded(`${key}: ${payload.error}`)
        continue
      }
      this.send(client, topic, payload, true)
    }
  }

  private send(client: MqttClient, topic: string, payload: Uint8Array, retain: boolean): void {
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
    this.published++
    client.publish(topic, bytes, { qos: this.settings.qos, retain }, (err) => {
      // MQTT 5: a broker whose ACL refuses the publish says so in the PUBACK.
      if (err) this.lastError = bounded(`publish ${topic.slice(0, 200)}: ${err.message}`)
    })
  }
}

/** The claims' payload, dropping the oldest until it fits (a slot of very long labels). */
function fitting(console: string, key: string, slot: string, claims: readonly SlotClaim[]) {
  for (let from = 0; from < claims.length; from++) {
    const payload = encodeState(console, key, slot, claims.slice(from))
    if (payload instanceof Uint8Array) return payload
  }
  return encodeState(console, key, slot, [])
}
