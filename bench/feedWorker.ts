/**
 * A market-data firehose in its own thread, so the sender does not compete with the receiver for
 * the event loop. Each connection gets `count` JSON messages as fast as the socket drains, after
 * the client's first message (its subscribe).
 */
export const FEED_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { WebSocketServer } = require('ws')
const { count, symbols } = workerData
const messages = []
let price = symbols.map((_, i) => 100 + i)
for (let i = 0; i < 4096; i++) {
  const k = i % symbols.length
  price[k] = Math.max(1, price[k] * (1 + (Math.random() - 0.5) * 0.001))
  const p = Math.round(price[k] * 100) / 100
  messages.push(JSON.stringify({ s: symbols[k], p, b: p - 0.01, a: p + 0.01, v: 1000 + i, E: 0 }))
}
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
server.on('listening', () => parentPort.postMessage({ port: server.address().port }))
server.on('connection', (socket) => {
  socket.once('message', () => {
    let sent = 0
    const pump = () => {
      while (sent < count) {
        if (socket.readyState !== 1) return
        if (socket.bufferedAmount > 8 * 1024 * 1024) return setTimeout(pump, 1)
        // Event time stamped at send, so the engine's feed latency is measured too.
        const base = messages[sent & 4095]
        socket.send(base.slice(0, -2) + Date.now() + '}')
        sent++
      }
    }
    pump()
  })
})
parentPort.on('message', (m) => { if (m === 'close') { for (const c of server.clients) c.terminate(); server.close(() => process.exit(0)) } })
`
