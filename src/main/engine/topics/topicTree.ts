import {
  MAX_TREE_DEPTH,
  MAX_TREE_NODES,
  MAX_TOPIC_ROWS,
  type TopicOwnStats,
  type TopicTreePage,
  type TopicTreeRow,
  type TreeExpansion
} from '@shared/topics'
import { levelOrder } from './levelOrder'
import { isWildcardFilter, topicFilter } from './topicFilter'

/** Rates are taken over this window. */
const RATE_WINDOW_MS = 5_000
/**
 * A shown tree is rebuilt at most this often while new topics keep arriving, and never more than
 * a twentieth of the time (a 60 ms build waits 1.2 s): the engine's thread is the data path too.
 */
const REBUILD_EVERY_MS = 1_000
const REBUILD_SHARE = 20
/** Shown trees kept (views with different filters or open levels). */
const SHOWN_KEPT = 8

/** What one topic's own messages came to; the tracker keeps the messages themselves. */
export interface OwnTopic {
  count: number
  retained: boolean
  lastSize: number
  lastAt: number
  /** The last payload's preview, made when asked for (it costs nothing on the hot path). */
  preview(): string
}

/** A topic level: the levels below it, what arrived at or below it, and its own topic if any. */
export class TopicNode {
  children: Map<string, TopicNode> | null = null
  /** Children in reading order; null when one was added since. */
  sorted: TopicNode[] | null = null
  own: OwnTopic | null = null
  /** Topics at or below. */
  topics = 0
  private count_ = 0
  lastAt = 0
  private windowAt: number
  private countAtWindow = 0
  private rate = 0
  private rolled = false

  constructor(
    readonly name: string,
    readonly parent: TopicNode | null,
    readonly depth: number,
    now: number
  ) {
    this.windowAt = now
  }

  /** One message at `at`: counted, and the rate window rolled once it has lasted `RATE_WINDOW_MS`. */
  count(at: number): void {
    this.count_++
    if (at > this.lastAt) this.lastAt = at
    const elapsed = at - this.windowAt
    if (elapsed >= RATE_WINDOW_MS || elapsed < 0) this.roll(at)
  }

  /** Messages a second over the last whole window (the current one, when that has run longer). */
  ratePerSec(now: number): number {
    const elapsed = now - this.windowAt
    if (now - this.lastAt > RATE_WINDOW_MS || elapsed < 0) return 0
    // A window no message has closed yet, longer than one or the very first: what it has so far.
    if (elapsed >= RATE_WINDOW_MS || (!this.rolled && elapsed >= 1_000))
      return Math.round(((this.count_ - this.countAtWindow) * 10_000) / elapsed) / 10
    return this.rate
  }

  private roll(at: number): void {
    const elapsed = at - this.windowAt
    this.rate = elapsed > 0 ? Math.round(((this.count_ - this.countAtWindow) * 10_000) / elapsed) / 10 : 0
    this.countAtWindow = this.count_
    this.windowAt = at
    // A window a quiet spell stretched says nothing of what comes now: the next starts afresh.
    this.rolled = elapsed >= 0 && elapsed <= 2 * RATE_WINDOW_MS
  }

  /** Messages at or below. */
  get messages(): number {
    return this.count_
  }

  get topic(): string {
    return this.parent === null || this.parent.parent === null
      ? this.name
      : `${this.parent.topic}/${this.name}`
  }

  sortedChildren(): TopicNode[] {
    if (this.children === null) return []
    this.sorted ??= [...this.children.values()].sort((a, b) => levelOrder(a.name, b.name))
    return this.sorted
  }

  /** A new child, put in its place once the children have been sorted (never a whole re-sort). */
  adopt(child: TopicNode): void {
    this.children ??= new Map()
    this.children.set(child.name, child)
    const sorted = this.sorted
    if (sorted === null) return
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (levelOrder(sorted[mid].name, child.name) < 0) lo = mid + 1
      else hi = mid
    }
    sorted.splice(lo, 0, child)
  }
}

/** The levels a topic is shown as: at most `MAX_TREE_DEPTH`, the last one keeping the rest. */
export function levelsOf(topic: string): string[] {
  const levels = topic.split('/')
  if (levels.length <= MAX_TREE_DEPTH) return levels
  return [...levels.slice(0, MAX_TREE_DEPTH - 1), levels.slice(MAX_TREE_DEPTH - 1).join('/')]
}

