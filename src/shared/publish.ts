/**
 * Publishing a message from Tickwire (the Publish panel): what the view asks, what the broker
 * answered, and what the journal (`publish.jsonl` in the state directory) keeps of each.
 */

export const PUBLISH_ENCODINGS = ['text', 'json', 'hex'] as const
export type PublishEncoding = (typeof PUBLISH_ENCODINGS)[number]

/** Largest payload published from the UI. */
export const MAX_PUBLISH_BYTES = 256 * 1024

export interface PublishProperties {
  contentType?: string
  responseTopic?: string
  /** Hex. */
  correlationData?: string
  userProperties?: Record<string, string>
  messageExpiryIntervalSec?: number
}

/** What the broker said: `ok` (accepted; QoS 0 has no answer), `refused` (a reason code ≥ 0x80), `error`. */
export type PublishOutcome = 'ok' | 'refused' | 'error'

export interface PublishResult {
  result: PublishOutcome
  /** MQTT 5 PUBACK/PUBREC reason code, when the broker sent one. */
  reasonCode: number | null
  /** In words: the reason code's name, or what went wrong. */
  reason: string
  bytes: number
  at: number
}

/** One line of the journal. */
export interface PublishJournalEntry extends PublishResult {
  source: string
  topic: string
  qos: 0 | 1 | 2
  retain: boolean
  /** The role of the view that published, and the name it gave. */
  role: string
  by: string | null
}

/** MQTT 5 reason codes a PUBACK or PUBREC may carry. */
const REASONS: Record<number, string> = {
  0x00: 'Success',
  0x10: 'No matching subscribers',
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x90: 'Topic Name invalid',
  0x91: 'Packet Identifier in use',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid'
}

export function reasonCodeName(code: number): string {
  return REASONS[code] ?? `reason code 0x${code.toString(16).padStart(2, '0')}`
}

/** The payload's bytes as typed in `encoding`, or why it cannot be published. */
export function publishPayloadBytes(payload: string, encoding: PublishEncoding): Uint8Array | string {
  let bytes: Uint8Array
  if (encoding === 'hex') {
    const hex = payload.replace(/\s+/g, '')
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return 'hex must be pairs of 0-9 and a-f'
    bytes = Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))
  } else {
    if (encoding === 'json') {
      try {
        JSON.parse(payload)
      } catch (err) {
        return `not valid JSON (${(err as Error).message.slice(0, 120)})`
      }
    }
    bytes = new TextEncoder().encode(payload)
  }
  if (bytes.length > MAX_PUBLISH_BYTES) return `larger than ${MAX_PUBLISH_BYTES / 1024} KB`
  return bytes
}
