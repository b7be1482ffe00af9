import type { IClientPublishOptions, MqttClient, Packet } from 'mqtt'
import { reasonCodeName, type PublishOutcome, type PublishProperties } from '@shared/publish'

/** How long a QoS 1/2 publish waits for the broker's answer. */
const ANSWER_TIMEOUT_MS = 10_000

export interface PublishAnswer {
  result: PublishOutcome
  reasonCode: number | null
  reason: string
}

export interface PublishOptions {
  qos: 0 | 1 | 2
  retain: boolean
  properties?: PublishProperties
}

/**
 * Publishes on a connected MQTT.js client and says what the broker answered: for MQTT 5 the
 * PUBACK's or PUBREC's reason code (MQTT.js reports ≥ 0x80 as an error carrying the code), for
 * 3.1.1 only that it was acknowledged, for QoS 0 only that it was sent.
 */
export function publishWithAnswer(
  client: MqttClient,
  topic: string,
  payload: Buffer,
  options: PublishOptions,
  timeoutMs = ANSWER_TIMEOUT_MS
): Promise<PublishAnswer> {
  const p = options.properties
  const publishOptions: IClientPublishOptions = { qos: options.qos, retain: options.retain }
  if (p !== undefined && client.options.protocolVersion === 5) {
    publishOptions.properties = {
      ...(p.contentType === undefined ? {} : { contentType: p.contentType }),
      ...(p.responseTopic === undefined ? {} : { responseTopic: p.responseTopic }),
      ...(p.correlationData === undefined ? {} : { correlationData: Buffer.from(p.correlationData, 'hex') }),
      ...(p.userProperties === undefined ? {} : { userProperties: p.userProperties }),
      ...(p.messageExpiryIntervalSec === undefined
        ? {}
        : { messageExpiryInterval: p.messageExpiryIntervalSec })
    }
  }
  // MQTT 3.1.1 has no properties: the publish goes without them, and the answer says so.
  const unsent =
    p !== undefined && client.options.protocolVersion !== 5 && Object.values(p).some((v) => v !== undefined)
      ? ' — its MQTT 5 properties were not sent (the connection speaks MQTT 3.1.1)'
      : ''
  return new Promise((resolve) => {
    let settled = false
    // QoS 2: the broker's verdict is in its PUBREC; MQTT.js answers only with the PUBCOMP after it.
    const pubrec = options.qos === 2 ? watchPubrec(client, payload) : null
    const settle = (answer: PublishAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      pubrec?.dispose()
      resolve({ ...answer, reason: answer.reason + unsent })
    }
    const timer = setTimeout(
      () =>
        settle({
          result: 'error',
          reasonCode: null,
          // MQTT.js keeps the message in flight and sends it on: it may still arrive.
          reason: `no answer from the broker within ${timeoutMs / 1000} s (it is still in flight and may yet be delivered)`
        }),
      timeoutMs
    )
    client.publish(topic, payload, publishOptions, (err?: Error, packet?: Packet) => {
      const code = (err as (Error & { code?: unknown }) | undefined)?.code
      if (err !== undefined && err !== null) {
        if (typeof code === 'number')
          settle({ result: 'refused', reasonCode: code, reason: reasonCodeName(code) })
        else settle({ result: 'error', reasonCode: null, reason: err.message })
        return
      }
      const answered = pubrec?.reasonCode ?? (packet as { reasonCode?: unknown } | undefined)?.reasonCode
      // MQTT 5 leaves a success code out of the packet: no code there is 0x00.
      const v5 = client.options.protocolVersion === 5
      const reasonCode = options.qos === 0 ? null : typeof answered === 'number' ? answered : v5 ? 0 : null
      settle({
        result: 'ok',
        reasonCode,
        reason:
          options.qos === 0
            ? 'sent (QoS 0: the broker does not answer)'
            : reasonCode === null
              ? 'acknowledged'
              : reasonCodeName(reasonCode)
      })
    })
  })
}

interface PubrecWait {
  payload: Buffer
  messageId: number | undefined
  reasonCode: number | undefined
}

/** One client's QoS 2 publishes waiting for their PUBREC, and how its one pair of listeners goes. */
interface PubrecWatch {
  waits: PubrecWait[]
  detach(): void
}

const pubrecWatches = new WeakMap<MqttClient, PubrecWatch>()

function pubrecWatchOf(client: MqttClient): PubrecWatch {
  const known = pubrecWatches.get(client)
  if (known !== undefined) return known
  const waits: PubrecWait[] = []
  const onSend = (packet: Packet): void => {
    if (packet.cmd !== 'publish') return
    const wait = waits.find((w) => w.messageId === undefined && w.payload === packet.payload)
    if (wait !== undefined) wait.messageId = packet.messageId
  }
  const onReceive = (packet: Packet): void => {
    if (packet.cmd !== 'pubrec') return
    const wait = waits.find((w) => w.messageId !== undefined && w.messageId === packet.messageId)
    if (wait !== undefined) wait.reasonCode = typeof packet.reasonCode === 'number' ? packet.reasonCode : 0
  }
  client.on('packetsend', onSend)
  client.on('packetreceive', onReceive)
  const watch: PubrecWatch = {
    waits,
    detach: () => {
      client.off('packetsend', onSend)
      client.off('packetreceive', onReceive)
      pubrecWatches.delete(client)
    }
  }
  pubrecWatches.set(client, watch)
  return watch
}

/**
 * The reason code of the PUBREC answering the QoS 2 publish of `payload`: its packet id is the
 * one of the first PUBLISH sent with that very Buffer and not claimed by an earlier wait. All the
 * waits of a client share one pair of listeners, gone with the last wait.
 */
function watchPubrec(
  client: MqttClient,
  payload: Buffer
): { readonly reasonCode: number | undefined; dispose(): void } {
  const watch = pubrecWatchOf(client)
  const wait: PubrecWait = { payload, messageId: undefined, reasonCode: undefined }
  watch.waits.push(wait)
  return {
    get reasonCode() {
      return wait.reasonCode
    },
    dispose: (): void => {
      const at = watch.waits.indexOf(wait)
      if (at >= 0) watch.waits.splice(at, 1)
      if (watch.waits.length === 0) watch.detach()
    }
  }
}