/** How a view wants the tree: a filter, and which levels differ from its default (all open or all closed). */
export interface TreeQuery {
  filter: string
  expand: TreeExpansion
  except: readonly string[]
  offset: number
  limit: number
}

interface Shown {
  version: number
  builtAt: number
  /** How long it took to build, ms. */
  cost: number
  nodes: TopicNode[]
  /** Levels shown open (a filter opens every level leading to a match). */
  open: (node: TopicNode) => boolean
}

/**
 * The topics of one connection as a tree of levels, bounded in nodes. What a view is shown (the
 * open levels in reading order, or the matches of a filter) is built once and kept while the tree
 * stays the same, so scrolling 100,000 topics costs a slice, not a walk.
 */
export class TopicTree {
  readonly root: TopicNode
  private nodes = 1
  private version = 0
  private readonly shown = new Map<string, Shown>()

  constructor(now: number) {
    this.root = new TopicNode('', null, 0, now)
  }

  /** The node for `topic`, made with the levels above it; null when the tree is full. */
  add(topic: string, now: number): TopicNode | null {
    const levels = levelsOf(topic)
    let node = this.root
    while (node.depth < levels.length) {
      const next = node.children?.get(levels[node.depth])
      if (next === undefined) break
      node = next
    }
    if (this.nodes + levels.length - node.depth > MAX_TREE_NODES) return null
    for (let depth = node.depth; depth < levels.length; depth++) {
      const child = new TopicNode(levels[depth], node, depth + 1, now)
      node.adopt(child)
      node = child
      this.nodes++
    }
    this.version++
    for (let n: TopicNode | null = node; n !== null; n = n.parent) n.topics++
    return node
  }

  /** One message at `node`: counted at every level above it. */
  count(node: TopicNode, at: number): void {
    for (let n: TopicNode | null = node; n !== null; n = n.parent) n.count(at)
  }

  find(topic: string): TopicNode | undefined {
    let node: TopicNode | undefined = this.root
    for (const level of levelsOf(topic)) {
      node = node.children?.get(level)
      if (node === undefined) return undefined
    }
    return node
  }

  /** A page of the tree as `query` shows it. `topics`: every followed topic, for a filter. */
  page(
    query: TreeQuery,
    topics: Iterable<[string, TopicNode]>,
    counts: { topics: number; untracked: number },
    now: number
  ): TopicTreePage {
    const shown = this.shownFor(query, topics, now)
    const start = Math.min(Math.max(0, query.offset), shown.nodes.length)
    const end = Math.min(shown.nodes.length, start + Math.min(query.limit, MAX_TOPIC_ROWS))
    const rows: TopicTreeRow[] = []
    for (let i = start; i < end; i++) rows.push(this.row(shown.nodes[i], shown.open, now))
    return {
      total: shown.nodes.length,
      topics: counts.topics,
      untracked: counts.untracked,
      offset: start,
      rows
    }
  }

  private row(node: TopicNode, open: (node: TopicNode) => boolean, now: number): TopicTreeRow {
    const children = node.children?.size ?? 0
    const own = node.own
    const ownStats: TopicOwnStats | null =
      own === null
        ? null
        : {
            count: own.count,
            retained: own.retained,
            lastSize: own.lastSize,
            lastAt: own.lastAt,
            preview: own.preview()
          }
    return {
      topic: node.topic,
      name: node.name,
      depth: node.depth - 1,
      children,
      open: children > 0 && open(node),
      topics: node.topics,
      count: node.messages,
      ratePerSec: node.ratePerSec(now),
      lastAt: node.lastAt,
      own: ownStats
    }
  }

  private shownFor(query: TreeQuery, topics: Iterable<[string, TopicNode]>, now: number): Shown {
    const key = `${query.expand}\u0000${query.filter}\u0000${[...query.except].sort().join('\u0000')}`
    const kept = this.shown.get(key)
    const wait = Math.max(REBUILD_EVERY_MS, (kept?.cost ?? 0) * REBUILD_SHARE)
    if (kept !== undefined && (kept.version === this.version || now - kept.builtAt < wait)) {
      this.shown.delete(key)
      this.shown.set(key, kept)
      return kept
    }
    const started = performance.now()
    const built = { ...this.build(query, topics, now), cost: performance.now() - started }
    this.shown.delete(key)
    this.shown.set(key, built)
    if (this.shown.size > SHOWN_KEPT) this.shown.delete(this.shown.keys().next().value as string)
    return built
  }

