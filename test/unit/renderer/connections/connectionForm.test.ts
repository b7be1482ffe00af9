import { describe, expect, it } from 'vitest'
import type { ConnectionEntry } from '@shared/connections/connectionModel'
import {
  defaultUrlFor,
  emptyForm,
  formFromEntry,
  payloadFromForm,
  samplePaths
} from '@renderer/connections/connectionForm'

describe('the connection form', () => {
  it('writes a broker in configuration-file form, one subscription per row', () => {
    const form = emptyForm('telemetry')
    Object.assign(form, {
      id: 'plant',
      url: 'mqtts://b:8883',
      username: 'u',
      password: 'p',
      keepaliveSec: '15',
      tlsCa: '/ca.pem',
      tlsVerify: false
    })
    form.subscriptions = [
      { topic: 'plant/#', qos: '1' },
      { topic: '  ', qos: '0' }
    ]
    expect(payloadFromForm(form)).toEqual({
      kind: 'telemetry',
      keep: [],
      config: {
        id: 'plant',
        url: 'mqtts://b:8883',
        protocolVersion: 5,
        username: 'u',
        password: 'p',
        clean: true,
        keepaliveSec: 15,
        subscriptions: [{ topic: 'plant/#', qos: 1 }],
        tls: { ca: '/ca.pem', rejectUnauthorized: false }
      }
    })
    // Publishing survives the form both ways: an edit never switches it off unasked.
    form.publish = true
    expect(payloadFromForm(form)).toMatchObject({ config: { publish: true } })
    const again = formFromEntry({
      id: 'plant',
      kind: 'telemetry',
      origin: 'user',
      managed: false,
      enabled: true,
      config: { id: 'plant', url: 'mqtt://b', publish: true, subscriptions: [{ topic: 'x', qos: 0 }] },
      secrets: {},
      problem: null
    })
    expect(again.publish).toBe(true)
    form.keepaliveSec = '1.5'
    expect(payloadFromForm(form)).toEqual({ field: 'keepaliveSec', error: 'must be a whole number' })
  })

  it('keeps a stored password or header the user left empty, and never shows its value', () => {
    const entry: ConnectionEntry = {
      id: 'desk',
      kind: 'market',
      origin: 'user',
      managed: false,
      enabled: true,
      config: {
        id: 'desk',
        adapter: 'json',
        url: 'wss://f',
        symbols: ['A', 'B'],
        mapping: { symbol: 's', price: 'p' },
        headerNames: ['Authorization']
      },
      secrets: { 'headers.Authorization': 'set' },
      problem: null
    }
    const form = formFromEntry(entry)
    expect(form.symbols).toBe('A\nB')
    expect(form.headers).toBe('Authorization:')
    const payload = payloadFromForm(form)
    expect(payload).toMatchObject({
      keep: ['headers.Authorization'],
      config: { symbols: ['A', 'B'], mapping: { symbol: 's', price: 'p' } }
    })
    expect(payload).not.toHaveProperty('config.headers')
    // A duplicate starts without secrets and with a new id.
    const copy = formFromEntry(entry, true)
    expect([copy.id, copy.headers, copy.storedSecrets]).toEqual(['desk-copy', '', []])
    form.headers = 'Authorization: Bearer x\nbroken'
    expect(payloadFromForm(form)).toEqual({ field: 'headers', error: '"broken" is not "Name: value"' })
  })

  it('defaults exchange URLs, and lists sample fields to pick a mapping from', () => {
    expect(defaultUrlFor('kraken', 'wss://stream.binance.com:9443/stream')).toBe('wss://ws.kraken.com/v2')
    expect(defaultUrlFor('binance', 'wss://in-house/ws')).toBe('wss://in-house/ws')
    expect(defaultUrlFor('json', 'wss://ws.kraken.com/v2')).toBe('')
    expect(samplePaths('{"data":{"s":"AAPL","p":189.5},"ts":[1,2]}')).toEqual([
      { path: 'data.s', value: '"AAPL"' },
      { path: 'data.p', value: '189.5' },
      { path: 'ts.0', value: '1' }
    ])
    expect(samplePaths('[{"s":"X"}]')).toEqual([{ path: 's', value: '"X"' }])
    expect(samplePaths('not json')).toEqual([])
  })

  it('writes a collector fan-out (tickwire) as a market feed with broker fields, and reads it back', () => {
    const form = emptyForm('market')
    form.adapter = 'tickwire'
    form.url = defaultUrlFor('tickwire', form.url)
    expect(form.url).toBe('mqtt://127.0.0.1:1883')
    Object.assign(form, {
      id: 'crypto-eu',
      url: 'mqtts://broker.site:8883',
      symbols: 'BTC/USD\n\nETH/USD',
      prefix: ' md/eu ',
      relaySource: 'kraken',
      relayQos: '1',
      username: 'desk-7',
      password: 'pw',
      keepaliveSec: '20',
      tlsCa: '/ca.pem',
      // Telemetry-only fields the relay form does not show are not written.
      clean: false,
      publish: true,
      willTopic: 'x'
    })
    const payload = payloadFromForm(form)
    expect(payload).toEqual({
      kind: 'market',
      keep: [],
      config: {
        id: 'crypto-eu',
        url: 'mqtts://broker.site:8883',
        adapter: 'tickwire',
        symbols: ['BTC/USD', 'ETH/USD'],
        prefix: 'md/eu',
        source: 'kraken',
        qos: 1,
        protocolVersion: 5,
        username: 'desk-7',
        password: 'pw',
        keepaliveSec: 20,
        tls: { ca: '/ca.pem' }
      }
    })
    if (!('config' in payload)) throw new Error('refused')
    const { password: _p, ...listed } = payload.config
    const entry = {
      id: 'crypto-eu',
      kind: 'market',
      config: listed,
      secrets: { password: 'set' }
    } as unknown as ConnectionEntry
    const back = formFromEntry(entry)
    expect(back).toMatchObject({
      adapter: 'tickwire',
      prefix: 'md/eu',
      relaySource: 'kraken',
      relayQos: '1',
      username: 'desk-7',
      keepaliveSec: '20',
      tlsCa: '/ca.pem',
      symbols: 'BTC/USD\nETH/USD',
      storedSecrets: ['password']
    })
    // Left empty, the stored password stays.
    const kept = payloadFromForm(back)
    expect('keep' in kept && kept.keep).toEqual(['password'])
    // A typed broker URL survives switching adapters; the default follows the adapter.
    expect(defaultUrlFor('binance', 'mqtt://127.0.0.1:1883')).toBe('wss://stream.binance.com:9443/stream')
    expect(defaultUrlFor('tickwire', 'mqtt://mine:1883')).toBe('mqtt://mine:1883')
  })
})
