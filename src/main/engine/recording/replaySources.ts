import type { TopicTracker, TopicsSource } from '../topics/topicTracker'
import type { RelayMarketConfig, TelemetryConfig, WsMarketConfig } from '@shared/config'
import type { Disposable } from '@shared/disposable'
import type { SourceState } from '@shared/model'
import { wallNow } from '../clock'
import { createMarketAdapter } from '../market/createMarketAdapter'
import type { AdapterLink, MarketAdapter } from '../market/marketAdapter'
import { deliverMarketText } from '../market/marketIntake'
import type { Source, SourceSink } from '../sourceSink'
import type { SourceFactory } from '../sources/liveSources'
import { TelemetryIntake } from '../telemetry/telemetryIntake'
import { RelayIntake } from '../relay/relayIntake'
import type { RecordedEvent } from './recordingFormat'
import type { ReplayPlayer, ReplayTarget } from './replayPlayer'

/**
 * Sources that replay a recording instead of connecting: the same adapters and payload decoders
 * as live, fed the recorded wire messages (stamped with the time they are replayed), with the
 * recorded connection changes. Nothing is ever sent anywhere.
 */
export function replaySourceFactory(player: ReplayPlayer): SourceFactory {
  return (spec, sink, symbols) => {
    sink.replayed = true
    if (spec.kind === 'telemetry') return new ReplayTelemetrySource(spec.config, sink, player)
    const config = { ...spec.config, symbols: [...symbols] }
    return config.adapter === 'tickwire'
      ? new ReplayRelaySource(config, sink, player)
      : new ReplayMarketSource(config, sink, player)
  }
}

abstract class ReplaySource implements Source, ReplayTarget {
  readonly id: string
  private attached: Disposable | null = null

  constructor(
    id: string,
    protected readonly sink: SourceSink,
    private readonly player: ReplayPlayer
  ) {
    this.id = id
  }

  start(): void {
    if (this.attached !== null) return
    this.sink.state('connecting')
    this.attached = this.player.attach(this.id, this)
  }

  stop(): Promise<void> {
    this.attached?.dispose()
    this.attached = null
    return Promise.resolve()
  }

  play(event: RecordedEvent): void {
    if ('st' in event) this.stateChanged(event.st, event.err)
    else if ('ref' in event) this.sink.malformed(event.ref)
    else this.take(event, wallNow())
  }

  protected abstract stateChanged(state: SourceState, error?: string): void
  protected abstract take(event: RecordedEvent, receivedAt: number): void
}

class ReplayMarketSource extends ReplaySource {
  private readonly adapter: MarketAdapter
  private symbols: string[]
  private link: AdapterLink | null = null

  constructor(config: WsMarketConfig, sink: SourceSink, player: ReplayPlayer) {
    super(config.id, sink, player)
    this.adapter = createMarketAdapter(config, sink)
    this.symbols = [...config.symbols]
  }

  protected stateChanged(state: SourceState, error?: string): void {
    if (state === 'open') {
      const link: AdapterLink = {
        sink: this.sink,
        // A replay talks to no one: what the adapter would send is dropped.
        send: () => undefined,
        reconnect: () => undefined,
        symbolStatus: (symbol, status, detail) => this.sink.symbolStatus(symbol, status, detail)
      }
      this.link = link
      this.sink.state('open')
      this.adapter.opened(link, this.symbols)
      return
    }
    if (this.link !== null) {
      this.link = null
      this.adapter.closed()
    }
    this.sink.state(state, error)
  }

  protected take(event: RecordedEvent, receivedAt: number): void {
    if ('x' in event) {
      this.sink.message()
      if (event.n === 1 || this.link === null) return
      deliverMarketText(this.adapter, this.link, this.sink, event.x, receivedAt)
    } else if ('bin' in event) {
      this.sink.message()
      this.sink.malformed('binary frame')
    } else if ('sym' in event) {
      const next = [...new Set(event.sym)]
      const before = new Set(this.symbols)
      const after = new Set(next)
      const added = next.filter((s) => !before.has(s))
      const removed = this.symbols.filter((s) => !after.has(s))
      this.symbols = next
      if (this.link !== null) this.adapter.symbolsChanged(this.link, added, removed, next)
    }
  }
}

/** A collector's fan-out as recorded: its MQTT messages through the same intake as live. */
class ReplayRelaySource extends ReplaySource {
  private readonly intake: RelayIntake

  constructor(config: RelayMarketConfig, sink: SourceSink, player: ReplayPlayer) {
    super(config.id, sink, player)
    this.intake = new RelayIntake(config, sink)
  }

  protected stateChanged(state: SourceState, error?: string): void {
    this.sink.state(state, error)
  }

  protected take(event: RecordedEvent, receivedAt: number): void {
    if ('sym' in event) this.intake.setSymbols(event.sym)
    if (!('tp' in event)) return
    this.intake.receive(event.tp, recordedPayload(event), event.r === 1, receivedAt)
  }
}

class ReplayTelemetrySource extends ReplaySource implements TopicsSource {
  private readonly intake: TelemetryIntake

  get topics(): TopicTracker {
    return this.intake.topics
  }

  constructor(config: TelemetryConfig, sink: SourceSink, player: ReplayPlayer) {
    super(config.id, sink, player)
    this.intake = new TelemetryIntake(config, sink)
  }

  protected stateChanged(state: SourceState, error?: string): void {
    this.sink.state(state, error)
    if (state === 'reconnecting') this.intake.connectionLost()
  }

  protected take(event: RecordedEvent, receivedAt: number): void {
    if (!('tp' in event)) return
    this.intake.receive(event.tp, recordedPayload(event), event.r === 1, receivedAt)
  }
}

/** A recorded MQTT payload's bytes (kept as text when it was UTF-8, else base64). */
function recordedPayload(event: { p?: string; p64?: string }): Buffer {
  return event.p !== undefined ? Buffer.from(event.p, 'utf8') : Buffer.from(event.p64 ?? '', 'base64')
}
