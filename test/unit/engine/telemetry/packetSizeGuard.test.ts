import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { guardPacketSize, PacketHeaderScanner } from '../../../../src/main/engine/telemetry/packetSizeGuard'
import { encodeVarint } from '../../../harness/fakeMqttBroker'

/** An MQTT fixed header: type byte and the remaining length as a variable byte integer. */
const header = (type: number, remaining: number): Buffer =>
  Buffer.concat([Buffer.from([type]), encodeVarint(remaining)])

function packet(remaining: number): Buffer {
  return Buffer.concat([header(0x30, remaining), Buffer.alloc(remaining, 1)])
}

describe('PacketHeaderScanner', () => {
  it('lets packets up to the limit through, however they are split into chunks', () => {
    const stream = Buffer.concat([packet(0), packet(10), packet(200), packet(1_000 - 3)])
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const scanner = new PacketHeaderScanner(1_000)
      for (let i = 0; i < stream.length; i += size) {
        expect(scanner.scan(stream.subarray(i, i + size))).toBeNull()
      }
    }
  })

  it('reports a packet announced over the limit from its header alone, split anywhere', () => {
    const head = Buffer.concat([packet(5), header(0x30, 268_000_000)])
    for (let cut = 1; cut < head.length; cut++) {
      const scanner = new PacketHeaderScanner(1024 * 1024)
      const first = scanner.scan(head.subarray(0, cut))
      const second = first ?? scanner.scan(head.subarray(cut))
      expect(second).toBe(1 + 4 + 268_000_000)
    }
  })

  it('counts the whole packet (header included) against the limit', () => {
    expect(new PacketHeaderScanner(1_003).scan(header(0x30, 1_000))).toBeNull()
    expect(new PacketHeaderScanner(1_002).scan(header(0x30, 1_000))).toBe(1_003)
  })

  it('reports a remaining length longer than four bytes as invalid', () => {
    expect(new PacketHeaderScanner(1e9).scan(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]))).toBe(
      Number.MAX_SAFE_INTEGER
    )
  })
})

describe('guardPacketSize', () => {
  it('reports before the parser downstream gets the chunk, then stops listening', () => {
    const stream = new PassThrough()
    const seen: string[] = []
    stream.on('data', () => seen.push('parser'))
    const sizes: number[] = []
    const dispose = guardPacketSize(stream, 100, (n) => {
      seen.push('guard')
      sizes.push(n)
    })
    stream.write(packet(10))
    stream.write(header(0x30, 5_000))
    stream.write(Buffer.alloc(10))
    expect(sizes).toEqual([5_003])
    // The oversized header reaches the guard first; after its verdict the guard is gone.
    expect(seen).toEqual(['parser', 'guard', 'parser', 'parser'])
    dispose()
  })
})
