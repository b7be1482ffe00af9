import { matches } from '../telemetry/topicCheck'

/**
 * What the topic explorer's filter box means: with `+` or `#` an MQTT topic filter
 * (`plant/+/temp`), otherwise the topics containing the text, letters in either case.
 */
export function topicFilter(filter: string): (topic: string) => boolean {
  if (isWildcardFilter(filter)) {
    const levels = filter.split('/')
    return (topic) => matches(levels, topic.split('/'))
  }
  // One case-insensitive search, no lower-cased copy of each of 100,000 topics.
  const wanted = new RegExp(filter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu')
  return (topic) => wanted.test(topic)
}

/** A filter with `+` or `#`: an MQTT topic filter rather than text. */
export function isWildcardFilter(filter: string): boolean {
  return filter.includes('+') || filter.includes('#')
}
