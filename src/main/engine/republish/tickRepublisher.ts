import { randomBytes } from 'node:crypto'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { MAX_SOURCES, MAX_TICKERS_PER_SOURCE } from '@shared/limits'
import type { Tick, TickerQuote } from '@shared/model'
import {
  encodeRepublished,
  republishTopic,
  type RepublishedTick,
  type RepublishStats
} from '@shared/republish'
import type { RepublishSettings } from '@shared/republishConfig'
import { Backoff } from '../backoff'
import { guard, type FaultHandler } from '../faults'
import { mqttClientOptions } from '../mqttClientOptions'
import { stripCredentials } from '../sourceUrl'
import { ConflatingQueue, type ConflationOutlet } from './conflatingQueue'

/** Bytes the connection may hold unsent before the broker counts as pushing back. */
export const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024
/** QoS 1 publishes awaiting their PUBACK before the broker counts as pushing back. */
export const DEFAULT_MAX_INFLIGHT = 1_000
/** Largest packet the broker may send us (we subscribe to nothing: only acks come back). */
const MAX_INCOMING_PACKET_BYTES = 64 * 1024
const END_GRACE_MS = 1_000

export interface RepublisherOptions {
  maxBufferedBytes?: number
  maxInflight?: number
}

/** What is kept per ticker: its topic, and the fields a quote does not carry. */
interface KeyState {
  topic: string | null
  open: number | null
  sequence: number | null
}

/**
 * Publishes every tick of the chosen market sources to a broker (`republish`), on its own MQTT.js
 * client made like a telemetry connection's (TLS, credentials, protocol version). Each message is
 * the ticker's whole latest state. While the connection is down or pushes back (unsent bytes or
 * unacknowledged QoS 1 publishes over a bound), the latest value per symbol waits and the waiting
 * ones are flushed every `intervalMs` (ConflatingQueue); nothing else is queued: MQTT.js's own
 * offline queue is never used. `observe` never throws.
 */
export class TickRepublisher {
  private client: MqttClient | null = null
  private state: RepublishStats['state'] = 'connecting'
  private lastError: string | null = null
  private stopped = false
  private stopping: Promise<void> | null = null
  private retryTimer: NodeJS.Timeout | null = null
  /** Unacknowledged QoS 1 publishes of the current connection (`generation`). */
  private inflight = 0
  private generation = 0
  private readonly keys = new Map<string, KeyState>()
  private readonly maxKeys: number
  private readonly wanted: ReadonlySet<string> | null
  private readonly queue: ConflatingQueue<RepublishedTick>
  private readonly backoff: Backoff
  private readonly clientId: string
  private readonly maxBufferedBytes: number
  private readonly maxInflight: number

  constructor(
    private readonly settings: RepublishSettings,
    private readonly fault: FaultHandler,
    options: RepublisherOptions = {}
  ) {
    this.wanted = settings.sources === undefined ? null : new Set(settings.sources)
    this.maxKeys = MAX_TICKERS_PER_SOURCE * (settings.sources?.length ?? MAX_SOURCES)
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
    this.maxInflight = options.maxInflight ?? DEFAULT_MAX_INFLIGHT
    this.backoff = new Backoff(settings.reconnect)
    this.clientId = settings.clientId ?? `tickwire-republish-${randomBytes(6).toString('hex')}`
    const outlet: ConflationOutlet<RepublishedTick> = {
      ready: () => this.ready(),
      send: (key, value) => this.send(key, value)
    }
    this.queue = new ConflatingQueue(outlet, settings.intervalMs, this.maxKeys, fault)
  }

  start(): void {
    if (this.client !== null || this.stopped) return
    let options: IClientOptions
    try {
      options = {
        ...mqttClientOptions(
          { ...this.settings, clean: true, maxMessageBytes: MAX_INCOMING_PACKET_BYTES },
          this.clientId
        ),
        // Never MQTT.js's offline queue: what cannot go now waits in the conflating queue.
        queueQoSZero: false
      }
    } catch (err) {
      // A certificate file that is not there yet (a mounted volume): retried with backoff.
      this.lastError = err instanceof Error ? err.message : String(err)
      this.retry(() => this.start())
      return
    }
    const client = mqtt.connect(this.settings.url, options)
    this.client = client
    client.on(
      'connect',
      guard('republish connect', this.fault, () => {
        if (this.client !== client) return
        this.generation++
        this.inflight = 0
        this.state = 'open'
        this.lastError = null
        this.backoff.opened(Date.now())
        this.queue.flush()
      })
    )
    client.on('error', (err: Error) => {
      this.lastError = err.message
    })
    client.on(
      'close',
      guard('republish close', this.fault, () => {
        if (this.stopped || this.client !== client) return
        this.backoff.closed(Date.now())
        this.retry(() => client.reconnect())
      })
    )
  }

