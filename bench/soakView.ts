/**
 * The soak's view: a WebSocket client on the browser-mode bridge that behaves like a page painting
 * at ~60 fps. It sends `ready`, takes the `hello`, and answers each frame with an `ack` about one
 * frame time later (a timer standing in for requestAnimationFrame + paint), carrying `paintedAt`
 * in the shared wall clock. Like the page's ClockSync it pings in bursts of three every 10 s.
 */
import WebSocket, { type RawData } from 'ws'
import { BRIDGE_PATH } from '@shared/protocol'

export interface ViewCounters {
  hellos: number
  frames: number
  acked: number
  /** Ticker updates carried by all frames. */
  tickers: number
  /** Frames whose `seq` was not the previous one plus one. */
  seqBreaks: number
  statsMessages: number
  pongs: number
  otherMessages: number
  /** Text the view could not parse as JSON. */
  unparsable: number
  errors: string[]
  frameBytes: number
  maxFrameBytes: number
  closed: boolean
}

export interface SoakView {
  counters(): ViewCounters
  close(): Promise<void>
}

const PING_BURST = 3
const PING_SPACING_MS = 150
const PING_REPEAT_MS = 10_000
const MAX_ERRORS_KEPT = 10

const wallNow = (): number => performance.timeOrigin + performance.now()

/** Connects to `<httpUrl>bridge`, sends `ready` and resolves once the hello has arrived. */
export async function attachSoakView(httpUrl: string, ackDelayMs: number): Promise<SoakView> {
  const url = new URL(BRIDGE_PATH, httpUrl.replace(/^http/, 'ws')).toString()
  const socket = new WebSocket(url, { perMessageDeflate: false })
  const c: ViewCounters = {
    hellos: 0,
    frames: 0,
    acked: 0,
    tickers: 0,
    seqBreaks: 0,
    statsMessages: 0,
    pongs: 0,
    otherMessages: 0,
    unparsable: 0,
    errors: [],
    frameBytes: 0,
    maxFrameBytes: 0,
    closed: false
  }
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }
  const send = (message: object): boolean => {
    if (socket.readyState !== WebSocket.OPEN) return false
    socket.send(JSON.stringify(message))
    return true
  }
  let lastSeq = 0
  let helloSeen: () => void = () => undefined
  const hello = new Promise<void>((resolve) => (helloSeen = resolve))

  socket.on('message', (data: RawData) => {
    const text = data.toString()
    let message: { type?: unknown; seq?: unknown; tickers?: unknown[]; message?: unknown }
    try {
      message = JSON.parse(text) as typeof message
    } catch {
      c.unparsable += 1
      return
    }
    switch (message.type) {
      case 'hello':
        c.hellos += 1
        lastSeq = 0
        helloSeen()
        break
      case 'frame': {
        const seq = message.seq as number
        c.frames += 1
        c.tickers += message.tickers?.length ?? 0
        c.frameBytes += text.length
        c.maxFrameBytes = Math.max(c.maxFrameBytes, text.length)
        if (seq !== lastSeq + 1) c.seqBreaks += 1
        lastSeq = seq
        later(ackDelayMs, () => {
          if (send({ type: 'ack', seq, paintedAt: wallNow() })) c.acked += 1
        })
        break
      }
      case 'stats':
        c.statsMessages += 1
        break
      case 'pong':
        c.pongs += 1
        break
      case 'error':
        if (c.errors.length < MAX_ERRORS_KEPT) c.errors.push(String(message.message))
        break
      default:
        c.otherMessages += 1
    }
  })
  socket.on('error', (err) => {
    if (c.errors.length < MAX_ERRORS_KEPT) c.errors.push(`socket: ${err.message}`)
  })
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      c.closed = true
      resolve()
    })
  )

  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  send({ type: 'ready' })
  const pingBurst = (): void => {
    for (let i = 0; i < PING_BURST; i++)
      later(i * PING_SPACING_MS, () => send({ type: 'ping', t0: wallNow() }))
  }
  pingBurst()
  const pinger = setInterval(pingBurst, PING_REPEAT_MS)
  await Promise.race([
    hello,
    closed.then(() => Promise.reject(new Error(`bridge ${url} closed before its hello`)))
  ])

  return {
    counters: () => ({ ...c, errors: [...c.errors] }),
    async close() {
      clearInterval(pinger)
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      if (!c.closed) {
        socket.close(1000, 'soak done')
        const force = setTimeout(() => socket.terminate(), 2000)
        await closed
        clearTimeout(force)
      }
    }
  }
}
