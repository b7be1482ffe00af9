import { describe, expect, it } from 'vitest'
import { TopicCheck } from '../../../../src/main/engine/telemetry/topicCheck'

describe('TopicCheck', () => {
  const check = new TopicCheck(['plant/+/temp', 'line/#', 'exact/topic', '$share/g/shared/+'])

  it('accepts topics that match a subscription', () => {
    for (const t of ['plant/b1/temp', 'line', 'line/a/b/c', 'exact/topic', 'shared/x']) {
      expect(check.problem(t), t).toBeNull()
      expect(check.problem(t), `${t} again (remembered)`).toBeNull()
    }
  })

  it('refuses topics that match none, with the reason', () => {
    expect(check.problem('plant/b1/pressure')).toBe('topic matches none of the subscriptions')
    expect(check.problem('plant/temp')).toBe('topic matches none of the subscriptions')
    expect(check.problem('exact/topic/more')).toBe('topic matches none of the subscriptions')
    expect(check.problem('shared/x/y')).toBe('topic matches none of the subscriptions')
  })

  it('refuses $-topics for filters that start with a wildcard (MQTT 4.7.2)', () => {
    const all = new TopicCheck(['#', '+/x'])
    expect(all.problem('$SYS/broker/uptime')).toBe('topic matches none of the subscriptions')
    expect(all.problem('$SYS/x')).toBe('topic matches none of the subscriptions')
    expect(new TopicCheck(['$SYS/#']).problem('$SYS/broker/uptime')).toBeNull()
  })

  it('refuses wildcards, NUL, invalid UTF-8, invisible characters and over-long topics', () => {
    const all = new TopicCheck(['#'])
    expect(all.problem('line/#')).toBe('topic contains a wildcard (+ or #)')
    expect(all.problem('line/+/x')).toBe('topic contains a wildcard (+ or #)')
    expect(all.problem('line/a\u0000b')).toBe('topic contains NUL')
    expect(all.problem(Buffer.from([0x6c, 0x2f, 0xc3, 0x28]).toString('utf8'))).toBe(
      'topic is not valid UTF-8'
    )
    expect(all.problem('line/AB\u202eCD')).toBe('topic has control, bidirectional or invisible characters')
    expect(all.problem('')).toBe('empty topic')
    expect(all.problem('x'.repeat(512))).toBeNull()
    expect(all.problem('x'.repeat(513))).toBe('topic longer than 512 characters (513)')
  })
})
