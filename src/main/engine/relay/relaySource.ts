import { randomBytes } from 'node:crypto'
import type { IPublishPacket, MqttClient } from 'mqtt'
import type { RelayMarketConfig } from '@shared/config'
import { republishTopic } from '@shared/republish'
import { wallNow } from '../clock'
import { MqttLink, subscribeVerdicts, type MqttLinkOptions } from '../mqttLink'
import { NO_TAP, type WireTap } from '../recording/wireTap'
import type { Source, SourceSink } from '../sourceSink'
import { RelayIntake } from './relayIntake'

export interface RelaySourceOptions extends MqttLinkOptions {
  /** Where what comes off the wire is recorded. */
  tap?: WireTap
  /** Every message as `<topic> <payload>` (a connection test shows the first ones). */
  onText?: (text: string) => void
}

/**
 * A desk's market feed from a collector's fan-out (`"adapter": "tickwire"`): one MQTT connection
 * (MqttLink: backoff reconnects, health checks, the packet-size guard) subscribed to
 * `<prefix>/<source>/<symbol>` per watched symbol, or `<prefix>/<source>/+` while the watchlist is
 * empty. A watchlist change subscribes and unsubscribes live, and the broker's verdict per symbol
 * (granted, or refused by its ACL) is shown in the watchlist. Clean sessions only: a desk wants
 * the latest prices, not a backlog, and a retained fan-out gives them at once on subscribe.
 */
export class RelaySource implements Source {
  readonly id: string
  private readonly intake: RelayIntake
  private readonly link: MqttLink
  private readonly tap: WireTap
  private readonly source: string
  private symbols: string[]
  /** The filters the broker has (or is being asked for) on the current connection, by filter. */
  private subscribed = new Map<string, string | null>()
  private client: MqttClient | null = null
  /** One per connection: MQTT.js reuses its client across reconnects, so a late SUBACK is told apart. */
  private connection = 0
  private readonly onText: ((text: string) => void) | undefined

  constructor(
    private readonly config: RelayMarketConfig,
    private readonly sink: SourceSink,
    options: RelaySourceOptions = {}
  ) {
    this.id = config.id
    this.source = config.source ?? config.id
    this.symbols = [...new Set(config.symbols)]
    this.intake = new RelayIntake(config, sink)
    this.tap = options.tap ?? NO_TAP
    this.onText = options.onText
    const clientId = config.clientId ?? `tickwire-desk-${randomBytes(6).toString('hex')}`
    this.link = new MqttLink(
      { ...config, clean: true },
      clientId,
      {
        state: (state, error) => sink.state(state, error),
        fault: (context, err) => sink.fault(context, err),
        refused: (reason) => {
          if (this.tap.active) this.tap.refused(wallNow(), reason)
          sink.malformed(reason)
        },
        connected: (client) => this.onConnect(client),
        message: (topic, payload, packet) => this.onMessage(topic, payload, packet),
        lost: () => {
          this.client = null
          this.connection++
          this.subscribed.clear()
        }
      },
      options
    )
  }

  /** The symbols currently watched. */
  get watchedSymbols(): readonly string[] {
    return this.symbols
  }

  start(): void {
    this.link.start()
  }

  checkHealth(): void {
    this.link.checkHealth()
  }

  stop(): Promise<void> {
    this.client = null
    this.connection++
    return this.link.stop()
  }

  /** Replaces the watchlist; an open connection is changed live (subscribe/unsubscribe). */
  setSymbols(symbols: readonly string[]): void {
    const next = [...new Set(symbols)]
    if (next.length === this.symbols.length && next.every((s, i) => s === this.symbols[i])) return
    this.symbols = next
    this.intake.setSymbols(next)
    if (this.tap.active) this.tap.symbols(wallNow(), next)
    if (this.client !== null) this.resubscribe(this.client)
  }

  private onConnect(client: MqttClient): void {
    this.client = client
    this.connection++
    this.subscribed.clear()
    this.sink.state('open')
    this.resubscribe(client)
  }

  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const receivedAt = wallNow()
    if (this.tap.active) this.tap.mqtt(receivedAt, topic, payload, packet.retain, packet.qos)
    this.onText?.(`${topic} ${payload.subarray(0, 1_024).toString('utf8')}`)
    this.intake.receive(topic, payload, packet.retain, receivedAt)
  }

  /** The filters the watchlist needs, by filter: the symbol each stands for (`null`: every symbol). */
  private wantedFilters(): Map<string, string | null> {
    const wanted = new Map<string, string | null>()
    if (this.symbols.length === 0) {
      wanted.set(`${this.config.prefix}/${this.source}/+`, null)
      return wanted
    }
    for (const symbol of this.symbols) {
      const topic = republishTopic(this.config.prefix, this.source, symbol)
      if (typeof topic === 'string') wanted.set(topic, symbol)
      else this.sink.symbolStatus(symbol, 'rejected', topic.error)
    }
    return wanted
  }

  /** Brings the broker's subscriptions in line with the watchlist: only the difference is sent. */
  private resubscribe(client: MqttClient): void {
    const wanted = this.wantedFilters()
    const gone = [...this.subscribed.keys()].filter((f) => !wanted.has(f))
    const added = [...wanted.keys()].filter((f) => !this.subscribed.has(f))
    for (const f of gone) this.subscribed.delete(f)
    for (const f of added) this.subscribed.set(f, wanted.get(f) ?? null)
    if (gone.length > 0) client.unsubscribe(gone)
    if (added.length === 0) return
    const filters: Record<string, { qos: 0 | 1 }> = {}
    for (const f of added) filters[f] = { qos: this.config.qos }
    const connection = this.connection
    this.intake.subscribing(wallNow())
    client.subscribe(filters, (...answer) => {
      if (this.connection !== connection) return
      const verdicts = subscribeVerdicts(...answer)
      if (verdicts === null) {
        const reason = `subscribe failed: ${answer[0]?.message ?? 'no answer'}`
        this.link.noteError(reason)
        this.sink.state('open', reason)
        return
      }
      const refused: string[] = []
      for (const { topic, refused: no } of verdicts) {
        // Removed from the watchlist while the SUBACK was on its way: nothing to say of it.
        if (!this.subscribed.has(topic)) continue
        const symbol = this.subscribed.get(topic) ?? null
        if (no) {
          refused.push(topic)
          // Not kept as subscribed: a later watchlist change asks again.
          this.subscribed.delete(topic)
        }
        if (symbol === null) continue
        if (no) this.sink.symbolStatus(symbol, 'rejected', 'the broker refused the subscription (its ACL)')
        else this.sink.symbolStatus(symbol, 'subscribed')
      }
      if (refused.length > 0) this.sink.state('open', `broker refused subscription to ${refused.join(', ')}`)
    })
  }
}
