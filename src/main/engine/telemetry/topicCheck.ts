import { MAX_TOPIC_LENGTH } from '@shared/limits'
import { hasInvisible } from '@shared/visibleText'

/** Topics found acceptable, remembered so the hot path is one set lookup; bounded. */
const MAX_REMEMBERED = 10_000

/**
 * Checks each received PUBLISH topic: bounded, valid UTF-8, free of NUL and wildcards, and
 * matching one of our subscriptions (a broker that sends anything else is broken or hostile).
 * MQTT.js decodes topics with replacement characters, so U+FFFD stands for invalid UTF-8.
 */
export class TopicCheck {
  private readonly filters: string[][]
  private readonly accepted = new Set<string>()

  constructor(subscriptions: readonly string[]) {
    this.filters = subscriptions.map((filter) => withoutShare(filter).split('/'))
  }

  /** Why `topic` is refused, or `null`. */
  problem(topic: string): string | null {
    if (this.accepted.has(topic)) return null
    const problem = topicProblem(topic, this.filters)
    if (problem === null && this.accepted.size < MAX_REMEMBERED) this.accepted.add(topic)
    return problem
  }
}

function topicProblem(topic: string, filters: readonly string[][]): string | null {
  if (topic.length === 0) return 'empty topic'
  if (topic.length > MAX_TOPIC_LENGTH)
    return `topic longer than ${MAX_TOPIC_LENGTH} characters (${topic.length})`
  if (topic.includes('\ufffd')) return 'topic is not valid UTF-8'
  if (topic.includes('\u0000')) return 'topic contains NUL'
  if (topic.includes('+') || topic.includes('#')) return 'topic contains a wildcard (+ or #)'
  if (hasInvisible(topic)) return 'topic has control, bidirectional or invisible characters'
  const levels = topic.split('/')
  if (!filters.some((filter) => matches(filter, levels))) return 'topic matches none of the subscriptions'
  return null
}

/** MQTT 3.1.1 §4.7: `+` one level, `#` the rest (the parent too); `$` topics only literally. */
export function matches(filter: readonly string[], levels: readonly string[]): boolean {
  if (levels[0].startsWith('$') && (filter[0] === '+' || filter[0] === '#')) return false
  for (let i = 0; i < filter.length; i++) {
    const part = filter[i]
    if (part === '#') return true
    if (i >= levels.length) return false
    if (part !== '+' && part !== levels[i]) return false
  }
  return filter.length === levels.length
}

/** `$share/<group>/<filter>` delivers topics matching `<filter>`. */
function withoutShare(filter: string): string {
  const m = /^\$share\/[^/]+\/(.*)$/.exec(filter)
  return m ? m[1] : filter
}
