import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_TOPIC_LENGTH } from '@shared/limits'
import { hasInvisible } from '@shared/visibleText'
import { matches, TopicCheck } from '../../../src/main/engine/telemetry/topicCheck'
import { hostileString } from '../support/hostile'

/**
 * The PUBLISH topic check (`TopicCheck`, `matches`): whatever topic a broker sends, it answers
 * with `null` or a reason and never throws; an accepted topic is non-empty, at most 512
 * characters and free of wildcards, NUL, U+FFFD and invisible characters; whether a topic is
 * accepted is MQTT 3.1.1 §4.7 matching against the subscriptions (checked against a reference
 * written here); and the answers do not depend on what was checked before (the cache of accepted
 * topics only makes them faster).
 */

/**
 * Reference matching, MQTT 3.1.1 §4.7, as a regular expression over the whole topic: `+` is one
 * level (possibly empty), a trailing `#` is any number of further levels including none (so
 * `a/#` matches `a`), and a topic starting with `$` is not matched by a filter starting with a
 * wildcard (§4.7.2). `$share/<group>/` in front of a filter is dropped (MQTT 5 shared subscriptions).
 */
function referenceMatches(subscription: string, topic: string): boolean {
  const shared = /^\$share\/[^/]+\/(.*)$/.exec(subscription)
  const filter = shared ? shared[1] : subscription
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false
  const escape = (level: string): string => level.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const levels = filter.split('/')
  const multi = levels[levels.length - 1] === '#'
  const fixed = (multi ? levels.slice(0, -1) : levels).map((l) => (l === '+' ? '[^/]*' : escape(l)))
  let pattern: string
  if (!multi) pattern = fixed.join('/')
  else if (fixed.length === 0) pattern = '.*'
  else pattern = `${fixed.join('/')}(/.*)?`
  return new RegExp(`^${pattern}$`, 's').test(topic)
}

/** A small alphabet of levels, so generated filters and topics actually meet. */
const LEVELS = ['a', 'b', 'plant', '', '$SYS', '$x']
const topicLevel = fc.constantFrom(...LEVELS)
const topic = fc.array(topicLevel, { minLength: 1, maxLength: 5 }).map((l) => l.join('/'))

/** Valid filters: `+` any whole level, `#` only a whole last level; now and then shared. */
const filter = fc
  .tuple(
    fc.array(fc.oneof({ weight: 3, arbitrary: topicLevel }, fc.constant('+')), { maxLength: 5 }),
    fc.boolean(),
    fc.boolean()
  )
  .filter(([levels, multi]) => levels.length > 0 || multi)
  .map(([levels, multi, shared]) => {
    const f = [...levels, ...(multi ? ['#'] : [])].join('/')
    return shared ? `$share/g1/${f}` : f
  })

/** Topics as a hostile broker might send them: wildcards, NUL, U+FFFD, bidi, long ones. */
const wireTopic = fc.oneof(
  topic,
  hostileString,
  fc.string({
    unit: fc.constantFrom('a', '/', '+', '#', '$', '\u0000', '\ufffd', '\u202e', '\u200b', ' ', 'é'),
    maxLength: 40
  }),
  fc
    .tuple(fc.integer({ min: MAX_TOPIC_LENGTH - 2, max: MAX_TOPIC_LENGTH + 2 }), fc.constantFrom('a', '/'))
    .map(([n, c]) => c.repeat(n))
)

const anySubscriptions = fc.array(fc.oneof(filter, hostileString), { maxLength: 4 })

describe('TopicCheck', () => {
  it('never throws, and accepts only bounded topics free of wildcards, NUL, U+FFFD and invisible characters', () => {
    fc.assert(
      fc.property(anySubscriptions, fc.array(wireTopic, { maxLength: 8 }), (subscriptions, topics) => {
        const check = new TopicCheck(['#', ...subscriptions])
        for (const t of topics) {
          const problem = check.problem(t)
          if (problem !== null) {
            expect(typeof problem).toBe('string')
            continue
          }
          expect(t.length).toBeGreaterThan(0)
          expect(t.length).toBeLessThanOrEqual(MAX_TOPIC_LENGTH)
          for (const c of ['+', '#', '\u0000', '\ufffd']) expect(t.includes(c)).toBe(false)
          expect(hasInvisible(t)).toBe(false)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('never throws on arbitrary subscriptions and topics', () => {
    fc.assert(
      fc.property(fc.array(hostileString, { maxLength: 4 }), hostileString, (subscriptions, t) => {
        const problem = new TopicCheck(subscriptions).problem(t)
        expect(problem === null || typeof problem === 'string').toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('matches as MQTT 3.1.1 §4.7 says (+ one level, # the rest and the parent, $-topics only literally)', () => {
    fc.assert(
      fc.property(filter, topic, (f, t) => {
        const bare = f.replace(/^\$share\/[^/]+\//, '')
        expect(matches(bare.split('/'), t.split('/'))).toBe(referenceMatches(f, t))
        const expected = t !== '' && referenceMatches(f, t)
        const problem = new TopicCheck([f]).problem(t)
        expect(problem === null, `${f} ${t}: ${problem}`).toBe(expected)
      }),
      { numRuns: 1000 }
    )
  })

  it('accepts a topic iff it matches one of the subscriptions', () => {
    fc.assert(
      fc.property(fc.array(filter, { maxLength: 4 }), topic, (filters, t) => {
        const expected = t !== '' && filters.some((f) => referenceMatches(f, t))
        expect(new TopicCheck(filters).problem(t) === null).toBe(expected)
      }),
      { numRuns: 500 }
    )
  })

  it('answers the same whatever was checked before, and again when asked again', () => {
    fc.assert(
      fc.property(
        fc.array(filter, { minLength: 1, maxLength: 3 }),
        fc
          .array(fc.oneof(topic, wireTopic), { minLength: 1, maxLength: 12 })
          .chain((ts) =>
            fc.tuple(fc.constant(ts), fc.shuffledSubarray(ts, { minLength: ts.length, maxLength: ts.length }))
          ),
        (filters, [topics, shuffled]) => {
          // Each answer on its own, from a check that has seen nothing else.
          const alone = new Map(topics.map((t) => [t, new TopicCheck(filters).problem(t)]))
          const check = new TopicCheck(filters)
          for (const t of [...topics, ...shuffled, ...topics]) expect(check.problem(t)).toBe(alone.get(t))
        }
      ),
      { numRuns: 300 }
    )
  })
})
