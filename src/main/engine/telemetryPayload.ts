import type { SensorConfig, TelemetryConfig, TimeUnit } from '@shared/config'
import { compilePath, lookupPath, type CompiledPath } from './dottedPath'
import { guessEpochMs, toEpochMs } from './eventTime'
import type { SensorValue } from '@shared/model'
import { MAX_KEY_PATH_LENGTH, MAX_TOPIC_LENGTH } from '@shared/limits'
import { hasInvisibleInText } from '@shared/visibleText'
import { toValidNumber } from './numericValue'
import type { SourceSink } from './sourceSink'

/** Top-level keys of a discovered JSON payload that carry its event time, never a sensor. */
const TIME_KEYS: readonly string[] = ['ts', 'time', 'timestamp']
/** A configured sensor without `valuePath` reads this key of a JSON object payload. */
const DEFAULT_VALUE_PATH = compilePath('value')
/** Deeper payloads are refused: real telemetry is shallow, and recursion must stay bounded. */
const MAX_DEPTH = 32
/** One message may yield at most this many readings (the configured value and discovered leaves). */
const MAX_LEAVES = 1_000
/** Longest text state accepted; a longer text payload is refused as malformed. */
export const MAX_TEXT_LENGTH = 256

/**
 * A sensor value from a scalar: a valid number (or all-decimal string), `true`/`false`, or a
 * short text state; else why not.
 */
export function toSensorValue(raw: unknown): SensorValue | string[] {
  const n = toValidNumber(raw)
  if (n !== undefined) return n
  if (typeof raw === 'boolean') return raw
  if (typeof raw === 'number') return ['is out of range']
  if (typeof raw !== 'string') return ['is not a number, true/false or text']
  const text = raw.trim()
  if (text.length === 0) return ['is empty']
  if (text.length > MAX_TEXT_LENGTH) return [`is text longer than ${MAX_TEXT_LENGTH} characters`]
  // A text state is shown as it is: no character may hide or reorder what the operator reads.
  if (hasInvisibleInText(text)) return ['is text with control, bidirectional or invisible characters']
  return text
}

interface ConfiguredTopic {
  sensorId: string
  valuePath: CompiledPath | null
  timePath: CompiledPath | null
  timeUnit: TimeUnit
  /** Dotted leaves this sensor consumes, so discovery skips them. */
  consumed: ReadonlySet<string>
}

/** Discovered sensor ids remembered (all topics together) before the cache starts over. */
const MAX_REMEMBERED_IDS = 20_000

/**
 * `topic#path` for discovered leaves, one string per sensor for the life of the source: built
 * once rather than concatenated per leaf per message, so every map downstream (the source's keys,
 * the sensor table, history) hashes a string whose hash is already cached. Bounded: past
 * MAX_REMEMBERED_IDS it forgets everything and rebuilds what is still sent; topics longer than a
 * sensor's may be are never kept.
 */
class DiscoveredIds {
  private readonly byTopic = new Map<string, Map<string, string>>()
  /** Topics and ids held; checked once per message, so it may pass the bound by one message's leaves. */
  private size = 0

  /** The leaves' ids of one topic, for one message. */
  of(topic: string): Map<string, string> {
    if (this.size >= MAX_REMEMBERED_IDS) {
      this.byTopic.clear()
      this.size = 0
    }
    let ids = this.byTopic.get(topic)
    if (ids === undefined) {
      ids = new Map()
      this.byTopic.set(topic, ids)
      this.size++
    }
    return ids
  }

  id(ids: Map<string, string>, topic: string, path: string): string {
    let id = ids.get(path)
    if (id === undefined) {
      id = `${topic}#${path}`
      ids.set(path, id)
      this.size++
    }
    return id
  }
}

/** One numeric or on/off leaf found by discovery; reused across messages. */
interface Leaf {
  path: string
  value: number | boolean
}

/**
 * Turns one MQTT payload into readings. A plain number, `true`/`false` or a text state (`RUNNING`)
 * is its own value (sensor id = topic); a configured topic reads `valuePath`/`timePath` (which may
 * point at a number, a boolean or a string); every other numeric or boolean leaf of a JSON payload
 * is discovered as `topic#dotted.path` (string leaves are not: names, units and ids would flood
 * the board). A message with no usable value, or with any out-of-range
 * number, is refused as a whole so nothing half-valid reaches the latest-value map.
 */
