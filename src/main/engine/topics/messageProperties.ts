import type { IPublishPacket } from 'mqtt'
import type { TopicMessageProperties } from '@shared/topics'

/** Longest property text kept for the inspector. */
const MAX_PROPERTY_TEXT = 512
/** Most user properties kept of one message. */
const MAX_USER_PROPERTIES = 32
/** Characters of properties kept of one message, all together; the rest are left out. */
const MAX_PROPERTIES_TEXT = 4_096

/**
 * A copy of its own: a slice of the decoded packet's text would keep all of it alive (V8 keeps
 * a sliced string's parent), and these are kept for as long as the message is.
 */
function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8')
}

/** What a message's kept properties weigh (characters are up to two bytes each), for the budget. */
export function propertiesBytes(p: TopicMessageProperties): number {
  let chars = (p.contentType?.length ?? 0) + (p.responseTopic?.length ?? 0) + (p.correlationData?.length ?? 0)
  for (const [key, value] of Object.entries(p.userProperties ?? {}))
    chars += key.length + (Array.isArray(value) ? value.reduce((n, v) => n + v.length + 16, 0) : value.length)
  return 64 + chars * 2
}

/** The MQTT 5 PUBLISH properties the inspector shows, bounded (a broker may send any). */
export function messageProperties(p: NonNullable<IPublishPacket['properties']>): TopicMessageProperties {
  let budget = MAX_PROPERTIES_TEXT
  const text = (s: unknown): string | undefined => {
    if (typeof s !== 'string' || budget <= 0) return undefined
    const kept = s.slice(0, Math.min(MAX_PROPERTY_TEXT, budget))
    budget -= kept.length
    return flat(kept)
  }
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
      const name = text(key)
      if (name === undefined) break
      user[name] = Array.isArray(value)
        ? value.slice(0, MAX_USER_PROPERTIES).flatMap((v) => text(String(v)) ?? [])
        : (text(String(value)) ?? '')
    }
    out.userProperties = user
  }
  return out
}
