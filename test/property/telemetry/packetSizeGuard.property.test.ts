import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PacketHeaderScanner } from '../../../src/main/engine/telemetry/packetSizeGuard'

/**
 * The MQTT fixed-header scanner (`PacketHeaderScanner`): over a stream of well-formed packets,
 * however it is cut into chunks, it stays silent while every packet fits the limit and otherwise
 * reports the first oversized packet's whole size, in the chunk that completes that packet's
 * header (before its body). A remaining length longer than four bytes is reported as
 * Number.MAX_SAFE_INTEGER. On arbitrary bytes it never throws, reports only sizes over the limit,
 * and the chunking never changes the verdict.
 */

/** The largest remaining length four varint bytes hold. */
const MAX_REMAINING = 268_435_455

/** `n` as an MQTT variable byte integer, padded with continuation bytes to `minBytes` (≤ 4). */
function varint(n: number, minBytes = 1): number[] {
  const bytes: number[] = []
  let rest = n
  do {
    bytes.push(rest % 128)
    rest = Math.floor(rest / 128)
  } while (rest > 0)
  while (bytes.length < minBytes) bytes.push(0)
  return bytes.map((b, i) => (i < bytes.length - 1 ? b | 0x80 : b))
}

interface Packet {
  type: number
  remaining: number
  /** Bytes of the remaining length as written (minimal, or padded with 0x80 0x00…). */
  lengthBytes: number
  bytes: Uint8Array
}

const packet = (remaining: fc.Arbitrary<number>): fc.Arbitrary<Packet> =>
  fc
    .record({
      type: fc.integer({ min: 0, max: 255 }),
      remaining,
      padTo: fc.integer({ min: 1, max: 4 }),
      fill: fc.integer({ min: 0, max: 255 })
    })
    .chain(({ type, remaining, padTo, fill }) => {
      const length = varint(remaining, padTo)
      // A short random body for small packets; a constant fill keeps large ones cheap.
      const body =
        remaining <= 300
          ? fc.uint8Array({ minLength: remaining, maxLength: remaining })
          : fc.constant(new Uint8Array(remaining).fill(fill))
      return body.map((b): Packet => ({
        type,
        remaining,
        lengthBytes: length.length,
        bytes: Uint8Array.from([type, ...length, ...b])
      }))
    })

const size = (p: Packet): number => 1 + p.lengthBytes + p.remaining

/** Mostly 0..300 (one or two length bytes), now and then one whose length takes three bytes. */
const smallPacket = packet(
  fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 300 }) },
    fc.integer({ min: 16_384, max: 17_000 })
  )
)

/** A limit anywhere, or right at (or one off) the size of one of the packets, where `>` matters. */
function limitAround(packets: Packet[]): fc.Arbitrary<number> {
  const anywhere = fc.oneof(fc.integer({ min: 2, max: 400 }), fc.constant(1 << 20))
  if (packets.length === 0) return anywhere
  const atOne = fc.constantFrom(...packets.map(size)).chain((n) => fc.constantFrom(n - 1, n, n + 1))
  return fc.oneof(anywhere, atOne)
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Cut points, as fractions of the stream's length, so they land anywhere in it (empty chunks too). */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 })

function split(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = at.map((f) => Math.floor(f * bytes.length)).sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let from = 0
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p))
    from = p
  }
  return chunks
}

/** Feeds chunks until the scanner reports: the size, and the index of the chunk that made it report. */
function firstReport(
  scanner: PacketHeaderScanner,
  chunks: Uint8Array[]
): { size: number; chunk: number } | null {
  for (let i = 0; i < chunks.length; i++) {
    const size = scanner.scan(chunks[i])
    if (size !== null) return { size, chunk: i }
  }
  return null
}

/** The index of the chunk holding byte `offset` of the stream. */
function chunkHolding(chunks: Uint8Array[], offset: number): number {
  let end = 0
  for (let i = 0; i < chunks.length; i++) {
    end += chunks[i].length
    if (end > offset) return i
  }
  return -1
}

/** Offset of the last byte of packet `i`'s fixed header. */
function headerLastByte(packets: Packet[], i: number): number {
  const before = packets.slice(0, i).reduce((n, p) => n + p.bytes.length, 0)
  return before + packets[i].lengthBytes
}

describe('PacketHeaderScanner', () => {
  it('is silent iff every packet fits, else reports the first oversized one as its header completes', () => {
    fc.assert(
      fc.property(
        fc
          .array(smallPacket, { maxLength: 12 })
          .chain((packets) => fc.tuple(fc.constant(packets), limitAround(packets))),
        cuts,
        ([packets, limit], at) => {
          const chunks = split(concat(packets.map((p) => p.bytes)), at)
          const report = firstReport(new PacketHeaderScanner(limit), chunks)
          const first = packets.findIndex((p) => size(p) > limit)
          if (first === -1) {
            expect(report).toBeNull()
            return
          }
          expect(report?.size).toBe(size(packets[first]))
          // Reported by the chunk holding the header's last byte: not before, and not later.
          expect(report?.chunk).toBe(chunkHolding(chunks, headerLastByte(packets, first)))
        }
      ),
      { numRuns: 300 }
    )
  })

  it('reports a huge announced packet from its header alone, whatever came before and however it is cut', () => {
    fc.assert(
      fc.property(
        fc.array(packet(fc.integer({ min: 0, max: 300 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1 << 20, max: MAX_REMAINING }),
        fc.integer({ min: 1, max: 4 }),
        cuts,
        (before, type, remaining, padTo, at) => {
          const length = varint(remaining, padTo)
          const stream = concat([...before.map((p) => p.bytes), Uint8Array.from([type, ...length])])
          const report = firstReport(new PacketHeaderScanner(1 << 20), split(stream, at))
          expect(report?.size).toBe(1 + length.length + remaining)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('reports a remaining length that runs past four bytes as Number.MAX_SAFE_INTEGER', () => {
    fc.assert(
      fc.property(
        fc.array(packet(fc.integer({ min: 0, max: 300 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 4, maxLength: 4 }),
        fc.uint8Array({ maxLength: 8 }),
        fc.oneof(fc.constant(400), fc.constant(Number.MAX_SAFE_INTEGER)),
        cuts,
        (before, type, length, tail, limit, at) => {
          const stream = concat([...before.map((p) => p.bytes), Uint8Array.from([type, ...length]), tail])
          const report = firstReport(new PacketHeaderScanner(limit), split(stream, at))
          expect(report?.size).toBe(Number.MAX_SAFE_INTEGER)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('never throws on arbitrary bytes, reports only sizes over the limit, and chunking never changes the verdict', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(Number.MAX_SAFE_INTEGER)),
        cuts,
        (bytes, limit, at) => {
          const whole = new PacketHeaderScanner(limit).scan(bytes)
          const chunked = firstReport(new PacketHeaderScanner(limit), split(bytes, at))
          expect(chunked?.size ?? null).toBe(whole)
          if (whole !== null) {
            // Oversized, or unparseable (MAX_SAFE_INTEGER, whatever the limit).
            expect(Number.isSafeInteger(whole)).toBe(true)
            expect(whole).toBeGreaterThanOrEqual(2)
            if (whole !== Number.MAX_SAFE_INTEGER) expect(whole).toBeGreaterThan(limit)
          }
        }
      ),
      { numRuns: 500 }
    )
  })
})