export class TelemetryPayloadDecoder {
  private readonly configured = new Map<string, ConfiguredTopic>()
  private readonly leaves: Leaf[] = []
  private readonly discovered = new DiscoveredIds()
  private leafCount = 0
  /** Discovered leaves this message may still have: MAX_LEAVES less the configured value, if any. */
  private leafBudget = MAX_LEAVES
  private badLeaf: string | null = null
  private tooComplex: string | null = null

  constructor(
    private readonly sourceId: string,
    sensors: readonly SensorConfig[],
    private readonly sink: SourceSink
  ) {
    for (const s of sensors) {
      // A Sparkplug metric's sensor is the Sparkplug decoder's, never a JSON topic's.
      if (s.metric !== undefined) continue
      const consumed = new Set<string>()
      consumed.add(s.valuePath ?? 'value')
      if (s.timePath !== undefined) consumed.add(s.timePath)
      this.configured.set(s.topic, {
        sensorId: s.id,
        valuePath: s.valuePath === undefined ? null : compilePath(s.valuePath),
        timePath: s.timePath === undefined ? null : compilePath(s.timePath),
        timeUnit: s.timeUnit,
        consumed
      })
    }
  }

  static forConfig(config: TelemetryConfig, sink: SourceSink): TelemetryPayloadDecoder {
    return new TelemetryPayloadDecoder(config.id, config.sensors, sink)
  }

