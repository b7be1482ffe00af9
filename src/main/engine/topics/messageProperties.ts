import type { IPublishPacket } from 'mqtt'
import type { TopicMessageProperties } from '@shared/topics'

/** Longest property text kept for the inspector. */
const MAX_PROPERTY_TEXT = 512
/** Most user properties kept of one message. */
const MAX_USER_PROPERTIES = 32

/** The MQTT 5 PUBLISH properties the inspector shows, bounded (a broker may send any). */
export function messageProperties(p: NonNullable<IPublishPacket['properties']>): TopicMessageProperties {
  const text = (s: unknown): string | undefined =>
    typeof s === 'string' ? s.slice(0, MAX_PROPERTY_TEXT) : undefined
  const out: TopicMessageProperties = {}
  const contentType = text(p.contentType)
  if (contentType !== undefined) out.contentType = contentType
  const responseTopic = text(p.responseTopic)
  if (responseTopic !== undefined) out.responseTopic = responseTopic
  if (Buffer.isBuffer(p.correlationData))
    out.correlationData = p.correlationData.subarray(0, 256).toString('hex')
  if (typeof p.payloadFormatIndicator === 'boolean') out.payloadFormatIndicator = p.payloadFormatIndicator
  if (typeof p.messageExpiryInterval === 'number') out.messageExpiryInterval = p.messageExpiryInterval
  if (p.userProperties !== undefined && typeof p.userProperties === 'object') {
    const user: Record<string, string | string[]> = {}
    for (const [key, value] of Object.entries(p.userProperties).slice(0, MAX_USER_PROPERTIES)) {
      user[key.slice(0, MAX_PROPERTY_TEXT)] = Array.isArray(value)
        ? value.slice(0, MAX_USER_PROPERTIES).map((v) => String(v).slice(0, MAX_PROPERTY_TEXT))
        : String(value).slice(0, MAX_PROPERTY_TEXT)
    }
    out.userProperties = user
  }
  return out
}
