/**
 * The soak's optional telemetry load (`SOAK_MQTT_RATE` > 0): an aedes MQTT broker in a worker
 * thread that publishes plain-number readings for `sensors` topics (`soak/<sensor>/value`) at a
 * fixed rate, paced like the market feed (a 10 ms `setInterval` sends what is due, never a busy
 * loop). The engine subscribes to `soak/#`; every topic becomes a sensor.
 */
import { Worker } from 'node:worker_threads'

export interface PacedBroker {
  /** `mqtt://127.0.0.1:PORT` */
  url: string
  go(): Promise<void>
  /** Stops publishing and returns how many readings were published. */
  stop(): Promise<{ published: number; notSentLate: number; elapsedMs: number }>
  close(): Promise<void>
}

const BROKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createServer } = require('node:net')
const { Aedes } = require('aedes')
const { ratePerSec, sensors, tickMs, layout } = workerData
const maxPerTick = Math.max(1, Math.ceil((ratePerSec * tickMs * 5) / 1000))
const plant = layout === 'plant'
const topics = Array.from({ length: sensors }, (_, i) =>
  plant
    ? 'plant/area' + Math.floor(i / 10000) + '/line' + (Math.floor(i / 100) % 100) + '/m' + (i % 100) + '/status'
    : 'soak/t' + String(i).padStart(3, '0') + '/value'
)
const values = topics.map((_, i) => 20 + (i % 60))
const STATES = ['RUN', 'IDLE', 'FAULT']
const c = { published: 0, notSentLate: 0 }
let startAt = 0
let scheduled = 0
let timer = null
const sockets = new Set()

function tick(broker) {
  const due = Math.floor(((performance.now() - startAt) * ratePerSec) / 1000)
  let n = due - scheduled
  scheduled = due
  if (n > maxPerTick) {
    c.notSentLate += n - maxPerTick
    n = maxPerTick
  }
  for (let i = 0; i < n; i++) {
    // The plant goes round its topics in order (all of them seen within topics / rate seconds).
    const k = plant ? c.published % topics.length : Math.floor(Math.random() * topics.length)
    values[k] += (Math.random() - 0.5) * 0.2
    const payload = Buffer.from(
      plant ? JSON.stringify({ state: STATES[c.published % 3], machine: 'm' + k }) : values[k].toFixed(2)
    )
    broker.publish({ cmd: 'publish', topic: topics[k], payload, qos: 0, retain: false, dup: false }, () => undefined)
    c.published += 1
  }
}

Aedes.createBroker().then((broker) => {
  broker.on('clientError', () => undefined)
  broker.on('connectionError', () => undefined)
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    broker.handle(socket)
  })
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }))
  const counts = () => ({ ...c, elapsedMs: startAt === 0 ? 0 : performance.now() - startAt })
  parentPort.on('message', (m) => {
    if (m === 'go') {
      startAt = performance.now()
      timer = setInterval(() => tick(broker), tickMs)
      parentPort.postMessage({ type: 'go' })
    } else if (m === 'stop') {
      if (timer !== null) clearInterval(timer)
      timer = null
      parentPort.postMessage({ type: 'stop', counts: counts() })
    } else if (m === 'close') {
      if (timer !== null) clearInterval(timer)
      server.close()
      broker.close(() => {
        for (const socket of sockets) socket.destroy()
        process.exit(0)
      })
    }
  })
})
`

/**
 * `layout` `plant`: `sensors` topics `plant/area<a>/line<l>/m<m>/status` carrying text states in
 * JSON (`{"state":"RUN","machine":"m7"}`: topics for the explorer, no gauges), published in turn.
 */
export async function startPacedBroker(options: {
  ratePerSec: number
  sensors: number
  tickMs: number
  layout?: 'soak' | 'plant'
}): Promise<PacedBroker> {
  const worker = new Worker(BROKER_SOURCE, { eval: true, workerData: options })
  let exited = false
  const exit = new Promise<void>((done) =>
    worker.once('exit', () => {
      exited = true
      done()
    })
  )
  const next = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { type: string } & T): void => {
        if (m.type !== type) return
        worker.off('message', onMessage)
        worker.off('error', reject)
        resolve(m)
      }
      worker.on('message', onMessage)
      worker.once('error', reject)
    })
  const { port } = await next<{ port: number }>('listening')
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async go() {
      const reply = next('go')
      worker.postMessage('go')
      await reply
    },
    async stop() {
      const reply = next<{ counts: { published: number; notSentLate: number; elapsedMs: number } }>('stop')
      worker.postMessage('stop')
      return (await reply).counts
    },
    async close() {
      if (exited) return
      worker.postMessage('close')
      const timeout = setTimeout(() => void worker.terminate(), 3000)
      await exit
      clearTimeout(timeout)
    }
  }
}
