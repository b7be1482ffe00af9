import type { Duplex } from 'node:stream'

/**
 * Watches the bytes of one MQTT connection and reports the first packet whose fixed header
 * announces more than `maxBytes` — before its body arrives. MQTT.js checks the size only after
 * it has buffered the whole packet (and only for MQTT 5), so a broker could otherwise make
 * Tickwire hold a 256 MB PUBLISH in memory. Only fixed headers are read; bodies are skipped by
 * count, so the cost is a few operations per packet.
 */
export function guardPacketSize(
  stream: Duplex,
  maxBytes: number,
  oversized: (packetBytes: number) => void
): () => void {
  const scanner = new PacketHeaderScanner(maxBytes)
  const onData = (chunk: Buffer | ArrayBuffer | string): void => {
    const size = scanner.scan(asBytes(chunk))
    if (size !== null) {
      stream.removeListener('data', onData)
      oversized(size)
    }
  }
  // Prepended, so the verdict comes before MQTT.js's parser appends this chunk to its buffer.
  stream.prependListener('data', onData)
  return () => stream.removeListener('data', onData)
}

/**
 * Chunks as the transports deliver them: Buffers from TCP and TLS, ArrayBuffers from MQTT.js's
 * WebSocket stream (it sets `binaryType = 'arraybuffer'`), strings in principle.
 */
function asBytes(chunk: Buffer | ArrayBuffer | string): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk)
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk)
  return chunk
}

const enum State {
  Type,
  Length,
  Body
}

/** The fixed-header state machine, across chunk boundaries. */
export class PacketHeaderScanner {
  private state = State.Type
  private length = 0
  private multiplier = 1
  private lengthBytes = 0
  private remaining = 0

  constructor(private readonly maxBytes: number) {}

  /** Feeds one chunk; returns the announced size of an oversized (or unparseable) packet, else null. */
  scan(chunk: Uint8Array): number | null {
    let i = 0
    while (i < chunk.length) {
      if (this.state === State.Body) {
        const skip = Math.min(this.remaining, chunk.length - i)
        i += skip
        this.remaining -= skip
        if (this.remaining === 0) this.state = State.Type
        continue
      }
      const byte = chunk[i++]
      if (this.state === State.Type) {
        this.state = State.Length
        this.length = 0
        this.multiplier = 1
        this.lengthBytes = 0
        continue
      }
      this.length += (byte & 0x7f) * this.multiplier
      this.multiplier *= 128
      this.lengthBytes++
      if (byte & 0x80) {
        // The remaining length is at most four bytes; a fifth means the stream is not MQTT.
        if (this.lengthBytes === 4) return Number.MAX_SAFE_INTEGER
        continue
      }
      const total = 1 + this.lengthBytes + this.length
      if (total > this.maxBytes) return total
      this.remaining = this.length
      this.state = this.remaining === 0 ? State.Type : State.Body
    }
    return null
  }
}
