import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TelemetryConfig } from '@shared/config'
import { mqttClientOptions, NEVER_EXPIRES_SEC } from '../../../src/main/engine/mqttClientOptions'
import { RedeliveryFilter, type DeliveredPublish } from '../../../src/main/engine/mqttRedelivery'

const dir = mkdtempSync(join(tmpdir(), 'tickwire-mqtt-options-'))
const caFile = join(dir, 'ca.pem')
writeFileSync(caFile, 'CA')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function config(overrides: Partial<TelemetryConfig> = {}): TelemetryConfig {
  return {
    id: 'plant',
    url: 'mqtt://127.0.0.1:1883',
    protocolVersion: 5,
    clean: true,
    keepaliveSec: 30,
    subscriptions: [{ topic: '#', qos: 0 }],
    sensors: [],
    staleAfterMs: 30_000,
    reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
    maxMessageBytes: 1024 * 1024,
    ...overrides
  }
}

describe('mqttClientOptions', () => {
  it('maps the basics and leaves reconnecting and resubscribing to the source', () => {
    const o = mqttClientOptions(
      config({ protocolVersion: 4, keepaliveSec: 12, username: 'u', password: 'p' }),
      'id-1'
    )
    expect(o).toMatchObject({
      protocolVersion: 4,
      clientId: 'id-1',
      clean: true,
      keepalive: 12,
      username: 'u',
      password: 'p',
      reconnectPeriod: 0,
      resubscribe: false
    })
    expect(o.properties).toBeUndefined()
    expect(o.will).toBeUndefined()
  })

  it('silences MQTT.js’s per-packet debug logging unless DEBUG asks for it', () => {
    const before = process.env.DEBUG
    try {
      delete process.env.DEBUG
      expect(typeof mqttClientOptions(config({}), 'c').log).toBe('function')
      process.env.DEBUG = 'mqttjs*'
      expect(mqttClientOptions(config({}), 'c').log).toBeUndefined()
    } finally {
      if (before === undefined) delete process.env.DEBUG
      else process.env.DEBUG = before
    }
  })

  it('MQTT 5: sessionExpirySec becomes sessionExpiryInterval; clean false alone never expires', () => {
    expect(mqttClientOptions(config({ sessionExpirySec: 600 }), 'c').properties).toEqual({
      maximumPacketSize: 1024 * 1024,
      sessionExpiryInterval: 600
    })
    expect(mqttClientOptions(config({ clean: false }), 'c').properties).toEqual({
      maximumPacketSize: 1024 * 1024,
      sessionExpiryInterval: NEVER_EXPIRES_SEC
    })
    expect(mqttClientOptions(config({ clean: false, sessionExpirySec: 0 }), 'c').properties).toEqual({
      maximumPacketSize: 1024 * 1024,
      sessionExpiryInterval: 0
    })
    expect(mqttClientOptions(config({ maxMessageBytes: 4096 }), 'c').properties).toEqual({
      maximumPacketSize: 4096
    })
    // MQTT 3.1.1 has no properties: clean false is the whole story.
    expect(mqttClientOptions(config({ protocolVersion: 4, clean: false }), 'c')).toMatchObject({
      clean: false
    })
    expect(mqttClientOptions(config({ protocolVersion: 4, clean: false }), 'c').properties).toBeUndefined()
  })

  it('passes the last will with its payload as bytes', () => {
    const o = mqttClientOptions(
      config({ will: { topic: 'status/tw', payload: 'offline ✗', qos: 1, retain: true } }),
      'c'
    )
    expect(o.will?.topic).toBe('status/tw')
    expect(Buffer.from(o.will?.payload as Buffer).toString('utf8')).toBe('offline ✗')
    expect(o.will).toMatchObject({ qos: 1, retain: true })
  })

  it('verifies certificates unless told not to, and gives wss:// the TLS options including servername', () => {
    expect(mqttClientOptions(config({ url: 'mqtts://h:8883' }), 'c').rejectUnauthorized).toBe(true)
    const wss = mqttClientOptions(
      config({
        url: 'wss://h/mqtt',
        tls: { ca: caFile, servername: 'broker.example', rejectUnauthorized: false }
      }),
      'c'
    )
    expect(wss.rejectUnauthorized).toBe(false)
    expect(wss.wsOptions).toMatchObject({ servername: 'broker.example', rejectUnauthorized: false })
    expect(String((wss.wsOptions as { ca: Buffer }).ca)).toBe('CA')
  })

  it('names the certificate file it cannot read', () => {
    expect(() =>
      mqttClientOptions(config({ tls: { ca: join(dir, 'missing.pem'), rejectUnauthorized: true } }), 'c')
    ).toThrow(/missing\.pem/)
  })
})

describe('RedeliveryFilter', () => {
  const publish = (
    messageId: number,
    payload: string,
    dup = false,
    qos: 0 | 1 | 2 = 1
  ): DeliveredPublish => ({
    topic: 't',
    payload: Buffer.from(payload),
    qos,
    dup,
    messageId
  })

  it('drops a DUP resend of the message last seen under that identifier', () => {
    const f = new RedeliveryFilter()
    expect(f.admit(publish(1, 'a'))).toBe(true)
    expect(f.admit(publish(1, 'a', true))).toBe(false)
    expect(f.dropped).toBe(1)
  })

  it('admits a DUP that differs (another payload or topic), a reused identifier without DUP, and QoS 0/2', () => {
    const f = new RedeliveryFilter()
    f.admit(publish(1, 'a'))
    expect(f.admit(publish(1, 'b', true))).toBe(true)
    expect(f.admit({ ...publish(1, 'b', true), topic: 'u' })).toBe(true)
    expect(f.admit(publish(1, 'b'))).toBe(true)
    expect(f.admit(publish(2, 'x', true))).toBe(true)
    expect(f.admit(publish(1, 'b', false, 0))).toBe(true)
    expect(f.admit(publish(3, 'y', true, 2))).toBe(true)
    expect(f.dropped).toBe(0)
  })

  it('forgets everything when the broker did not resume the session', () => {
    const f = new RedeliveryFilter()
    f.admit(publish(1, 'a'))
    f.sessionLost()
    expect(f.admit(publish(1, 'a', true))).toBe(true)
  })
})