  private build(query: TreeQuery, topics: Iterable<[string, TopicNode]>, now: number): Omit<Shown, 'cost'> {
    const nodes: TopicNode[] = []
    const version = this.version
    if (query.filter !== '') {
      const marked = new Set<TopicNode>()
      const mark = (node: TopicNode): void => {
        for (let n: TopicNode | null = node; n !== null && !marked.has(n); n = n.parent) marked.add(n)
      }
      if (isWildcardFilter(query.filter)) {
        // An MQTT filter is matched down the tree: only the branches it can reach are visited.
        matchDown(this.root, query.filter.split('/'), 0, mark)
      } else {
        const matches = topicFilter(query.filter)
        for (const [topic, node] of topics) if (matches(topic)) mark(node)
      }
      const walk = (parent: TopicNode): void => {
        for (const child of parent.sortedChildren()) {
          if (!marked.has(child)) continue
          nodes.push(child)
          walk(child)
        }
      }
      walk(this.root)
      return { version, builtAt: now, nodes, open: (n) => marked.has(n) && hasMarkedChild(n, marked) }
    }
    const except = new Set<TopicNode>()
    for (const topic of query.except) {
      const node = this.find(topic)
      if (node !== undefined) except.add(node)
    }
    const open = query.expand === 'all' ? (n: TopicNode) => !except.has(n) : (n: TopicNode) => except.has(n)
    const walk = (parent: TopicNode): void => {
      for (const child of parent.sortedChildren()) {
        nodes.push(child)
        if (child.children !== null && open(child)) walk(child)
      }
    }
    walk(this.root)
    return { version, builtAt: now, nodes, open }
  }
}

function hasMarkedChild(node: TopicNode, marked: ReadonlySet<TopicNode>): boolean {
  if (node.children === null) return false
  for (const child of node.children.values()) if (marked.has(child)) return true
  return false
}

/**
 * Calls `found` for each topic below `node` that the filter's levels from `at` match (MQTT
 * 3.1.1 §4.7: `+` one level, `#` the rest and the level itself, `$` topics only literally). A node
 * at the depth bound holds the rest of its topic's levels in its name, matched as such.
 */
function matchDown(
  node: TopicNode,
  filter: readonly string[],
  at: number,
  found: (n: TopicNode) => void
): void {
  if (at === filter.length) {
    if (node.own !== null) found(node)
    return
  }
  const part = filter[at]
  if (part === '#') {
    if (node.own !== null && node.parent !== null) found(node)
    for (const child of node.children?.values() ?? []) {
      if (node.parent === null && child.name.startsWith('$')) continue
      everything(child, found)
    }
    return
  }
  if (node.depth === MAX_TREE_DEPTH - 1) {
    // Its children are at the depth bound, each name holding the rest of its topic's levels.
    const rest = filter.slice(at)
    for (const child of node.children?.values() ?? [])
      if (child.own !== null && levelsMatch(rest, child.name.split('/'))) found(child)
    return
  }
  const visit = (child: TopicNode): void => matchDown(child, filter, at + 1, found)
  if (part === '+') {
    for (const child of node.children?.values() ?? [])
      if (!(node.parent === null && child.name.startsWith('$'))) visit(child)
  } else {
    const child = node.children?.get(part)
    if (child !== undefined) visit(child)
  }
}

function everything(node: TopicNode, found: (n: TopicNode) => void): void {
  if (node.own !== null) found(node)
  for (const child of node.children?.values() ?? []) everything(child, found)
}

/** MQTT filter levels against topic levels past the first (the `$` rule is the first level's only). */
function levelsMatch(filter: readonly string[], levels: readonly string[]): boolean {
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] === '#') return true
    if (i >= levels.length) return false
    if (filter[i] !== '+' && filter[i] !== levels[i]) return false
  }
  return filter.length === levels.length
}