  /** The hot path: one tick of any source and its ticker's quote after it. */
  observe(tick: Tick, quote: Readonly<TickerQuote>): void {
    if (this.wanted !== null && !this.wanted.has(tick.source)) return
    let state = this.keys.get(quote.key)
    if (state === undefined) {
      if (this.keys.size >= this.maxKeys) {
        this.queue.counts.dropped++
        return
      }
      const topic = republishTopic(this.settings.prefix, quote.source, quote.symbol)
      if (typeof topic !== 'string') this.lastError = `${quote.key}: ${topic.error}`
      state = { topic: typeof topic === 'string' ? topic : null, open: null, sequence: null }
      this.keys.set(quote.key, state)
    }
    if (state.topic === null) {
      this.queue.counts.dropped++
      return
    }
    if (tick.open !== undefined) state.open = tick.open
    if (tick.sequence !== undefined) state.sequence = tick.sequence
    const value: RepublishedTick = {
      symbol: quote.symbol,
      last: quote.last,
      bid: quote.bid,
      ask: quote.ask,
      volume: quote.volume,
      changePct: quote.changePct,
      open: state.open,
      sequence: state.sequence,
      time: quote.time,
      receivedAt: quote.receivedAt
    }
    if (tick.trade !== undefined) value.trade = { size: tick.trade.size, side: tick.trade.side }
    this.queue.offer(quote.key, value)
  }

  stats(): RepublishStats {
    const { sent, conflated, dropped } = this.queue.counts
    return {
      state: this.state,
      url: stripCredentials(this.settings.url),
      published: sent,
      conflated,
      dropped,
      waiting: this.queue.size,
      lastError: this.lastError
    }
  }

  /** Closes the timer and the client; what still waits is counted as dropped. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    this.stopped = true
    this.queue.dispose()
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const client = this.client
    this.client = null
    this.stopping = new Promise<void>((resolve) => {
      if (client === null) return resolve()
      const giveUp = setTimeout(resolve, END_GRACE_MS)
      // Not forced while connected, so QoS 0 messages already written leave before DISCONNECT.
      client.end(!client.connected, {}, () => {
        clearTimeout(giveUp)
        resolve()
      })
    }).then(() => {
      this.state = 'closed'
    })
    return this.stopping
  }

  private ready(): boolean {
    const client = this.client
    if (client === null || !client.connected) return false
    const stream = client.stream as { writableLength?: number } | undefined
    if ((stream?.writableLength ?? 0) > this.maxBufferedBytes) return false
    return this.inflight < this.maxInflight
  }

  private send(key: string, value: RepublishedTick): boolean {
    const client = this.client
    const topic = this.keys.get(key)?.topic
    if (client === null || topic == null) return false
    const payload = encodeRepublished(value)
    if (!(payload instanceof Uint8Array)) {
      this.lastError = `${key}: ${payload.error}`
      return false
    }
    const { qos, retain } = this.settings
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
    if (qos === 0) {
      client.publish(topic, bytes, { qos, retain })
      return true
    }
    const generation = this.generation
    this.inflight++
    client.publish(topic, bytes, { qos, retain }, (err) => {
      if (generation === this.generation && this.inflight > 0) this.inflight--
      if (err) this.lastError = err.message
    })
    return true
  }

  private retry(attempt: () => void): void {
    if (this.stopped || this.retryTimer !== null) return
    this.state = 'reconnecting'
    this.retryTimer = setTimeout(
      guard('republish reconnect', this.fault, () => {
        this.retryTimer = null
        if (!this.stopped) attempt()
      }),
      this.backoff.nextDelayMs()
    )
  }
}
