/**
 * A paced MQTT publisher in a worker thread: `rate` messages a second, QoS 0, round `topics`,
 * each payload `{"t":…,"h":…,"ts":<ms>}` (two numeric leaves), `{"value":…,"ts":<ms>}` (one), or
 * a collector's republished ticker state (`republished`: the topic's last level is the symbol).
 * What is due is sent every 10 ms, never in a busy loop, so it does not starve what it measures.
 */
import { Worker } from 'node:worker_threads'

export type FloodPayload = 'two-leaves' | 'value' | 'republished'

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
function republished(topic, n, now) {
  const sym = topic.slice(topic.lastIndexOf('/') + 1)
  const last = 100 + (n % 977) / 100
  return '{"v":1,"sym":"' + sym + '","last":' + last + ',"bid":' + (last - 0.01).toFixed(2) + ',"ask":' +
    (last + 0.01).toFixed(2) + ',"vol":' + n + ',"chg":' + ((n % 200) / 100 - 1) + ',"open":null,"seq":' + n +
    ',"et":' + (now - 1) + ',"rt":' + now + '}'
}
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
          : payload === 'republished'
            ? republished(topics[k], sent, now)
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
