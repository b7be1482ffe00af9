import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createWebSocketStream, WebSocketServer } from 'ws'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * A fake MQTT broker on 127.0.0.1: a plain TCP server speaking just enough MQTT 3.1.1 (protocol
 * level 4) and MQTT 5 for a client to connect and subscribe — CONNECT → CONNACK (MQTT 5 with an
 * empty property list), SUBSCRIBE → SUBACK (every filter granted the QoS asked, unless the test
 * refuses it: 0x80 in 3.1.1, 0x87 "not authorized" in 5, as an ACL would), PINGREQ →
 * PINGRESP, UNSUBSCRIBE → UNSUBACK — and nothing a real broker would check. What it sends is
 * up to the test: well-formed QoS 0 PUBLISH packets with any topic bytes (invalid UTF-8, NUL,
 * wildcards, 65 kB), or a PUBLISH whose fixed header declares any remaining length with the
 * payload streamed in chunks on timers, honouring backpressure, until the peer hangs up.
 */

/** MQTT 5 property identifiers and how their values are encoded (MQTT 5 §2.2.2.2). */
const PROPERTY_TYPES: Record<number, 'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'binary' | 'pair'> = {
  0x01: 'byte',
  0x02: 'u32',
  0x03: 'string',
  0x08: 'string',
  0x09: 'binary',
  0x0b: 'varint',
  0x11: 'u32',
  0x12: 'string',
  0x13: 'u16',
  0x15: 'string',
  0x16: 'binary',
  0x17: 'byte',
  0x18: 'u32',
  0x19: 'byte',
  0x1a: 'string',
  0x1c: 'string',
  0x1f: 'string',
  0x21: 'u16',
  0x22: 'u16',
  0x23: 'u16',
  0x24: 'byte',
  0x25: 'byte',
  0x26: 'pair',
  0x27: 'u32',
  0x28: 'byte',
  0x29: 'byte',
  0x2a: 'byte'
}

/** The Maximum Packet Size property of CONNECT (MQTT 5 §3.1.2.11.4). */
export const MAXIMUM_PACKET_SIZE = 0x27

/** The largest remaining length the four-byte variable integer can declare: 268,435,455. */
export const MAX_REMAINING_LENGTH = 0x0fff_ffff

/** What one client's CONNECT said. */
export interface ConnectInfo {
  protocolVersion: number
  clientId: string
  keepaliveSec: number
  /** MQTT 5 CONNECT properties by identifier (user properties left out); empty for 3.1.1. */
  properties: Map<number, number | string | Buffer>
}

export class FakeMqttConnection {
  connect: ConnectInfo | null = null
  /** Topic filters the client subscribed to, in order. */
  readonly subscriptions: string[] = []
  closed = false
  pingRequests = 0
  private inbox: Buffer = Buffer.alloc(0)

