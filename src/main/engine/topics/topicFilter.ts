import { matches } from '../telemetry/topicCheck'

/**
 * What the topic explorer's filter box means: with `+` or `#` an MQTT topic filter
 * (`plant/+/temp`), otherwise the topics containing the text, letters in either case.
 */
export function topicFilter(filter: string): (topic: string) => boolean {
  if (filter.includes('+') || filter.includes('#')) {
    const levels = filter.split('/')
    return (topic) => matches(levels, topic.split('/'))
  }
  const wanted = filter.toLowerCase()
  return (topic) => topic.toLowerCase().includes(wanted)
}
