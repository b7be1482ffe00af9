import { describe, expect, it } from 'vitest'
import {
  MAX_KEPT_PAYLOAD_BYTES,
  MAX_TRACKED_TOPICS,
  MAX_TREE_DEPTH,
  MAX_TREE_NODES,
  MESSAGES_PER_TOPIC,
  type TreeExpansion
} from '@shared/topics'
import { TopicTracker } from '../../../../src/main/engine/topics/topicTracker'
import { messageProperties } from '../../../../src/main/engine/topics/messageProperties'

function query(
  filter = '',
  offset = 0,
  limit = 1000,
  expand: TreeExpansion = 'all',
  except: string[] = []
): { filter: string; offset: number; limit: number; expand: TreeExpansion; except: string[] } {
  return { filter, offset, limit, expand, except }
}

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
    expect(tracker.tree(query())).toMatchObject({
      total: 3,
      topics: 2,
      untracked: 0,
      rows: [
        { topic: 'plant', name: 'plant', depth: 0, children: 2, open: true, topics: 2, count: 3, own: null },
        {
          topic: 'plant/a',
          name: 'a',
          depth: 1,
          children: 0,
          count: 2,
          lastAt: T + 1,
          own: { count: 2, retained: false, lastSize: 1, lastAt: T + 1, preview: '2' }
        },
        { topic: 'plant/b', count: 1, own: { lastSize: 7, preview: '{"v":3}' } }
      ]
    })
    const a = tracker.messages('plant/a')!
    expect(a.messages).toEqual([
      {
        seq: 2,
        receivedAt: T + 1,
        qos: 1,
        retain: false,
        dup: true,
        size: 1,
        truncated: false,
        properties: { contentType: 'text/plain' }
      },
      { seq: 1, receivedAt: T, qos: null, retain: true, dup: null, size: 1, truncated: false }
    ])
    // The newest message's payload, or the one asked for; none for one no longer kept.
    expect(a.payload).toEqual({ seq: 2, payloadBase64: 'Mg==', size: 1, truncated: false })
    expect(a.replayed).toBe(true)
    expect(tracker.messages('plant/a', 1)?.payload?.payloadBase64).toBe('MQ==')
    expect(tracker.messages('plant/a', 3)?.payload).toBeNull()
    expect(tracker.messages('plant/b')?.replayed).toBe(false)
    expect(tracker.messages('plant/none')).toBeUndefined()
    expect(tracker.tree(query('B')).rows.map((r) => r.topic)).toEqual(['plant', 'plant/b'])
  })

  it('keeps at most 50 messages a topic, cuts big payloads saying their size, and copies them', () => {
    const tracker = new TopicTracker(() => T)
    const chunk = Buffer.alloc(MAX_KEPT_PAYLOAD_BYTES + 10, 7)
    for (let i = 0; i < MESSAGES_PER_TOPIC + 5; i++) tracker.receive('big', chunk, false, T + i, null)
    const kept = tracker.messages('big')!
    expect(kept.messages).toHaveLength(MESSAGES_PER_TOPIC)
    expect(kept.messages[0]).toMatchObject({
      size: MAX_KEPT_PAYLOAD_BYTES + 10,
      truncated: true,
      receivedAt: T + MESSAGES_PER_TOPIC + 4
    })
    expect(Buffer.from(kept.payload!.payloadBase64, 'base64').length).toBe(MAX_KEPT_PAYLOAD_BYTES)
    chunk.fill(9)
    expect(Buffer.from(tracker.messages('big')!.payload!.payloadBase64, 'base64')[0]).toBe(7)
    // A Sparkplug birth is kept whole up to a megabyte, so it can still be decoded.
    tracker.receive('spBv1.0/G/DBIRTH/n/d', Buffer.alloc(300_000, 1), false, T, null)
    expect(tracker.messages('spBv1.0/G/DBIRTH/n/d')!.payload).toMatchObject({
      size: 300_000,
      truncated: false
    })
  })

  it('stays within its byte budget: the least recent topics give up their messages, counts stay', () => {
    const tracker = new TopicTracker(() => T, 100_000)
    for (let i = 0; i < 100; i++) tracker.receive(`t/${i}`, Buffer.alloc(5_000), false, T + i, null)
    expect(tracker.keptBytes).toBeLessThanOrEqual(100_000)
    expect(tracker.keptBytes).toBeGreaterThan(50_000)
    expect(tracker.messages('t/0')?.messages).toEqual([])
    expect(tracker.messages('t/99')?.messages).toHaveLength(1)
    expect(tracker.tree(query('', 1, 1)).rows[0]).toMatchObject({
      topic: 't/0',
      count: 1,
      own: { lastSize: 5_000, preview: 'no longer kept' }
    })
  })

  it('charges each kept message its overhead, so empty payloads cannot grow it without bound', () => {
    const tracker = new TopicTracker(() => T, 1_000_000)
    for (let i = 0; i < 200_000; i++) tracker.receive(`e/${i % 50_000}`, Buffer.alloc(0), false, T + i, null)
    expect(tracker.keptBytes).toBeLessThanOrEqual(1_000_000)
    // The least recent gave theirs up, the most recent kept them.
    expect(tracker.messages('e/0')?.messages.length).toBeLessThan(
      tracker.messages('e/49999')!.messages.length
    )
  })

  it('sheds from the least recently updated topic, whatever order they were first seen in', () => {
    const tracker = new TopicTracker(() => T, 30_000)
    for (let i = 0; i < 5; i++) tracker.receive(`h/${i}`, Buffer.alloc(4_000), false, T, null)
    // h/0 is updated again: h/1 is now the least recent.
    tracker.receive('h/0', Buffer.alloc(4_000), false, T + 1, null)
    for (let i = 5; i < 8; i++) tracker.receive(`h/${i}`, Buffer.alloc(4_000), false, T + 2, null)
    expect(tracker.messages('h/1')?.messages).toEqual([])
    expect(tracker.messages('h/0')?.messages.length).toBe(2)
    expect(tracker.keptBytes).toBeLessThanOrEqual(30_000)
  })

  it('follows at most 100,000 topics and counts the rest', () => {
    const tracker = new TopicTracker(() => T, 1_000)
    for (let i = 0; i < MAX_TRACKED_TOPICS + 7; i++)
      tracker.receive(`t/${i}`, Buffer.alloc(1), false, T, null)
    expect(tracker.tree(query('', 0, 1))).toMatchObject({
      total: MAX_TRACKED_TOPICS + 1,
      topics: MAX_TRACKED_TOPICS,
      untracked: 7
    })
  })

  it('gives each topic its rate over the last window', () => {
    let now = T
    const tracker = new TopicTracker(() => now)
    for (let i = 0; i < 50; i++) tracker.receive('fast', Buffer.alloc(1), false, T + i * 100, null)
    now = T + 5_000
    expect(tracker.tree(query()).rows[0].ratePerSec).toBe(10)
    // Quiet for a window: no rate, whatever the last one was.
    now = T + 11_000
    expect(tracker.tree(query()).rows[0].ratePerSec).toBe(0)
    // Busy for a long time unread, then slow: the rate is the last window's, not an average since.
    for (let i = 0; i < 60_000; i++)
      tracker.receive('fast', Buffer.alloc(1), false, T + 11_000 + i * 10, null)
    for (let i = 1; i <= 10; i++)
      tracker.receive('fast', Buffer.alloc(1), false, T + 611_000 + i * 1_000, null)
    now = T + 621_000
    expect(tracker.tree(query()).rows[0].ratePerSec).toBeLessThan(1.5)
  })

  it('shows levels as a tree in reading order, folders adding up what is below them', () => {
    const tracker = new TopicTracker(() => T)
    for (const topic of ['site/pump10/rpm', 'site/pump2/rpm', 'site/Pump3', 'site', '/lead', 'a//b'])
      tracker.receive(topic, Buffer.from('1'), false, T, null)
    tracker.receive('site/pump2/rpm', Buffer.from('2'), false, T + 5, null)
    const rows = tracker.tree(query()).rows
    expect(rows.map((r) => [r.topic, r.depth, r.children])).toEqual([
      ['', 0, 1],
      ['/lead', 1, 0],
      ['a', 0, 1],
      ['a/', 1, 1],
      ['a//b', 2, 0],
      ['site', 0, 3],
      ['site/pump2', 1, 1],
      ['site/pump2/rpm', 2, 0],
      ['site/Pump3', 1, 0],
      ['site/pump10', 1, 1],
      ['site/pump10/rpm', 2, 0]
    ])
    expect(rows.find((r) => r.topic === 'site')).toMatchObject({
      topics: 4,
      count: 5,
      lastAt: T + 5,
      own: { count: 1 }
    })
    expect(rows.find((r) => r.topic === 'site/pump2')).toMatchObject({ own: null, topics: 1, count: 2 })
  })

  it('opens and closes levels as the view asks, and pages the rows shown', () => {
    const tracker = new TopicTracker(() => T)
    for (let i = 0; i < 30; i++) tracker.receive(`plant/line${i}/temp`, Buffer.from('1'), false, T, null)
    tracker.receive('other/x', Buffer.from('1'), false, T, null)
    expect(tracker.tree(query()).total).toBe(1 + 60 + 2)
    expect(tracker.tree(query('', 0, 1000, 'all', ['plant'])).rows.map((r) => [r.topic, r.open])).toEqual([
      ['other', true],
      ['other/x', false],
      ['plant', false]
    ])
    expect(tracker.tree(query('', 0, 1000, 'none')).rows.map((r) => r.topic)).toEqual(['other', 'plant'])
    const opened = tracker.tree(query('', 2, 3, 'none', ['plant', 'plant/line1', 'no/such']))
    expect(opened).toMatchObject({ total: 2 + 30 + 1, offset: 2 })
    expect(opened.rows.map((r) => r.topic)).toEqual(['plant/line0', 'plant/line1', 'plant/line1/temp'])
    expect(tracker.tree(query('', 10_000)).rows).toEqual([])
  })

  it('filters by text in either case or by an MQTT filter, showing the levels leading to each match', () => {
    const tracker = new TopicTracker(() => T)
    for (const topic of ['plant/boiler1/temp', 'plant/boiler1/pressure', 'plant/pump/temp', 'lab/TEMP'])
      tracker.receive(topic, Buffer.from('1'), false, T, null)
    const shown = (filter: string): string[] =>
      tracker.tree(query(filter, 0, 1000, 'none')).rows.map((r) => r.topic)
    expect(shown('temp')).toEqual([
      'lab',
      'lab/TEMP',
      'plant',
      'plant/boiler1',
      'plant/boiler1/temp',
      'plant/pump',
      'plant/pump/temp'
    ])
    expect(shown('plant/+/temp')).toEqual([
      'plant',
      'plant/boiler1',
      'plant/boiler1/temp',
      'plant/pump',
      'plant/pump/temp'
    ])
    expect(shown('lab/#')).toEqual(['lab', 'lab/TEMP'])
    expect(shown('nothing')).toEqual([])
    expect(tracker.tree(query('temp')).rows.find((r) => r.topic === 'plant/boiler1')?.open).toBe(true)
  })

  it('shows a new topic within a second, without rebuilding the tree for every page', () => {
    let now = T
    const tracker = new TopicTracker(() => now)
    tracker.receive('a/1', Buffer.from('1'), false, now, null)
    expect(tracker.tree(query()).total).toBe(2)
    tracker.receive('a/2', Buffer.from('1'), false, now, null)
    // Counts are live; the rows shown are the ones built under a second ago.
    expect(tracker.tree(query()).rows[0]).toMatchObject({ topics: 2, count: 2 })
    now += 1_000
    expect(tracker.tree(query()).total).toBe(3)
  })

  it('keeps deep topics to 32 levels and the tree to its node bound, counting topics left out', () => {
    const tracker = new TopicTracker(() => T, 1_000)
    const deep = Array.from({ length: 40 }, (_, i) => `l${i}`).join('/')
    tracker.receive(deep, Buffer.from('1'), false, T, null)
    const rows = tracker.tree(query()).rows
    expect(rows).toHaveLength(MAX_TREE_DEPTH)
    expect(rows.at(-1)).toMatchObject({
      topic: deep,
      name: Array.from({ length: 9 }, (_, i) => `l${i + 31}`).join('/')
    })
    const perTopic = MAX_TREE_DEPTH
    const fits = Math.floor((MAX_TREE_NODES - MAX_TREE_DEPTH - 1) / perTopic)
    for (let i = 0; i < fits + 3; i++)
      tracker.receive(
        `${i}/${Array.from({ length: perTopic - 1 }, () => 'x').join('/')}`,
        Buffer.from('1'),
        false,
        T,
        null
      )
    expect(tracker.tree(query('', 0, 1)).untracked).toBe(3)
  })

  it('matches MQTT filters past the 32-level bound, where one row holds the rest of the levels', () => {
    const tracker = new TopicTracker(() => T)
    const base = Array.from({ length: 31 }, () => 'l').join('/')
    for (const t of [`${base}/x/y`, `${base}/$x/y`, `${base}/x`])
      tracker.receive(t, Buffer.from('1'), false, T, null)
    const shown = (filter: string): string[] =>
      tracker
        .tree(query(filter))
        .rows.filter((r) => r.own !== null)
        .map((r) => r.topic.slice(base.length + 1))
    expect(shown(`${base}/x/+`)).toEqual(['x/y'])
    expect(shown(`${base}/+/y`)).toEqual(['$x/y', 'x/y'])
    expect(shown(`${Array.from({ length: 31 }, () => '+').join('/')}/x/#`)).toEqual(['x', 'x/y'])
    expect(shown(`${base}/#`)).toEqual(['$x/y', 'x', 'x/y'])
  })

  it('gives a topic back its rate at once when it resumes after a quiet spell', () => {
    let now = T
    const tracker = new TopicTracker(() => now)
    tracker.receive('t', Buffer.alloc(1), false, T, null)
    for (let i = 0; i < 400; i++) tracker.receive('t', Buffer.alloc(1), false, T + 60_000 + i * 10, null)
    now = T + 64_000
    expect(tracker.tree(query()).rows[0].ratePerSec).toBeGreaterThan(90)
  })

  it('charges MQTT 5 properties to the budget and keeps them bounded', () => {
    const tracker = new TopicTracker(() => T, 2_000_000)
    const userProperties = Object.fromEntries(
      Array.from({ length: 32 }, (_, i) => [`k${i}`, 'v'.repeat(512)])
    )
    for (let i = 0; i < 2_000; i++)
      tracker.receive(`p/${i}`, Buffer.alloc(0), false, T + i, {
        qos: 0,
        dup: false,
        properties: messageProperties({ userProperties, contentType: 'c'.repeat(600) })
      })
    expect(tracker.keptBytes).toBeLessThanOrEqual(2_000_000)
    const kept = tracker.messages('p/1999')!.messages[0].properties!
    const chars = Object.entries(kept.userProperties ?? {}).reduce(
      (n, [k, v]) => n + k.length + String(v).length,
      0
    )
    expect((kept.contentType?.length ?? 0) + chars).toBeLessThanOrEqual(4_096)
    expect(kept.contentType).toHaveLength(512)
  })

  it('previews a payload as one line: text folded, binary and Sparkplug said, invisible characters shown', () => {
    const tracker = new TopicTracker(() => T)
    const preview = (topic: string, payload: Buffer): string => {
      tracker.receive(topic, payload, false, T, null)
      return tracker.tree(query(topic)).rows.find((r) => r.topic === topic)!.own!.preview
    }
    expect(preview('p/json', Buffer.from('{\n  "a": 1,\n\t"b": 2\n}'))).toBe('{ "a": 1, "b": 2 }')
    expect(preview('p/bin', Buffer.from([0x00, 0xff, 0x10]))).toBe('binary, 3 bytes')
    expect(preview('p/empty', Buffer.alloc(0))).toBe('empty')
    expect(preview('spBv1.0/G/NDATA/n', Buffer.from([8, 1]))).toBe('Sparkplug B, 2 bytes')
    expect(preview('p/bidi', Buffer.from('AB\u202eCD'))).toBe('AB<U+202E>CD')
    const long = preview('p/long', Buffer.from('é'.repeat(10_000)))
    expect(long).toBe(`${'é'.repeat(80)}…`)
  })
})