  constructor(
    /** The TCP socket, or over WebSocket the socket's stream (each write is one frame). */
    readonly socket: Duplex,
    private readonly onChange: () => void,
    /** The CONNACK return (3.1.1) or reason (5) code to answer with; non-zero refuses and hangs up. */
    private readonly connackCode: () => number = () => 0,
    /** Subscriptions to refuse in the SUBACK. */
    private readonly refuses: (filter: string) => boolean = () => false
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk))
    socket.on('error', () => {})
    socket.on('close', () => {
      this.closed = true
      this.onChange()
    })
  }

  get protocolVersion(): number {
    return this.connect?.protocolVersion ?? 4
  }

  /** Writes bytes, waiting for the socket to drain when its buffer is full; false once closed. */
  async write(bytes: Buffer): Promise<boolean> {
    if (this.closed || this.socket.destroyed) return false
    if (this.socket.write(bytes)) return true
    return this.drained()
  }

  /** Sends a well-formed QoS 0 PUBLISH; `topic` as raw bytes may be anything (invalid UTF-8, NUL). */
  publish(topic: string | Buffer, payload: string | Buffer): Promise<boolean> {
    return this.write(this.publishPacket(topic, payload))
  }

  /** Several PUBLISH packets in one write (over WebSocket: one frame holding them all). */
  publishBatch(messages: readonly { topic: string; payload: string }[]): Promise<boolean> {
    return this.write(Buffer.concat(messages.map((m) => this.publishPacket(m.topic, m.payload))))
  }

  private publishPacket(topic: string | Buffer, payload: string | Buffer): Buffer {
    const topicBytes = typeof topic === 'string' ? Buffer.from(topic, 'utf8') : topic
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload
    const props = this.protocolVersion === 5 ? Buffer.from([0]) : Buffer.alloc(0)
    return Buffer.concat([
      Buffer.from([0x30]),
      encodeVarint(2 + topicBytes.length + props.length + body.length),
      u16(topicBytes.length),
      topicBytes,
      props,
      body
    ])
  }

  /**
   * A QoS 0 PUBLISH whose fixed header declares `remainingLength` bytes: the topic (and MQTT 5's
   * empty property list) at once, then `fill` bytes in `chunkBytes` chunks, one per timer tick
   * (or per drain when the socket's buffer is full), until all declared bytes are written or the
   * peer closes. Memory used here stays one chunk, whatever the declared size.
   */
  async streamPublish(options: {
    topic: string
    remainingLength: number
    chunkBytes?: number
    intervalMs?: number
    fill?: number
  }): Promise<{ written: number; closedByPeer: boolean; ms: number }> {
    const started = Date.now()
    const topic = Buffer.from(options.topic, 'utf8')
    const props = this.protocolVersion === 5 ? Buffer.from([0]) : Buffer.alloc(0)
    const head = Buffer.concat([
      Buffer.from([0x30]),
      encodeVarint(options.remainingLength),
      u16(topic.length),
      topic,
      props
    ])
    let left = options.remainingLength - 2 - topic.length - props.length
    if (left < 0) throw new Error('remainingLength is shorter than the topic')
    const chunk = Buffer.alloc(options.chunkBytes ?? 256 * 1024, options.fill ?? 0x78)
    let written = 0
    if (!(await this.write(head))) return { written, closedByPeer: true, ms: Date.now() - started }
    written += head.length
    while (left > 0) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
      if (!(await this.write(part))) break
      written += part.length
      left -= part.length
      await sleep(options.intervalMs ?? 1)
    }
    return { written, closedByPeer: this.closed || this.socket.destroyed, ms: Date.now() - started }
  }

  /** Closes the TCP connection abruptly (no DISCONNECT). */
  destroy(): void {
    this.socket.destroy()
  }

  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => () => {
        this.socket.off('drain', onDrain)
        this.socket.off('close', onClose)
        resolve(ok)
      }
      const onDrain = done(true)
      const onClose = done(false)
      this.socket.once('drain', onDrain)
      this.socket.once('close', onClose)
    })
  }

  private receive(chunk: Buffer): void {
    this.inbox = this.inbox.length === 0 ? chunk : Buffer.concat([this.inbox, chunk])
    // A client never sends anything large; one that does is not what these tests are about.
    if (this.inbox.length > 1024 * 1024) {
      this.socket.destroy()
      return
    }
    try {
      for (;;) {
        const header = readFixedHeader(this.inbox)
        if (header === null) return
        const end = header.offset + header.length
        if (this.inbox.length < end) return
        const body = this.inbox.subarray(header.offset, end)
        const type = this.inbox[0] >> 4
        this.inbox = this.inbox.subarray(end)
        this.handle(type, body)
      }
    } catch {
      // A packet this fake cannot parse: hang up rather than throw in a socket handler.
      this.socket.destroy()
    }
  }

  private handle(type: number, body: Buffer): void {
    switch (type) {
      case 1: {
        this.connect = parseConnect(body)
        const v5 = this.connect.protocolVersion === 5
        const code = this.connackCode()
        void this.write(Buffer.from(v5 ? [0x20, 3, 0, code, 0] : [0x20, 2, 0, code])).then(() => {
          if (code !== 0) this.socket.end()
        })
        break
      }
      case 8: {
        const { packetId, filters } = parseSubscribe(body, this.protocolVersion === 5)
        const props = this.protocolVersion === 5 ? [0] : []
        const refused = this.protocolVersion === 5 ? 0x87 : 0x80
        const granted = filters.map((f) => (this.refuses(f.topic) ? refused : f.qos))
        void this.write(
          Buffer.concat([
            Buffer.from([0x90]),
            encodeVarint(2 + props.length + granted.length),
            u16(packetId),
            Buffer.from([...props, ...granted])
          ])
        )
        this.subscriptions.push(...filters.map((f) => f.topic))
        break
      }
      case 10: {
        const packetId = body.readUInt16BE(0)
        const props = this.protocolVersion === 5 ? [0] : []
        void this.write(
          Buffer.concat([Buffer.from([0xb0, 2 + props.length]), u16(packetId), Buffer.from(props)])
        )
        break
      }
      case 12:
        this.pingRequests++
        void this.write(Buffer.from([0xd0, 0]))
        break
      case 14:
        this.socket.end()
        break
      default:
        // PUBACK and the like: nothing is published with QoS > 0, so nothing to do.
        break
    }
    this.onChange()
  }
}

