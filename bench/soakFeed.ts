/**
 * The soak's market feed: a `ws` server in a worker thread (its own event loop, so it does not
 * compete with the view for timers) that sends JSON ticks at a fixed rate, paced by a timer, in
 * the demo exchange's protocol (src/main/demo/exchangeProtocol.ts, whose mapping reads them).
 *
 * Every `tickMs` a `setInterval` works out how many messages are due since the start
 * (`rate × elapsed`) and sends them, one WebSocket message per tick record. A late timer is
 * caught up, but never by more than `maxPerTick` in one turn: a starved machine shows up as a lower
 * achieved rate (`notSentLate`), not as a burst. No busy loop anywhere.
 *
 * Each message carries a per-symbol sequence number (`q`), so the engine's gap counter proves that
 * nothing sent was lost, and its send time (`E`), so feed latency is measured too.
 *
 * A connection whose subscribe carries `"batch":true` gets each turn's messages as one JSON array
 * instead (the display benchmark's floor page: a browser cannot take 100k WebSocket messages a
 * second, and the floor should measure the paint, not the socket).
 */
import { Worker } from 'node:worker_threads'

export interface PacedFeedOptions {
  ratePerSec: number
  symbols: readonly string[]
  tickMs: number
}

export interface FeedCounts {
  /** Messages written to subscribed sockets. */
  sent: number
  /** Messages due while the socket had over 16 MiB unsent (the engine not reading): not sent. */
  skippedBackpressure: number
  /** Messages dropped from the schedule because a timer fired too late to catch up in one turn. */
  notSentLate: number
  /** Connections that subscribed (more than one means the engine reconnected). */
  subscriptions: number
  /** Longest gap between two timer turns, ms: how starved the feed's thread was. */
  maxTickGapMs: number
  /** Milliseconds since `go`. */
  elapsedMs: number
}

export interface PacedFeed {
  url: string
  /** Starts sending to every connection that has sent its subscribe. */
  go(): Promise<void>
  counts(): Promise<FeedCounts>
  /** Stops sending (connections stay open) and returns the final counts. */
  stop(): Promise<FeedCounts>
  close(): Promise<void>
}

const FEED_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { WebSocketServer } = require('ws')
const { ratePerSec, symbols, tickMs } = workerData
const MAX_BUFFERED = 16 * 1024 * 1024
const maxPerTick = Math.max(1, Math.ceil((ratePerSec * tickMs * 5) / 1000))
const seq = symbols.map(() => 0)
const price = symbols.map((_, i) => 20 + (i % 250) * 2)
const subscribed = new Set()
/** Sockets that asked for each turn's messages as one JSON array (\`"batch":true\` in the subscribe). */
const batched = new Set()
const c = { sent: 0, skippedBackpressure: 0, notSentLate: 0, subscriptions: 0, maxTickGapMs: 0 }
let startAt = 0
let scheduled = 0
let lastTick = 0
let timer = null

function message(k) {
  price[k] = Math.max(1, price[k] * (1 + (Math.random() - 0.5) * 0.002))
  const p = Math.round(price[k] * 100) / 100
  seq[k] += 1
  return JSON.stringify({
    s: symbols[k],
    p,
    b: Math.round((p - 0.01) * 100) / 100,
    a: Math.round((p + 0.01) * 100) / 100,
    v: 100 + seq[k],
    q: seq[k],
    E: Date.now()
  })
}

function tick() {
  const now = performance.now()
  if (lastTick !== 0) c.maxTickGapMs = Math.max(c.maxTickGapMs, now - lastTick)
  lastTick = now
  const due = Math.floor(((now - startAt) * ratePerSec) / 1000)
  let n = due - scheduled
  scheduled = due
  if (n > maxPerTick) {
    c.notSentLate += n - maxPerTick
    n = maxPerTick
  }
  const batch = batched.size > 0 ? [] : null
  for (let i = 0; i < n; i++) {
    const k = Math.floor(Math.random() * symbols.length)
    if (batch !== null) batch.push(k)
    for (const socket of subscribed) {
      if (socket.readyState !== 1) continue
      if (socket.bufferedAmount > MAX_BUFFERED) {
        c.skippedBackpressure += 1
        continue
      }
      socket.send(message(k))
      c.sent += 1
    }
  }
  if (batch === null || batch.length === 0) return
  const text = '[' + batch.map((k) => message(k)).join(',') + ']'
  for (const socket of batched) {
    if (socket.readyState !== 1) continue
    if (socket.bufferedAmount > MAX_BUFFERED) {
      c.skippedBackpressure += batch.length
      continue
    }
    socket.send(text)
    c.sent += batch.length
  }
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
server.on('listening', () => parentPort.postMessage({ type: 'listening', port: server.address().port }))
server.on('connection', (socket) => {
  socket.on('error', () => undefined)
  socket.on('close', () => {
    subscribed.delete(socket)
    batched.delete(socket)
  })
  socket.once('message', (data) => {
    c.subscriptions += 1
    if (String(data).includes('"batch":true')) batched.add(socket)
    else subscribed.add(socket)
  })
})

const counts = () => ({ ...c, elapsedMs: startAt === 0 ? 0 : performance.now() - startAt })
parentPort.on('message', (m) => {
  if (m === 'go') {
    startAt = performance.now()
    timer = setInterval(tick, tickMs)
    parentPort.postMessage({ type: 'go' })
  } else if (m === 'counts') {
    parentPort.postMessage({ type: 'counts', counts: counts() })
  } else if (m === 'stop') {
    if (timer !== null) clearInterval(timer)
    timer = null
    parentPort.postMessage({ type: 'stop', counts: counts() })
  } else if (m === 'close') {
    if (timer !== null) clearInterval(timer)
    for (const socket of server.clients) socket.terminate()
    server.close(() => process.exit(0))
  }
})
`

type Reply =
  | { type: 'listening'; port: number }
  | { type: 'go' }
  | { type: 'counts'; counts: FeedCounts }
  | { type: 'stop'; counts: FeedCounts }

export async function startPacedFeed(options: PacedFeedOptions): Promise<PacedFeed> {
  const worker = new Worker(FEED_SOURCE, {
    eval: true,
    workerData: { ratePerSec: options.ratePerSec, symbols: [...options.symbols], tickMs: options.tickMs }
  })
  let exited = false
  const exit = new Promise<void>((done) =>
    worker.once('exit', () => {
      exited = true
      done()
    })
  )
  const next = <T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: Reply): void => {
        if (m.type !== type) return
        worker.off('message', onMessage)
        worker.off('error', reject)
        resolve(m as Extract<Reply, { type: T }>)
      }
      worker.on('message', onMessage)
      worker.once('error', reject)
    })
  // One request at a time, so each reply is matched to its own request.
  let queue: Promise<unknown> = Promise.resolve()
  const request = <T extends 'go' | 'counts' | 'stop'>(type: T): Promise<Extract<Reply, { type: T }>> => {
    const reply = queue.then(() => {
      const answer = next(type)
      worker.postMessage(type)
      return answer
    })
    queue = reply.catch(() => undefined)
    return reply
  }

  const { port } = await next('listening')
  return {
    url: `ws://127.0.0.1:${port}/`,
    go: async () => void (await request('go')),
    counts: async () => (await request('counts')).counts,
    stop: async () => (await request('stop')).counts,
    close: async () => {
      if (exited) return
      worker.postMessage('close')
      // The worker exits itself once its server is closed; never wait forever for it.
      const timeout = setTimeout(() => void worker.terminate(), 3000)
      await exit
      clearTimeout(timeout)
    }
  }
}
