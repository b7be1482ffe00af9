import { randomBytes } from 'node:crypto'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { TelemetryConfig } from '@shared/config'
import { Backoff } from './backoff'
import { wallNow } from './clock'
import type { Source, SourceSink } from './sourceSink'
import { TelemetryPayloadDecoder } from './telemetryPayload'
import { loadTls } from './tlsFiles'

/** How long `stop()` waits for MQTT.js to finish closing before giving up on its callback. */
const END_GRACE_MS = 1000

/**
 * One MQTT connection. MQTT.js's own reconnect uses a fixed period, so it is switched off
 * (`reconnectPeriod: 0`) and this class reconnects with jittered exponential backoff via
 * `client.reconnect()`. Subscriptions are (re)sent on every `connect` rather than relying on
 * MQTT.js's `resubscribe`, which only replays topics it saw granted on this client instance.
 */
export class TelemetrySource implements Source {
  readonly id: string
  private readonly decoder: TelemetryPayloadDecoder
  private readonly backoff: Backoff
  private readonly clientId: string
  private client: MqttClient | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private lastError: string | null = null
  private started = false
  private stopped = false
  private stopping: Promise<void> | null = null

  constructor(
    private readonly config: TelemetryConfig,
    private readonly sink: SourceSink
  ) {
    this.id = config.id
    this.decoder = TelemetryPayloadDecoder.forConfig(config, sink)
    this.backoff = new Backoff(config.reconnect)
    this.clientId = config.clientId ?? `tickwire-${randomBytes(6).toString('hex')}`
  }

  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.sink.state('connecting')
    let options: IClientOptions
    try {
      options = this.clientOptions()
    } catch (err) {
      this.lastError = (err as Error).message
      this.scheduleRetry(() => {
        this.started = false
        this.start()
      })
      return
    }
    const client = mqtt.connect(this.config.url, options)
    this.client = client
    client.on('connect', () => this.onConnect(client))
    client.on('message', (topic, payload, packet) => {
      const receivedAt = wallNow()
      this.sink.message()
      try {
        this.decoder.decode(topic, payload, packet.retain, receivedAt)
      } catch (err) {
        // Last line of defence: a decoder bug must cost one message, never the process.
        this.sink.malformed(`${topic}: could not be decoded (${(err as Error).message})`)
      }
    })
    client.on('error', (err) => {
      this.lastError = err.message
    })
    client.on('close', () => {
      if (this.stopped || this.client !== client) return
      this.backoff.closed(Date.now())
      this.scheduleRetry(() => client.reconnect())
    })
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    this.stopped = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    const client = this.client
    this.client = null
    this.stopping = new Promise<void>((resolve) => {
      if (client === null) {
        resolve()
        return
      }
      // end()'s callback waits for the stream's close, which never comes if it already closed.
      const giveUp = setTimeout(resolve, END_GRACE_MS)
      client.end(!client.connected, {}, () => {
        clearTimeout(giveUp)
        resolve()
      })
    }).then(() => {
      if (this.started) this.sink.state('closed')
    })
    return this.stopping
  }

  private clientOptions(): IClientOptions {
    const c = this.config
    const options: IClientOptions = {
      protocolVersion: c.protocolVersion,
      clientId: this.clientId,
      clean: c.clean,
      keepalive: c.keepaliveSec,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      resubscribe: false
    }
    if (c.username !== undefined) options.username = c.username
    if (c.password !== undefined) options.password = c.password
    if (c.tls !== undefined) Object.assign(options, loadTls(c.tls))
    return options
  }

  private onConnect(client: MqttClient): void {
    if (this.client !== client) return
    this.lastError = null
    this.backoff.opened(Date.now())
    this.sink.state('open')
    const filters: Record<string, { qos: 0 | 1 | 2 }> = {}
    for (const s of this.config.subscriptions) filters[s.topic] = { qos: s.qos }
    client.subscribe(filters, (err, granted) => {
      if (err) {
        this.sink.state('open', `subscribe failed: ${err.message}`)
        return
      }
      const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic)
      if (refused.length > 0) this.sink.state('open', `broker refused subscription to ${refused.join(', ')}`)
    })
  }

  private scheduleRetry(retry: () => void): void {
    if (this.stopped || this.reconnectTimer) return
    this.sink.state('reconnecting', this.lastError ?? 'connection closed')
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (!this.stopped) retry()
    }, this.backoff.nextDelayMs())
  }
}
