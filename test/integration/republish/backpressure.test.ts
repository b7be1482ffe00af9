/**
 * The republisher alone against a real Mosquitto, when the connection pushes back: a burst far
 * faster than the socket drains (unsent bytes over the bound, or QoS 1 publishes awaiting their
 * PUBACK over the bound) is conflated to each symbol's latest value, flushed every `intervalMs`;
 * every tick is accounted for (published + conflated + waiting), and what reaches a subscriber
 * is each symbol's last value, exactly.
 */
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tick, TickerQuote } from '@shared/model'
import { decodeRepublished, parseRepublishTopic, type RepublishedTick } from '@shared/republish'
import { republishSchema } from '@shared/republishConfig'
import { TickRepublisher } from '../../../src/main/engine/republish/tickRepublisher'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
let broker: Mosquitto
let subscriber: MqttClient
const latest = new Map<string, RepublishedTick>()
let received = 0
const faults: unknown[] = []

beforeAll(async () => {
  if (unavailable !== null) return
  broker = await Mosquitto.start()
  subscriber = mqtt.connect(broker.url, { log: () => {} })
  subscriber.on('message', (topic, payload) => {
    received++
    const where = parseRepublishTopic('bp', topic)
    const value = decodeRepublished(payload)
    if (!('error' in where) && !('error' in value)) latest.set(`${where.source}/${where.symbol}`, value)
  })
  await new Promise<void>((resolve, reject) =>
    subscriber.once('connect', () =>
      subscriber.subscribe('bp/#', { qos: 1 }, (err) => (err ? reject(err) : resolve()))
    )
  )
})

afterAll(async () => {
  subscriber?.end(true)
  await broker?.stop()
})

function quoteOf(source: string, symbol: string, i: number): { tick: Tick; quote: TickerQuote } {
  const receivedAt = 1_700_000_000_000 + i
  const tick: Tick = {
    source,
    symbol,
    last: i / 3,
    bid: i / 3 - 0.5,
    sequence: i,
    time: receivedAt - 2,
    receivedAt
  }
  const quote: TickerQuote = {
    key: `${source}/${symbol}`,
    source,
    symbol,
    last: i / 3,
    bid: i / 3 - 0.5,
    ask: null,
    volume: i * 2,
    changePct: i / 1_000,
    time: receivedAt - 2,
    receivedAt,
    stale: false
  }
  return { tick, quote }
}

async function burst(
  source: string,
  qos: 0 | 1,
  options: { maxBufferedBytes?: number; maxInflight?: number }
) {
  const settings = republishSchema.parse({ url: broker.url, prefix: 'bp', qos, intervalMs: 20 })
  const republisher = new TickRepublisher(settings, (_c, err) => faults.push(err), options)
  republisher.start()
  await waitFor(() => republisher.stats().state === 'open', 'connected')
  const SYMBOLS = 20
  const TICKS = 20_000
  for (let i = 0; i < TICKS; i++) {
    const { tick, quote } = quoteOf(source, `S${i % SYMBOLS}`, i)
    republisher.observe(tick, quote)
  }
  const during = republisher.stats()
  expect(during.waiting).toBeLessThanOrEqual(SYMBOLS)
  expect(during.conflated).toBeGreaterThan(TICKS / 2)
  expect(during.published + during.conflated + during.waiting).toBe(TICKS)
  await waitFor(() => republisher.stats().waiting === 0, 'the waiting values flushed', 10_000)
  await waitFor(
    () => {
      for (let s = 0; s < SYMBOLS; s++) {
        const last = TICKS - SYMBOLS + s
        const got = latest.get(`${source}/S${s}`)
        if (got === undefined || got.sequence !== last) return false
      }
      return true
    },
    "each symbol's last value at the subscriber",
    10_000
  )
  for (let s = 0; s < SYMBOLS; s++) {
    const i = TICKS - SYMBOLS + s
    const { quote } = quoteOf(source, `S${i % SYMBOLS}`, i)
    expect(latest.get(quote.key)).toStrictEqual({
      symbol: quote.symbol,
      last: quote.last,
      bid: quote.bid,
      ask: null,
      volume: quote.volume,
      changePct: quote.changePct,
      open: null,
      sequence: i,
      time: quote.time,
      receivedAt: quote.receivedAt
    })
  }
  const after = republisher.stats()
  expect(after).toMatchObject({ dropped: 0, lastError: null, waiting: 0 })
  expect(after.published + after.conflated).toBe(TICKS)
  await republisher.stop()
  expect(republisher.stats().state).toBe('closed')
  return after
}

describe.skipIf(unavailable !== null)('republish under backpressure', () => {
  it('QoS 0: unsent bytes over the bound conflate per symbol', async () => {
    const stats = await burst('q0', 0, { maxBufferedBytes: 4 * 1024 })
    expect(stats.published).toBeLessThan(20_000)
    expect(faults).toEqual([])
  })

  it('QoS 1: publishes awaiting their PUBACK over the bound conflate per symbol', async () => {
    const stats = await burst('q1', 1, { maxInflight: 10, maxBufferedBytes: 1024 * 1024 })
    expect(stats.published).toBeLessThan(20_000)
    expect(received).toBeGreaterThan(0)
    expect(faults).toEqual([])
  })
})