  decode(topic: string, payload: Buffer | string, retained: boolean, receivedAt: number): void {
    const text = typeof payload === 'string' ? payload : payload.toString()
    if (text.trim().length === 0) {
      this.sink.malformed(`${topic}: empty payload`)
      return
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      // Broken JSON is malformed; any other non-JSON text is a bare text state such as RUNNING.
      if (/^\s*[[{]/.test(text)) {
        this.sink.malformed(`${topic}: not valid JSON`)
        return
      }
      parsed = text
    }
    const sensor = this.configured.get(topic)
    const isContainer = typeof parsed === 'object' && parsed !== null

    let time: number | null = null
    if (sensor?.timePath) {
      const raw = lookupPath(parsed, sensor.timePath)
      if (raw !== undefined && raw !== null) {
        const t = toEpochMs(raw, sensor.timeUnit)
        if (t === undefined) {
          this.sink.malformed(`${topic}: time is not a valid ${sensor.timeUnit} time`)
          return
        }
        time = t
      }
    } else if (isContainer && !Array.isArray(parsed)) {
      time = this.topLevelTime(parsed as Record<string, unknown>)
    }

    let configuredValue: SensorValue | undefined
    if (sensor) {
      // Without a valuePath, a JSON object's conventional top-level "value" is the value.
      const valuePath =
        sensor.valuePath ?? (isContainer && !Array.isArray(parsed) ? DEFAULT_VALUE_PATH : null)
      const raw = valuePath ? lookupPath(parsed, valuePath) : isContainer ? undefined : parsed
      if (valuePath || !isContainer) {
        if (raw === undefined) {
          this.sink.malformed(
            `${topic}: missing value${sensor.valuePath ? '' : ' (no valuePath configured and no top-level "value")'}`
          )
          return
        }
        const value = toSensorValue(raw)
        if (Array.isArray(value)) {
          this.sink.malformed(`${topic}: value ${value[0]}`)
          return
        }
        configuredValue = value
      }
    } else if (!isContainer) {
      const value = toSensorValue(parsed)
      if (Array.isArray(value)) {
        this.sink.malformed(`${topic}: payload ${value[0]}`)
        return
      }
      this.sink.reading({
        source: this.sourceId,
        sensorId: topic,
        topic,
        value,
        time: null,
        receivedAt,
        retained
      })
      return
    }

    this.leafCount = 0
    this.leafBudget = configuredValue === undefined ? MAX_LEAVES : MAX_LEAVES - 1
    this.badLeaf = null
    this.tooComplex = null
    if (isContainer) this.collect(parsed, '', sensor?.consumed, true, 1)
    if (this.tooComplex !== null) {
      this.sink.malformed(`${topic}: ${this.tooComplex}`)
      return
    }
    if (this.badLeaf !== null) {
      this.sink.malformed(`${topic}: ${this.badLeaf} is out of range`)
      return
    }
    if (configuredValue === undefined && this.leafCount === 0) {
      this.sink.malformed(`${topic}: no numeric or true/false value`)
      return
    }
    if (sensor && configuredValue !== undefined) {
      this.sink.reading({
        source: this.sourceId,
        sensorId: sensor.sensorId,
        topic,
        value: configuredValue,
        time,
        receivedAt,
        retained
      })
    }
    // A topic too long to be a sensor's is refused downstream; it must not sit in the cache.
    const ids = this.leafCount > 0 && topic.length <= MAX_TOPIC_LENGTH ? this.discovered.of(topic) : null
    for (let i = 0; i < this.leafCount; i++) {
      const leaf = this.leaves[i]
      this.sink.reading({
        source: this.sourceId,
        sensorId: ids === null ? `${topic}#${leaf.path}` : this.discovered.id(ids, topic, leaf.path),
        topic,
        value: leaf.value,
        time,
        receivedAt,
        retained
      })
    }
  }

  private topLevelTime(obj: Record<string, unknown>): number | null {
    for (const key of TIME_KEYS) {
      const raw = obj[key]
      if (raw === undefined || raw === null) continue
      const t = guessEpochMs(raw)
      if (t !== undefined) return t
    }
    return null
  }

  private collect(
    node: unknown,
    prefix: string,
    consumed: ReadonlySet<string> | undefined,
    top: boolean,
    depth: number
  ): void {
    // Bounded: a hostile payload nested thousands deep must not overflow the stack.
    if (depth > MAX_DEPTH) {
      this.tooComplex ??= `nested deeper than ${MAX_DEPTH} levels`
      return
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && this.tooComplex === null; i++) {
        const value: unknown = node[i]
        if (!isCollected(value)) continue
        const index = String(i)
        if (this.pathTooLong(prefix, index)) return
        this.visit(value, prefix === '' ? index : `${prefix}.${index}`, consumed, depth)
      }
      return
    }
    for (const key in node as Record<string, unknown>) {
      if (this.tooComplex !== null) return
      if (top && TIME_KEYS.includes(key)) continue
      const value = (node as Record<string, unknown>)[key]
      // Strings and nulls are never discovered, so their keys may be as long as they like.
      if (!isCollected(value)) continue
      // Checked before the path is built: a 900 kB key under 999 leaves must cost one refusal,
      // not 999 concatenated 900 kB strings.
      if (this.pathTooLong(prefix, key)) return
      this.visit(value, prefix === '' ? key : `${prefix}.${key}`, consumed, depth)
    }
  }

  /** The dotted path `prefix.key` would pass MAX_KEY_PATH_LENGTH: the whole message is refused. */
  private pathTooLong(prefix: string, key: string): boolean {
    const length = prefix === '' ? key.length : prefix.length + 1 + key.length
    if (length <= MAX_KEY_PATH_LENGTH) return false
    this.tooComplex ??= `key path longer than ${MAX_KEY_PATH_LENGTH} characters (${length})`
    return true
  }

  private visit(
    value: unknown,
    path: string,
    consumed: ReadonlySet<string> | undefined,
    depth: number
  ): void {
    if (typeof value === 'number' || typeof value === 'boolean') {
      if (consumed?.has(path)) return
      if (this.leafCount >= this.leafBudget) {
        this.tooComplex ??= `more than ${MAX_LEAVES} values in one message`
        return
      }
      if (typeof value === 'number' && toValidNumber(value) === undefined) {
        this.badLeaf = path
        return
      }
      const slot = this.leaves[this.leafCount]
      if (slot) {
        slot.path = path
        slot.value = value
      } else {
        this.leaves.push({ path, value })
      }
      this.leafCount++
    } else if (typeof value === 'object' && value !== null) {
      this.collect(value, path, consumed, false, depth + 1)
    }
  }
}

/** What discovery looks at: numeric and boolean leaves, and the containers that may hold them. */
function isCollected(value: unknown): boolean {
  return (
    typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'object' && value !== null)
  )
}
