/**
 * Starts the real demo and talks to it with plain `ws` and `mqtt` clients, as Tickwire's own
 * sources will. (An integration test; it lives here because test/unit/demo is the demo's test folder.)
 */
import mqtt from 'mqtt'
import { acceptsTcp } from '../../harness/tcpProbe'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { configSchema } from '@shared/config'
import { PLANT_SENSORS } from '../../../src/main/demo/sensorCatalog'
import { startDemo, type RunningDemo } from '../../../src/main/demo/startDemo'

let demo: RunningDemo | null = null
afterEach(async () => {
  await demo?.stop()
  demo = null
})

function portOf(url: string): number {
  return Number(new URL(url).port)
}

function collectQuotes(url: string, command: unknown, count: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const received: Record<string, unknown>[] = []
    ws.on('open', () => ws.send(JSON.stringify(command)))
    ws.on('message', (data) => {
      received.push(JSON.parse(data.toString()) as Record<string, unknown>)
      if (received.length === count) {
        ws.close()
        resolve(received)
      }
    })
    ws.on('error', reject)
  })
}

describe('startDemo', () => {
  it('returns a valid config: json adapter with mapping and subscribe template, wildcard telemetry', async () => {
    demo = await startDemo()
    const { config } = demo
    expect(configSchema.parse(config)).toEqual(config)
    const [market] = config.market
    if (market.adapter !== 'json') throw new Error(`demo feed uses the ${market.adapter} adapter`)
    expect(new URL(market.url).hostname).toBe('127.0.0.1')
    expect(market.symbols.length).toBeGreaterThanOrEqual(20)
    expect(market.subscribe).toEqual({ op: 'subscribe', symbols: '{{symbols}}' })
    expect(market.mapping).toMatchObject({
      symbol: 's',
      price: 'p',
      bid: 'b',
      ask: 'a',
      volume: 'v',
      time: 'E'
    })
    const [telemetry] = config.telemetry
    expect(telemetry.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/)
    expect(telemetry.subscriptions.some((s) => /[+#]/.test(s.topic))).toBe(true)
    expect(telemetry.sensors.length).toBe(PLANT_SENSORS.length)
    for (const sensor of telemetry.sensors) {
      expect(sensor).toMatchObject({ valuePath: 'value', timePath: 'ts' })
      expect(sensor.label).toBeTruthy()
      expect(sensor.warn).toBeLessThan(sensor.alarm!)
      expect(sensor.staleAfterMs).toBeGreaterThan(0)
    }
  })

  it('streams only the subscribed symbols, in the documented shape, with per-symbol sequences', async () => {
    demo = await startDemo({ exchangeRatePerSec: 2_000 })
    const url = demo.config.market[0].url
    const quotes = await collectQuotes(url, { op: 'subscribe', symbols: ['AAPL', 'BTC-USD', 'NOPE'] }, 40)
    const lastSequence = new Map<string, number>()
    for (const q of quotes) {
      expect(Object.keys(q).sort()).toEqual(['E', 'a', 'b', 'p', 'q', 's', 't', 'v', 'z'])
      expect(['AAPL', 'BTC-USD']).toContain(q.s)
      expect(q.b as number).toBeGreaterThan(0)
      expect(q.a as number).toBeGreaterThan(q.b as number)
      expect(Math.abs((q.E as number) - Date.now())).toBeLessThan(60_000)
      const previous = lastSequence.get(q.s as string)
      if (previous !== undefined) expect(q.q).toBe(previous + 1)
      lastSequence.set(q.s as string, q.q as number)
    }
  })

  it('sends nothing before a valid subscribe command, then only what was asked for', async () => {
    demo = await startDemo({ exchangeRatePerSec: 2_000 })
    const ws = new WebSocket(demo.config.market[0].url)
    const received: string[] = []
    ws.on('message', (data) => received.push(String((JSON.parse(data.toString()) as { s: unknown }).s)))
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send('not json')
    ws.send(JSON.stringify({ op: 'subscribe', symbols: 'EURUSD' }))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(received).toEqual([])
    ws.send(JSON.stringify({ op: 'subscribe', symbols: ['EURUSD'] }))
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThan(0)
    expect(new Set(received)).toEqual(new Set(['EURUSD']))
    const closed = new Promise((resolve) => ws.once('close', resolve))
    ws.close()
    await closed
  })

  it('publishes every sensor as {"value","ts"} JSON through the embedded broker (MQTT 3.1.1)', async () => {
    demo = await startDemo()
    const telemetry = demo.config.telemetry[0]
    const client = await mqtt.connectAsync(telemetry.url, { protocolVersion: 4, reconnectPeriod: 0 })
    try {
      const seen = new Map<string, { value: number; ts: number }>()
      const everySensor = new Promise<void>((resolve) => {
        client.on('message', (topic, payload) => {
          seen.set(topic, JSON.parse(payload.toString()) as { value: number; ts: number })
          // Dropped-out sensors may be silent; all others must have spoken.
          if (PLANT_SENSORS.filter((s) => !s.dropoutsPerMin).every((s) => seen.has(s.topic))) resolve()
        })
      })
      await client.subscribeAsync(telemetry.subscriptions.map((s) => s.topic))
      await everySensor
      for (const [topic, message] of seen) {
        const spec = PLANT_SENSORS.find((s) => s.topic === topic)!
        expect(spec).toBeDefined()
        expect(Object.keys(message).sort()).toEqual(['ts', 'value'])
        expect(message.value).toBeGreaterThanOrEqual(spec.min)
        expect(message.value).toBeLessThanOrEqual(spec.max)
        expect(Math.abs(message.ts - Date.now())).toBeLessThan(60_000)
      }
    } finally {
      await client.endAsync()
    }
  })

  it('stop() closes both ports and every client connection', async () => {
    demo = await startDemo()
    const wsPort = portOf(demo.config.market[0].url)
    const mqttPort = portOf(demo.config.telemetry[0].url)
    expect(await acceptsTcp(wsPort)).toBe(true)
    expect(await acceptsTcp(mqttPort)).toBe(true)

    const ws = new WebSocket(demo.config.market[0].url)
    await new Promise((resolve) => ws.once('open', resolve))
    const wsClosed = new Promise((resolve) => ws.once('close', resolve))
    const client = await mqtt.connectAsync(demo.config.telemetry[0].url, {
      protocolVersion: 4,
      reconnectPeriod: 0
    })
    const mqttClosed = new Promise((resolve) => client.stream.once('close', resolve))

    await demo.stop()
    demo = null
    await wsClosed
    await mqttClosed
    expect(await acceptsTcp(wsPort)).toBe(false)
    expect(await acceptsTcp(mqttPort)).toBe(false)
    await client.endAsync(true)
  })
})