export class FakeMqttBroker {
  /** Every connection ever accepted, oldest first. */
  readonly connections: FakeMqttConnection[] = []
  /** What the next CONNECTs are answered with: 0 accepts; e.g. 5 (3.1.1) is "not authorized". */
  connackCode = 0
  /** Filters the next SUBSCRIBEs are refused (as a broker's ACL refuses them). */
  readonly refusedFilters = new Set<string>()
  private readonly waiters = new Set<() => void>()

  private constructor(
    private readonly server: Server,
    private readonly scheme: 'mqtt' | 'ws'
  ) {
    if (scheme === 'mqtt') {
      server.on('connection', (socket: Socket) => {
        socket.setNoDelay(true)
        this.accept(socket)
      })
      return
    }
    // MQTT over WebSocket: binary frames, subprotocol "mqtt"; one write() is one frame.
    const wss = new WebSocketServer({
      server: server as ReturnType<typeof createHttpServer>,
      handleProtocols: () => 'mqtt'
    })
    wss.on('connection', (ws) => this.accept(createWebSocketStream(ws)))
  }

  static async start(options: { websocket?: boolean } = {}): Promise<FakeMqttBroker> {
    const server = options.websocket ? createHttpServer() : createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return new FakeMqttBroker(server, options.websocket ? 'ws' : 'mqtt')
  }

  private accept(socket: Duplex): void {
    this.connections.push(
      new FakeMqttConnection(
        socket,
        () => this.changed(),
        () => this.connackCode,
        (filter) => this.refusedFilters.has(filter)
      )
    )
    this.changed()
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`
  }

  /** How many CONNECT packets arrived, over all connections. */
  get connects(): number {
    return this.connections.filter((c) => c.connect !== null).length
  }

  /**
   * Waits until the `count`-th connection (1-based) has connected and subscribed and is still
   * open, and returns it: the connection hostile input goes to.
   */
  subscribed(count: number, timeoutMs = 10_000): Promise<FakeMqttConnection> {
    return this.until(
      () => {
        const c = this.connections.filter((x) => x.connect !== null)[count - 1]
        return c !== undefined && !c.closed && c.subscriptions.length > 0 ? c : undefined
      },
      `connection #${count} to subscribe`,
      timeoutMs
    )
  }

  /** The newest connection that is open and subscribed. */
  get current(): FakeMqttConnection | undefined {
    return this.connections.findLast((c) => !c.closed && c.subscriptions.length > 0)
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private changed(): void {
    for (const wake of [...this.waiters]) wake()
  }

  private until<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake)
        reject(new Error(`fake MQTT broker: timed out waiting for ${what}`))
      }, timeoutMs)
      const wake = (): void => {
        const value = check()
        if (value === undefined) return
        clearTimeout(timer)
        this.waiters.delete(wake)
        resolve(value)
      }
      this.waiters.add(wake)
      wake()
    })
  }
}

