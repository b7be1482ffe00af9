import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_PREVIEW_LENGTH, type TreeExpansion } from '@shared/topics'
import { levelOrder } from '../../../src/main/engine/topics/levelOrder'
import { topicFilter } from '../../../src/main/engine/topics/topicFilter'
import { payloadPreview } from '../../../src/main/engine/topics/payloadPreview'
import { TopicTracker } from '../../../src/main/engine/topics/topicTracker'
import { hasInvisible } from '@shared/visibleText'

const level = fc.oneof(fc.string({ maxLength: 6 }), fc.stringMatching(/^[a-zA-Z]{0,3}[0-9]{0,4}[a-z]?$/))
const topic = fc.array(level, { minLength: 1, maxLength: 6 }).map((levels) => levels.join('/'))

describe('the topic tree on any topics', () => {
  it('orders levels totally: antisymmetric, transitive, zero only for the same text', () => {
    fc.assert(
      fc.property(level, level, level, (a, b, c) => {
        expect(Math.sign(levelOrder(a, b)) + Math.sign(levelOrder(b, a))).toBe(0)
        expect(levelOrder(a, b) === 0).toBe(a === b)
        if (levelOrder(a, b) < 0 && levelOrder(b, c) < 0) expect(levelOrder(a, c)).toBeLessThan(0)
      }),
      { numRuns: 3_000 }
    )
  })

  it('lists every topic once, under its parent, in any view; filters never throw', () => {
    fc.assert(
      fc.property(
        fc.array(topic, { maxLength: 40 }),
        fc.oneof(
          fc.string({ maxLength: 8 }),
          // MQTT filters, matched down the tree: they must agree with the subscription matcher.
          fc
            .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }), fc.boolean())
            .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/')),
          fc.constant('#')
        ),
        fc.constantFrom<TreeExpansion>('all', 'none'),
        (topics, filter, expand) => {
          let now = 0
          const tracker = new TopicTracker(() => now)
          const everything = { filter: '', expand: 'all' as const, except: [], offset: 0, limit: 5_000 }
          topics.forEach((t, i) => {
            tracker.receive(t, Buffer.from('1'), false, 0, null)
            // Shown halfway, so later levels are put into children already in order.
            if (i === Math.floor(topics.length / 2)) tracker.tree(everything)
          })
          now += 1_000
          const all = tracker.tree(everything)
          const siblings = new Map<string, string[]>()
          for (const row of all.rows) {
            const parent = row.depth === 0 ? '' : row.topic.slice(0, row.topic.length - row.name.length - 1)
            siblings.set(`${row.depth}:${parent}`, [
              ...(siblings.get(`${row.depth}:${parent}`) ?? []),
              row.name
            ])
          }
          for (const names of siblings.values())
            for (let i = 1; i < names.length; i++) expect(levelOrder(names[i - 1], names[i])).toBeLessThan(0)
          const own = all.rows.filter((r) => r.own !== null).map((r) => r.topic)
          expect(new Set(own)).toEqual(new Set(topics))
          expect(own).toHaveLength(new Set(topics).size)
          all.rows.forEach((row, i) => {
            if (row.depth === 0) return
            const parent = all.rows
              .slice(0, i)
              .reverse()
              .find((r) => r.depth === row.depth - 1)
            expect(row.topic.startsWith(`${parent!.topic}/`)).toBe(true)
          })
          // Closed levels hide what is below them; a filter opens every level leading to a match.
          if (filter === '' && expand === 'none') return
          const matches = topicFilter(filter)
          const shown = tracker.tree({ filter, expand, except: [], offset: 0, limit: 5_000 })
          const shownOwn = shown.rows.filter((r) => r.own !== null && matches(r.topic)).map((r) => r.topic)
          expect(new Set(shownOwn)).toEqual(new Set(topics.filter(matches)))
          expect(shown.total).toBe(shown.rows.length)
        }
      ),
      { numRuns: 600 }
    )
  })

  it('previews any bytes as one bounded line with nothing invisible in it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 400 }), (bytes, text) => {
        for (const payload of [Buffer.from(bytes), Buffer.from(text)]) {
          const preview = payloadPreview('t', payload, payload.length)
          expect(preview.length).toBeLessThanOrEqual(MAX_PREVIEW_LENGTH * 10 + 1)
          expect(preview).not.toMatch(/\n/)
          expect(hasInvisible(preview)).toBe(false)
        }
      }),
      { numRuns: 1_000 }
    )
  })
})
