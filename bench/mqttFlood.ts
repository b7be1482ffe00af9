/**
 * A paced MQTT publisher in a worker thread: `rate` messages a second, QoS 0, round `topics`,
 * each payload `{"t":…,"h":…,"ts":<ms>}` (two numeric leaves) or `{"value":…,"ts":<ms>}` (one).
 * What is due is sent every 10 ms, never in a busy loop, so it does not starve what it measures.
 */
import { Worker } from 'node:worker_threads'

export type FloodPayload = 'two-leaves' | 'value'

export interface MqttFlood {
  stop(): Promise<void>
}

const PUBLISHER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const mqtt = require('mqtt')
const { url, rate, topics, payload } = workerData
const client = mqtt.connect(url, { protocolVersion: 5, clientId: 'bench-publisher-' + process.pid, reconnectPeriod: 0 })
let timer = null
let sent = 0
client.on('connect', () => {
  const start = performance.now()
  timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * rate) / 1000)
    // A starved tick does not burst more than 50 ms of messages: the schedule slips instead.
    const n = Math.min(due - sent, Math.ceil(rate / 20))
    const now = Date.now()
    for (let i = 0; i < n; i++) {
      const k = sent % topics.length
      const body =
        payload === 'value'
          ? '{"value":' + (50 + (k % 40) + Math.random() * 5).toFixed(2) + ',"ts":' + now + '}'
          : '{"t":' + (20 + (k % 7) + Math.random()).toFixed(2) + ',"h":' + (40 + (k % 5)).toFixed(1) + ',"ts":' + now + '}'
      client.publish(topics[k], body, { qos: 0 })
      sent++
    }
    if (n < due - sent) sent = due
  }, 10)
  parentPort.postMessage('publishing')
})
parentPort.on('message', () => {
  if (timer !== null) clearInterval(timer)
  client.end(true, () => process.exit(0))
})
`

/** Starts publishing to `url` and resolves once the publisher is connected. */
export async function startMqttFlood(options: {
  url: string
  rate: number
  topics: readonly string[]
  payload: FloodPayload
}): Promise<MqttFlood> {
  const worker = new Worker(PUBLISHER_SOURCE, {
    eval: true,
    workerData: {
      url: options.url,
      rate: options.rate,
      topics: [...options.topics],
      payload: options.payload
    }
  })
  await new Promise<void>((done, fail) => {
    worker.once('message', () => done())
    worker.once('error', fail)
  })
  return {
    stop: async () => {
      worker.postMessage('stop')
      await new Promise((done) => worker.once('exit', done))
    }
  }
}