/** MQTT's variable byte integer (1–4 bytes, up to 268,435,455). */
export function encodeVarint(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > MAX_REMAINING_LENGTH)
    throw new Error(`cannot encode ${value} as an MQTT variable byte integer`)
  const bytes: number[] = []
  do {
    let byte = value % 128
    value = Math.floor(value / 128)
    if (value > 0) byte |= 0x80
    bytes.push(byte)
  } while (value > 0)
  return Buffer.from(bytes)
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(value)
  return b
}

function readVarint(buf: Buffer, at: number): { value: number; next: number } | null {
  let value = 0
  let multiplier = 1
  for (let i = 0; i < 4; i++) {
    if (at + i >= buf.length) return null
    const byte = buf[at + i]
    value += (byte & 0x7f) * multiplier
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 }
    multiplier *= 128
  }
  throw new Error('malformed variable byte integer from the client')
}

function readFixedHeader(buf: Buffer): { offset: number; length: number } | null {
  if (buf.length < 2) return null
  const length = readVarint(buf, 1)
  return length === null ? null : { offset: length.next, length: length.value }
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public at = 0
  ) {}
  byte(): number {
    return this.buf[this.at++]
  }
  u16(): number {
    const v = this.buf.readUInt16BE(this.at)
    this.at += 2
    return v
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.at)
    this.at += 4
    return v
  }
  varint(): number {
    const v = readVarint(this.buf, this.at)
    if (v === null) throw new Error('truncated variable byte integer')
    this.at = v.next
    return v.value
  }
  binary(): Buffer {
    const n = this.u16()
    const v = this.buf.subarray(this.at, this.at + n)
    this.at += n
    return v
  }
  string(): string {
    return this.binary().toString('utf8')
  }
  get done(): boolean {
    return this.at >= this.buf.length
  }
}

function readProperties(r: Reader): Map<number, number | string | Buffer> {
  const props = new Map<number, number | string | Buffer>()
  const end = r.varint() + r.at
  while (r.at < end) {
    const id = r.byte()
    switch (PROPERTY_TYPES[id]) {
      case 'byte':
        props.set(id, r.byte())
        break
      case 'u16':
        props.set(id, r.u16())
        break
      case 'u32':
        props.set(id, r.u32())
        break
      case 'varint':
        props.set(id, r.varint())
        break
      case 'string':
        props.set(id, r.string())
        break
      case 'binary':
        props.set(id, r.binary())
        break
      case 'pair':
        r.string()
        r.string()
        break
      default:
        throw new Error(`unknown MQTT 5 property 0x${id.toString(16)}`)
    }
  }
  return props
}

function parseConnect(body: Buffer): ConnectInfo {
  const r = new Reader(body)
  r.string() // "MQTT"
  const protocolVersion = r.byte()
  r.byte() // connect flags
  const keepaliveSec = r.u16()
  const properties = protocolVersion === 5 ? readProperties(r) : new Map<number, number | string | Buffer>()
  const clientId = r.string()
  return { protocolVersion, clientId, keepaliveSec, properties }
}

function parseSubscribe(
  body: Buffer,
  v5: boolean
): { packetId: number; filters: { topic: string; qos: number }[] } {
  const r = new Reader(body)
  const packetId = r.u16()
  if (v5) readProperties(r)
  const filters: { topic: string; qos: number }[] = []
  while (!r.done) {
    const topic = r.string()
    filters.push({ topic, qos: r.byte() & 0x03 })
  }
  return { packetId, filters }
}
