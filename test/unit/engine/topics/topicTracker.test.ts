import { describe, expect, it } from 'vitest'
import { MAX_KEPT_PAYLOAD_BYTES, MAX_TRACKED_TOPICS, MESSAGES_PER_TOPIC } from '@shared/topics'
import { TopicTracker } from '../../../../src/main/engine/topics/topicTracker'

const T = 1_800_000_000_000

describe('the topic tracker', () => {
  it('counts each topic, keeps its last messages newest first with QoS, retain, DUP and properties', () => {
    const tracker = new TopicTracker(() => T)
    tracker.receive('plant/a', Buffer.from('1'), true, T, null)
    tracker.receive('plant/a', Buffer.from('2'), false, T + 1, {
      qos: 1,
      dup: true,
      properties: { contentType: 'text/plain' }
    })
    tracker.receive('plant/b', Buffer.from('{"v":3}'), false, T + 2, { qos: 2, dup: false })
    expect(tracker.tree('', 0, 10)).toMatchObject({
      total: 2,
      untracked: 0,
      rows: [
        { topic: 'plant/a', count: 2, retained: false, lastSize: 1, lastAt: T + 1 },
        { topic: 'plant/b', count: 1, lastSize: 7 }
      ]
    })
    expect(tracker.messages('plant/a')?.messages).toEqual([
      {
        receivedAt: T + 1,
        qos: 1,
        retain: false,
        dup: true,
        size: 1,
        payloadBase64: 'Mg==',
        truncated: false,
        properties: { contentType: 'text/plain' }
      },
      { receivedAt: T, qos: 0, retain: true, dup: false, size: 1, payloadBase64: 'MQ==', truncated: false }
    ])
    expect(tracker.messages('plant/none')).toBeUndefined()
    expect(tracker.tree('b', 0, 10).rows.map((r) => r.topic)).toEqual(['plant/b'])
  })

  it('keeps at most 50 messages a topic, cuts big payloads saying their size, and copies them', () => {
    const tracker = new TopicTracker(() => T)
    const chunk = Buffer.alloc(MAX_KEPT_PAYLOAD_BYTES + 10, 7)
    for (let i = 0; i < MESSAGES_PER_TOPIC + 5; i++) tracker.receive('big', chunk, false, T + i, null)
    const kept = tracker.messages('big')!.messages
    expect(kept).toHaveLength(MESSAGES_PER_TOPIC)
    expect(kept[0]).toMatchObject({
      size: MAX_KEPT_PAYLOAD_BYTES + 10,
      truncated: true,
      receivedAt: T + MESSAGES_PER_TOPIC + 4
    })
    expect(Buffer.from(kept[0].payloadBase64, 'base64').length).toBe(MAX_KEPT_PAYLOAD_BYTES)
    chunk.fill(9)
    expect(Buffer.from(kept[0].payloadBase64, 'base64')[0]).toBe(7)
  })

  it('stays within its byte budget: the least recent topics give up their messages, counts stay', () => {
    const tracker = new TopicTracker(() => T, 100_000)
    for (let i = 0; i < 100; i++) tracker.receive(`t/${i}`, Buffer.alloc(5_000), false, T + i, null)
    expect(tracker.keptBytes).toBeLessThanOrEqual(100_000)
    expect(tracker.messages('t/0')?.messages).toEqual([])
    expect(tracker.messages('t/99')?.messages).toHaveLength(1)
    expect(tracker.tree('', 0, 1).rows[0]).toMatchObject({ topic: 't/0', count: 1, lastSize: 5_000 })
  })

  it('follows at most 100,000 topics and counts the rest', () => {
    const tracker = new TopicTracker(() => T, 1_000)
    for (let i = 0; i < MAX_TRACKED_TOPICS + 7; i++)
      tracker.receive(`t/${i}`, Buffer.alloc(1), false, T, null)
    expect(tracker.tree('', 0, 1)).toMatchObject({ total: MAX_TRACKED_TOPICS, untracked: 7 })
  })

  it('gives each topic its rate over the last window', () => {
    let now = T
    const tracker = new TopicTracker(() => now)
    for (let i = 0; i < 50; i++) tracker.receive('fast', Buffer.alloc(1), false, T + i * 100, null)
    now = T + 5_000
    expect(tracker.tree('', 0, 1).rows[0].ratePerSec).toBe(10)
  })
})
